/**
 * The client on Sony's untidy answers, through the simulator: a malformed item mid-walk, types and
 * tiers it does not know, earned progress below target, products with no or several trophy sets.
 */
import { describe, expect, it } from 'vitest';
import { recordingLogger, signedIn, startSim } from '../../test/sim-harness.ts';
import type { Fetch } from '../transport/transport.ts';
import type { SkippedItem } from '../transport/parse.ts';
import { rarityTier } from './merged-title.ts';

/** A fetch that rewrites Sony's JSON answers of one route, as a changed API would. */
function rewriting(base: Fetch, match: string, edit: (body: Record<string, unknown>) => void): Fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (!String(input).includes(match)) return response;
    const body = (await response.json()) as Record<string, unknown>;
    edit(body);
    return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
  };
}

describe('Sony untidy, the client calm', () => {
  it('walks the whole title list past a malformed title on a middle page, reporting it with its path', async () => {
    const h = await startSim({ titles: 1700, accounts: 2 });
    const skipped: SkippedItem[] = [];
    const logger = recordingLogger();
    // The second page's sixth title comes with its id as a number.
    const broken = rewriting(h.options.fetch as Fetch, 'offset=800', (body) => {
      ((body.trophyTitles as Array<Record<string, unknown>>)[5] as Record<string, unknown>).npCommunicationId = 30005;
    });
    const psn = await signedIn(h, { onSkippedItem: (s) => skipped.push(s), logger, fetch: broken });
    const all = await psn.trophies.allTitles().all();
    const truth = h.sim.world.library(0).items.map((i) => i.title.npCommunicationId);
    expect(all.map((t) => t.npCommunicationId)).toEqual([...truth.slice(0, 805), ...truth.slice(806)]);
    expect(skipped).toEqual([{ endpoint: 'trophy.titles', path: 'trophyTitles.5', message: expect.stringMatching(/^trophyTitles\.5\.npCommunicationId: /) }]);
    expect(psn.stats.skippedItems).toBe(1);
    expect(logger.lines.filter((l) => l.message === 'psn item skipped')).toHaveLength(1);
  });

  it('merges a title whose trophies carry a type, a tier and fields it has never seen, and nulls where it expects values', async () => {
    const h = await startSim({ titles: 40 });
    const untidy = rewriting(h.options.fetch as Fetch, '/trophyGroups/all/trophies', (body) => {
      const trophies = body.trophies as Array<Record<string, unknown>>;
      const first = trophies[0] as Record<string, unknown>;
      if ('trophyRare' in first) {
        first.trophyRare = 7;
        first.trophyEarnedRate = '2.5';
        first.brandNew = { nested: true };
        (trophies[1] as Record<string, unknown>).trophyRare = null;
        (trophies[1] as Record<string, unknown>).earnedDateTime = null;
      } else {
        first.trophyType = 'diamond';
        first.trophyDetail = null;
      }
    });
    const psn = await signedIn(h, { fetch: untidy });
    const title = (await psn.trophies.allTitles().all()).find((t) => t.npServiceName === 'trophy2');
    if (!title) throw new Error('fixture');
    const view = await psn.trophies.title(title, { listed: title });
    const all = view.groups.flatMap((g) => g.trophies);
    const diamond = all.find((t) => t.type === 'diamond');
    expect(diamond).toMatchObject({ detail: '' });
    expect(diamond?.rarity.tier).toBe('ultraRare');
    // A type it does not know is listed, and counted nowhere.
    const counted = view.definedTrophies.bronze + view.definedTrophies.silver + view.definedTrophies.gold + view.definedTrophies.platinum;
    expect(counted).toBe(all.length - 1);
  });

  it('derives a tier Sony did not send, or sent as a value it does not know, from the earned rate', () => {
    expect([rarityTier(0, 60), rarityTier(3, 1), rarityTier(9, 4), rarityTier(undefined, 12), rarityTier(undefined, 40), rarityTier(undefined, 90)]).toEqual([
      'ultraRare',
      'common',
      'ultraRare',
      'veryRare',
      'rare',
      'common',
    ]);
  });

  it('shows an earned progress trophy at its target though Sony still stores less', async () => {
    const h = await startSim({ titles: 80, untidy: { earnedProgressBelowTarget: 1 } });
    const psn = await signedIn(h);
    for (const t of (await psn.trophies.allTitles().all()).filter((x) => x.npServiceName === 'trophy2')) {
      const view = await psn.trophies.title(t, { listed: t });
      const trophy = view.groups.flatMap((g) => g.trophies).find((x) => x.earned && x.progress);
      if (!trophy?.progress) continue;
      expect(trophy.progress).toMatchObject({ value: trophy.progress.target, percent: 100 });
      const raw = (await psn.trophies.userTrophies(t)).trophies.find((x) => x.trophyId === trophy.id);
      expect(raw?.progress).toBeLessThan(trophy.progress.target);
      return;
    }
    throw new Error('fixture: an earned progress trophy expected');
  });

  it('answers products with no trophy set as empty, and compilations with both sets, in one request per 5 ids', async () => {
    const h = await startSim({ titles: 80, untidy: { gamesWithoutTrophies: 0.3, multiSetProducts: 0.5 } });
    const psn = await signedIn(h);
    const games = h.sim.world.gameList(0);
    const bare = games.find((g) => g.noTrophies);
    const compilation = games.find((g) => g.npTitleId.endsWith('_01'));
    if (!bare || !compilation) throw new Error('fixture');
    await h.resetRequests();
    const found = await psn.trophies.byTitleIds([bare.npTitleId, compilation.npTitleId]);
    expect(found[0]).toEqual({ npTitleId: bare.npTitleId, trophyTitles: [] });
    expect(found[1]?.trophyTitles[0]).toMatchObject({ npCommunicationId: compilation.title.npCommunicationId });
    expect(found[1]?.trophyTitles[0]?.trophySetVersion).toBeUndefined();
    expect((await h.requests()).byRoute).toEqual({ 'trophy.byTitleId': 1 });
  });

  it('does not retry into an edge block: one refused request, a ServerError to back off on', async () => {
    const h = await startSim({ titles: 5, edgeFirewall: { burst: 2, windowMs: 10_000, blockMs: 600_000 } });
    const psn = await signedIn(h);
    await h.resetRequests();
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push(
        await psn.trophies.summary().then(
          () => 'ok',
          (e: { kind: string; edgeBlocked: boolean }) => `${e.kind}:${e.edgeBlocked}`,
        ),
      );
    expect(results).toEqual(['ok', 'ok', 'server:true']);
    expect((await h.requests()).byStatus).toEqual({ 200: 2, 403: 1 });
  });
});
