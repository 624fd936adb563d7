/**
 * The legacy regional trophy host of seed 002 (`{gb,us,de,jp}-tpy.np.community.playstation.net/
 * trophy/v1`): PS3/PS4/Vita only, `npLanguage` instead of `Accept-Language`, per-user `fromUser`
 * and `comparedUser` objects, the field spelled `trophyTitlePlatfrom`, secret trophies masked
 * unless `visibleType=1`, and extra fields on request (`fields=@default,trophyEarnedRate`).
 * @module
 */
import type { RouteContext, Simulator } from '../simulator.ts';
import type { Account } from '../world/accounts.ts';
import type { TitleDef } from '../world/title.ts';
import type { TitleState } from '../world/title-state.ts';
import {
  formatRate,
  groupDetail,
  groupIconUrl,
  groupName,
  isoSeconds,
  titleDetail,
  titleIconUrl,
  trophyDetail,
  trophyIconUrl,
  trophyName,
} from '../world/title-text.ts';
import { rarityOf } from '../world/trophy-math.ts';
import { definedCounts } from './trophy-views.ts';

const BASE = '/trophy/v1';
const MAX_LIMIT = 128;

function userSummary(account: Account, state: TitleState, groupId: string | undefined, withHidden: boolean) {
  const group = groupId ? state.groups.get(groupId) : undefined;
  const earned = group ? group.earned : state.earnedCounts;
  return {
    onlineId: account.onlineId,
    progress: group ? group.progress : state.progress,
    earnedTrophies: { ...earned },
    ...(withHidden ? { hiddenFlag: state.hidden } : {}),
    lastUpdateDate: isoSeconds(group ? group.lastUpdatedMs : state.lastUpdatedMs),
  };
}

export function registerLegacyRoutes(sim: Simulator): void {
  const { world, errors } = sim;

  const required = (ctx: RouteContext, name: string): string => {
    const value = ctx.query(name);
    if (!value) throw errors.badRequest(`query: ${name}`);
    return value;
  };

  const compared = (ctx: RouteContext): Account | undefined => {
    const name = ctx.query('comparedUser');
    if (!name) return undefined;
    const account = world.accountByOnlineId(name);
    if (!account) throw errors.data(404, 2105356, `User not found (user: '${name}')`);
    sim.assertTrophiesVisible(account, ctx.caller);
    return account;
  };

  const legacyTitle = (ctx: RouteContext): TitleDef => {
    const title = world.catalog.byId(ctx.param('npCommunicationId'));
    if (title?.service !== 'trophy') throw errors.notFound();
    return title;
  };

  const visibleState = (account: Account, npCommunicationId: string, self: boolean) => {
    const state = world.titleState(account.index, npCommunicationId);
    return state && (self || !state.hidden) ? state : undefined;
  };

  sim.route('GET', `${BASE}/trophyTitles`, 'legacy.titles', 'bearer', (ctx) => {
    required(ctx, 'npLanguage');
    const platforms = required(ctx, 'platform').split(',');
    const limitText = ctx.query('limit');
    const offsetText = ctx.query('offset');
    const limit = limitText ? Number(limitText) : MAX_LIMIT;
    const offset = offsetText ? Number(offsetText) : 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw errors.badRequest('query: limit');
    if (!Number.isInteger(offset) || offset < 0) throw errors.badRequest('query: offset');
    const other = compared(ctx);
    const matches = (title: TitleDef) => title.service === 'trophy' && title.platform.split(',').some((p) => platforms.includes(p));
    // Titles of both users, each counted once, newest activity first.
    const rows = new Map<string, { title: TitleDef; at: number; mine?: TitleState; theirs?: TitleState }>();
    for (const item of world.library(ctx.caller.index).items) {
      if (!matches(item.title)) continue;
      const state = world.stateOf(ctx.caller.index, item);
      rows.set(item.title.npCommunicationId, { title: item.title, at: state.lastUpdatedMs, mine: state });
    }
    if (other) {
      for (const item of world.library(other.index).items) {
        if (!matches(item.title)) continue;
        const state = world.stateOf(other.index, item);
        if (state.hidden) continue;
        const row = rows.get(item.title.npCommunicationId);
        if (row) row.theirs = state;
        else rows.set(item.title.npCommunicationId, { title: item.title, at: state.lastUpdatedMs, theirs: state });
      }
    }
    const sorted = [...rows.values()].sort((a, b) => b.at - a.at);
    const trophyTitles = sorted.slice(offset, offset + limit).map((row) => ({
      npCommunicationId: row.title.npCommunicationId,
      trophyTitleName: row.title.name,
      trophyTitleDetail: titleDetail(row.title, ctx.language),
      trophyTitleIconUrl: titleIconUrl(row.title),
      trophyTitlePlatfrom: row.title.platform,
      hasTrophyGroups: row.title.groups.length > 1,
      definedTrophies: definedCounts(row.title),
      ...(row.mine ? { fromUser: userSummary(ctx.caller, row.mine, undefined, true) } : {}),
      ...(row.theirs && other ? { comparedUser: userSummary(other, row.theirs, undefined, false) } : {}),
    }));
    return { body: { totalResults: sorted.length, offset, limit: trophyTitles.length, trophyTitles } };
  });

  sim.route('GET', `${BASE}/trophyTitles/:npCommunicationId/trophyGroups`, 'legacy.groups', 'bearer', (ctx) => {
    required(ctx, 'npLanguage');
    const title = legacyTitle(ctx);
    const other = compared(ctx);
    const mine = visibleState(ctx.caller, title.npCommunicationId, true);
    const theirs = other ? visibleState(other, title.npCommunicationId, false) : undefined;
    return {
      body: {
        trophyTitleName: title.name,
        trophyTitleDetail: titleDetail(title, ctx.language),
        trophyTitleIconUrl: titleIconUrl(title),
        trophyTitlePlatfrom: title.platform,
        definedTrophies: definedCounts(title),
        trophyGroups: title.groups.map((g) => ({
          trophyGroupId: g.id,
          trophyGroupName: groupName(title, g, ctx.language),
          trophyGroupDetail: groupDetail(title, g, ctx.language),
          trophyGroupIconUrl: groupIconUrl(title, g),
          definedTrophies: definedCounts(title, g.id),
          ...(mine ? { fromUser: userSummary(ctx.caller, mine, g.id, true) } : {}),
          ...(theirs && other ? { comparedUser: userSummary(other, theirs, g.id, false) } : {}),
        })),
      },
    };
  });

  sim.route('GET', `${BASE}/trophyTitles/:npCommunicationId/trophyGroups/:groupId/trophies`, 'legacy.trophies', 'bearer', (ctx) => {
    required(ctx, 'npLanguage');
    const title = legacyTitle(ctx);
    const groupId = ctx.param('groupId');
    if (!title.groups.some((g) => g.id === groupId)) throw errors.notFound();
    const other = compared(ctx);
    const showSecret = ctx.query('visibleType') === '1';
    const fields = (ctx.query('fields') ?? '@default').split(',');
    const mine = visibleState(ctx.caller, title.npCommunicationId, true);
    const theirs = other ? visibleState(other, title.npCommunicationId, false) : undefined;
    const earnedBy = (account: Account, state: TitleState | undefined, i: number) => {
      const earned = state?.earned[i] === 1;
      const at = state?.earnedAt[i] ?? Number.NaN;
      return { onlineId: account.onlineId, earned, ...(earned && !Number.isNaN(at) ? { earnedDate: isoSeconds(at) } : {}) };
    };
    const trophies = title.trophies
      .map((t, i) => ({ t, i }))
      .filter(({ t }) => t.groupId === groupId)
      .sort((a, b) => a.t.id - b.t.id)
      .map(({ t, i }) => {
        const revealed = showSecret || !t.hidden || mine?.earned[i] === 1;
        return {
          trophyId: t.id,
          trophyHidden: t.hidden,
          ...(revealed
            ? {
                trophyType: t.type,
                trophyName: trophyName(title, t, ctx.language),
                trophyDetail: trophyDetail(title, t, ctx.language),
                trophyIconUrl: trophyIconUrl(title, t),
              }
            : {}),
          ...(fields.includes('trophyRare') ? { trophyRare: rarityOf(t.rate / 10) } : {}),
          ...(fields.includes('trophyEarnedRate') ? { trophyEarnedRate: formatRate(t.rate) } : {}),
          fromUser: earnedBy(ctx.caller, mine, i),
          ...(other ? { comparedUser: earnedBy(other, theirs, i) } : {}),
        };
      });
    return { body: { trophies } };
  });
}
