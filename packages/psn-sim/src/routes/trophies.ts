/**
 * The trophy API (`m.np.playstation.com/api/trophy/v1`): title list, definitions (groups and
 * trophies), a user's earned groups and trophies, summary, and the by-title-id lookup.
 * @module
 */
import type { RouteContext, Simulator } from '../simulator.ts';
import type { Account } from '../world/accounts.ts';
import type { Library } from '../world/world.ts';
import type { TitleDef } from '../world/title.ts';
import { type Page, pageFields, parsePage } from './pagination.ts';
import { earnedTrophy, groupsDefinition, rarestById, rarestEarned, titleByIdEntry, titleEntryJson, trophyDefinition } from './trophy-views.ts';
import { isoSeconds } from '../world/title-text.ts';

const BASE = '/api/trophy/v1';
const MAX_BY_TITLE_ID = 5;

export function registerTrophyRoutes(sim: Simulator): void {
  const { world, errors } = sim;
  const pageCache = new WeakMap<Library, Map<string, string>>();

  const page = (ctx: RouteContext, defaultLimit: number, maxLimit: number): Page =>
    parsePage(ctx.query('limit'), ctx.query('offset'), { defaultLimit, maxLimit }, (what) => errors.badRequest(`query: ${what}`));

  /** A title by id, answered only through the npServiceName it belongs to (404 otherwise, as Sony does). */
  const titleFor = (ctx: RouteContext): TitleDef => {
    const title = world.catalog.byId(ctx.param('npCommunicationId'));
    const service = ctx.query('npServiceName') ?? 'trophy2';
    if (!title || title.service !== service) throw errors.notFound();
    return title;
  };

  /** The account's state in a title, refused when private (403) or never played / hidden from others (404). */
  const stateFor = (ctx: RouteContext, owner: Account, title: TitleDef) => {
    sim.assertTrophiesVisible(owner, ctx.caller);
    const state = world.titleState(owner.index, title.npCommunicationId);
    if (!state || (state.hidden && owner.index !== ctx.caller.index)) throw errors.notFound();
    return state;
  };

  const positionsOf = (title: TitleDef, groupId: string): number[] => {
    if (groupId !== 'all' && !title.groups.some((g) => g.id === groupId)) throw errors.notFound();
    const out: number[] = [];
    title.trophies.forEach((t, i) => {
      if (groupId === 'all' || t.groupId === groupId) out.push(i);
    });
    return out.sort((a, b) => (title.trophies[a]?.id ?? 0) - (title.trophies[b]?.id ?? 0));
  };

  sim.route('GET', `${BASE}/users/:accountId/trophyTitles`, 'trophy.titles', 'bearer', (ctx) => {
    const owner = sim.target(ctx.param('accountId'), ctx.caller);
    sim.assertTrophiesVisible(owner, ctx.caller);
    const p = page(ctx, 100, 800);
    const library = world.library(owner.index);
    const own = owner.index === ctx.caller.index;
    // A page only changes with its library, and every change replaces the library object: cache pages per library.
    let pages = pageCache.get(library);
    if (!pages) {
      pages = new Map();
      pageCache.set(library, pages);
    }
    const key = `${own ? 'own' : 'other'}:${p.offset}:${p.limit}:${ctx.language}`;
    const cached = pages.get(key);
    if (cached !== undefined) return { body: undefined, json: cached };
    let items = library.items;
    if (!own) items = items.filter((item) => !world.stateOf(owner.index, item).hidden);
    // Assembled from cached entry texts: the same bytes as JSON.stringify({ trophyTitles, ...pageFields }).
    const entries = items.slice(p.offset, p.offset + p.limit).map((item) => titleEntryJson(world.stateOf(owner.index, item), ctx.language));
    const fields = JSON.stringify(pageFields(p, items.length));
    const json = `{"trophyTitles":[${entries.join(',')}],${fields.slice(1)}`;
    if (pages.size < 64) pages.set(key, json);
    return { body: undefined, json };
  });

  sim.route('GET', `${BASE}/npCommunicationIds/:npCommunicationId/trophyGroups`, 'trophy.titleGroups', 'bearer', (ctx) => ({
    body: groupsDefinition(titleFor(ctx), ctx.language),
  }));

  sim.route('GET', `${BASE}/npCommunicationIds/:npCommunicationId/trophyGroups/:groupId/trophies`, 'trophy.titleTrophies', 'bearer', (ctx) => {
    const title = titleFor(ctx);
    const positions = positionsOf(title, ctx.param('groupId'));
    const p = page(ctx, Math.max(1, positions.length), Number.MAX_SAFE_INTEGER);
    return {
      body: {
        trophySetVersion: title.version,
        hasTrophyGroups: title.groups.length > 1,
        trophies: positions.slice(p.offset, p.offset + p.limit).map((i) => trophyDefinition(title, title.trophies[i] as never, ctx.language)),
        ...pageFields(p, positions.length),
      },
    };
  });

  sim.route('GET', `${BASE}/users/:accountId/npCommunicationIds/:npCommunicationId/trophyGroups`, 'trophy.userGroups', 'bearer', (ctx) => {
    const owner = sim.target(ctx.param('accountId'), ctx.caller);
    const title = titleFor(ctx);
    const state = stateFor(ctx, owner, title);
    return {
      body: {
        trophySetVersion: title.version,
        hiddenFlag: state.hidden,
        progress: state.progress,
        earnedTrophies: { ...state.earnedCounts },
        trophyGroups: title.groups.map((g) => {
          const gs = state.groups.get(g.id);
          const earnedAny = gs !== undefined && gs.earned.bronze + gs.earned.silver + gs.earned.gold + gs.earned.platinum > 0;
          return {
            trophyGroupId: g.id,
            progress: gs?.progress ?? 0,
            earnedTrophies: { ...gs?.earned },
            // As recorded (psnawp, Fallout 76): a group without an earned trophy has no lastUpdatedDateTime.
            ...(earnedAny ? { lastUpdatedDateTime: isoSeconds(gs?.lastUpdatedMs ?? state.lastUpdatedMs) } : {}),
          };
        }),
        lastUpdatedDateTime: isoSeconds(state.lastUpdatedMs),
      },
    };
  });

  sim.route('GET', `${BASE}/users/:accountId/npCommunicationIds/:npCommunicationId/trophyGroups/:groupId/trophies`, 'trophy.userTrophies', 'bearer', (ctx) => {
    const owner = sim.target(ctx.param('accountId'), ctx.caller);
    const title = titleFor(ctx);
    const state = stateFor(ctx, owner, title);
    const positions = positionsOf(title, ctx.param('groupId'));
    const p = page(ctx, Math.max(1, positions.length), Number.MAX_SAFE_INTEGER);
    const rarest = rarestEarned(state, positions);
    return {
      body: {
        trophySetVersion: title.version,
        hasTrophyGroups: title.groups.length > 1,
        lastUpdatedDateTime: isoSeconds(state.lastUpdatedMs),
        trophies: positions.slice(p.offset, p.offset + p.limit).map((i) => earnedTrophy(state, i)),
        ...(rarest >= 0 ? { rarestTrophies: [earnedTrophy(state, rarest)] } : {}),
        ...pageFields(p, positions.length),
      },
    };
  });

  sim.route('GET', `${BASE}/users/:accountId/trophySummary`, 'trophy.summary', 'bearer', (ctx) => {
    const owner = sim.target(ctx.param('accountId'), ctx.caller);
    sim.assertTrophiesVisible(owner, ctx.caller);
    const s = world.summary(owner.index);
    return {
      body: {
        accountId: owner.accountId,
        trophyLevel: s.trophyLevel,
        trophyPoint: s.points,
        trophyLevelBasePoint: s.trophyLevelBasePoint,
        trophyLevelNextPoint: s.trophyLevelNextPoint,
        progress: s.progress,
        tier: s.tier,
        earnedTrophies: { ...s.earned },
      },
    };
  });

  sim.route('GET', `${BASE}/users/:accountId/titles/trophyTitles`, 'trophy.byTitleId', 'bearer', (ctx) => {
    const owner = sim.target(ctx.param('accountId'), ctx.caller);
    sim.assertTrophiesVisible(owner, ctx.caller);
    const ids = (ctx.query('npTitleIds') ?? '').split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > MAX_BY_TITLE_ID) throw errors.badRequest('query: npTitleIds');
    const includeNotEarned = ctx.query('includeNotEarnedTrophyIds') === 'true';
    const titles = ids.map((npTitleId) => {
      // One set for most products, two for a compilation, none for a product without trophies.
      const sets = world.catalog.setsOfProduct(npTitleId);
      if (!sets) throw errors.notFound(`Resource not found (npTitleId='${npTitleId}')`);
      const trophyTitles = [];
      for (const title of sets) {
        const state = world.titleState(owner.index, title.npCommunicationId);
        // Only the sets the account played; a hidden title only to its owner.
        if (!state || (state.hidden && owner.index !== ctx.caller.index)) continue;
        const all = title.trophies.map((_, i) => i);
        const rarest = rarestEarned(state, all);
        // The recorded field order: rarestTrophies between the title's fields and its counts.
        const entry: Record<string, unknown> = { ...titleByIdEntry(state, ctx.language) };
        if (rarest >= 0) entry.rarestTrophies = [rarestById(state, rarest, ctx.language)];
        if (includeNotEarned) entry.notEarnedTrophyIds = all.filter((i) => !state.earned[i]).map((i) => title.trophies[i]?.id);
        entry.progress = state.progress;
        entry.earnedTrophies = { ...state.earnedCounts };
        entry.definedTrophies = { ...state.defined };
        entry.lastUpdatedDateTime = isoSeconds(state.lastUpdatedMs);
        trophyTitles.push(entry);
      }
      return { npTitleId, trophyTitles };
    });
    return { body: { titles } };
  });
}
