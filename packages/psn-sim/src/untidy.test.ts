import { describe, expect, it } from 'vitest';
import { createSimulator } from './simulator.ts';
import { get, signIn } from './testing.ts';
import { TEN_DAY_REFRESH_TTL, resolveUntidy, untidyDefaults } from './untidy.ts';

async function start(options: Parameters<typeof createSimulator>[0]) {
  const sim = createSimulator({ seed: 3, accounts: 12, titles: 120, rateLimit: false, clock: Date.parse('2026-11-01T12:00:00Z'), ...options });
  const base = 'http://sim.test';
  const token = (await signIn(sim.fetch, base, sim.credentialsOf(0).npsso)).access_token;
  return { sim, ask: (path: string, t = token) => get(sim.fetch, `${base}${path}`, t) };
}

describe('untidy knobs', () => {
  it('are all off by default and all on with untidy: true', () => {
    expect(resolveUntidy(undefined)).toMatchObject({ pcTitles: 0, conceptSize: 1, totalItemCountDrift: 0 });
    expect(resolveUntidy(true)).toEqual(untidyDefaults);
    expect(resolveUntidy({ pcTitles: 0.5 })).toMatchObject({ pcTitles: 0.5, multiSetProducts: 0 });
    expect(() => createSimulator({ untidy: { pcTitles: 2 } })).toThrow(/untidy.pcTitles/);
    expect(() => createSimulator({ untidy: { conceptSize: 0 } })).toThrow(/conceptSize/);
  });

  it('leave the tidy world byte-identical (independent draws)', async () => {
    const tidy = await start({});
    const noKnobsHit = await start({ untidy: { tenDayRefreshTokens: 0 } });
    const a = await tidy.ask('/api/trophy/v1/users/me/trophyTitles?limit=800');
    const b = await noKnobsHit.ask('/api/trophy/v1/users/me/trophyTitles?limit=800');
    expect(a.text).toBe(b.text);
  });

  it('PC titles: platform PSPC, trophy2, no game-list entry', async () => {
    const { sim, ask } = await start({ untidy: { pcTitles: 0.5 } });
    const titles = (await ask('/api/trophy/v1/users/me/trophyTitles?limit=800')).body.trophyTitles as Array<{
      trophyTitlePlatform: string;
      npServiceName: string;
      trophyTitleName: string;
      npCommunicationId: string;
    }>;
    const pc = titles.filter((t) => t.trophyTitlePlatform === 'PSPC');
    expect(pc.length).toBeGreaterThan(0);
    expect(pc.every((t) => t.npServiceName === 'trophy2')).toBe(true);
    // By id: a stack's PC version shares its name with versions that are in the game list.
    const listed = new Set(sim.world.gameList(0).map((g) => g.title.npCommunicationId));
    expect(pc.some((t) => listed.has(t.npCommunicationId))).toBe(false);
  });

  it('products: none, one or two trophy sets by title id, and concepts of many ids', async () => {
    const { sim, ask } = await start({ untidy: { gamesWithoutTrophies: 0.3, multiSetProducts: 0.4, conceptSize: 20 } });
    const games = sim.world.gameList(0);
    const bare = games.find((g) => g.noTrophies);
    const compilation = games.find((g) => g.npTitleId.endsWith('_01'));
    if (!bare || !compilation) throw new Error('fixture');
    expect(sim.world.catalog.setsOfProduct(bare.npTitleId)).toEqual([]);
    expect(sim.world.catalog.setsOfProduct(compilation.npTitleId)?.map((t) => t.index)).toEqual([compilation.title.index, compilation.title.index + 1]);
    expect(sim.world.catalog.setsOfProduct('CUSA99999_02')).toBeUndefined();
    const answer = await ask(`/api/trophy/v1/users/me/titles/trophyTitles?npTitleIds=${bare.npTitleId},${compilation.npTitleId}`);
    expect(answer.status).toBe(200);
    expect(answer.body.titles[0]).toEqual({ npTitleId: bare.npTitleId, trophyTitles: [] });
    expect(answer.body.titles[1].trophyTitles.length).toBeGreaterThanOrEqual(1);
    const page = (await ask('/api/gamelist/v2/users/me/titles?limit=200')).body;
    expect(Math.max(...page.titles.map((g: { concept: { titleIds: string[] } }) => g.concept.titleIds.length))).toBeGreaterThan(3);
    for (const g of page.titles) expect(g.concept.titleIds[0]).toBe(g.titleId);
  });

  it("the game list's total drifts on every other call; nextOffset stays true", async () => {
    const { ask } = await start({ titles: 400, untidy: { totalItemCountDrift: 17 } });
    const one = (await ask('/api/gamelist/v2/users/me/titles?limit=200')).body;
    const two = (await ask('/api/gamelist/v2/users/me/titles?limit=200')).body;
    expect(two.totalItemCount - one.totalItemCount).toBe(17);
    expect(two.nextOffset).toBe(one.nextOffset);
  });

  it('earned progress trophies can keep a stored value below their target', async () => {
    const { sim, ask } = await start({ untidy: { earnedProgressBelowTarget: 1 } });
    for (const item of sim.world.library(0).items) {
      const i = item.title.trophies.findIndex((t, k) => t.target !== undefined && sim.world.stateOf(0, item).earned[k]);
      if (i < 0) continue;
      const t = item.title.trophies[i];
      const body = (await ask(`/api/trophy/v1/users/me/npCommunicationIds/${item.title.npCommunicationId}/trophyGroups/all/trophies`)).body;
      const earned = body.trophies.find((x: { trophyId: number }) => x.trophyId === t?.id);
      expect(earned).toMatchObject({ earned: true, progress: String(Math.floor((t?.target ?? 0) * 0.6)) });
      return;
    }
    throw new Error('fixture: no earned progress trophy');
  });

  it('ten-day refresh tokens for some accounts, and per account through the admin API', async () => {
    const { sim } = await start({ untidy: { tenDayRefreshTokens: 1 } });
    expect(sim.world.refreshTokenTtlOf(0)).toBe(sim.options.refreshTokenTtl);
    expect(sim.world.refreshTokenTtlOf(1)).toBe(TEN_DAY_REFRESH_TTL);
    const res = await sim.fetch('http://sim.test/__sim/accounts/0/token-lifetime', { method: 'POST', body: JSON.stringify({ refreshTokenTtl: 1000 }) });
    expect(res.status).toBe(404);
    const id = sim.credentialsOf(0).accountId;
    const ok = await sim.fetch(`http://sim.test/__sim/accounts/${id}/token-lifetime`, { method: 'POST', body: JSON.stringify({ refreshTokenTtl: 863_999 }) });
    expect(await ok.json()).toEqual({ refreshTokenTtl: 863_999 });
    expect((await signIn(sim.fetch, 'http://sim.test', sim.credentialsOf(0).npsso)).refresh_token_expires_in).toBe(863_999);
    const bad = await sim.fetch(`http://sim.test/__sim/accounts/${id}/token-lifetime`, { method: 'POST', body: '{}' });
    expect(bad.status).toBe(400);
  });
});

describe('the edge firewall', () => {
  it('answers the HTML Access Denied page after a burst, on every route, until the block ends', async () => {
    const { sim, ask } = await start({ edgeFirewall: { burst: 3, windowMs: 10_000, blockMs: 60_000 } });
    // Signing in took 1 request (the auth host); the data host's key is the account.
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await ask('/api/trophy/v1/users/me/trophySummary')).status);
    expect(statuses).toEqual([200, 200, 200, 403, 403]);
    const page = await ask('/api/trophy/v1/users/me/trophyTitles');
    expect(page.status).toBe(403);
    expect(page.text).toMatch(/<TITLE>Access Denied<\/TITLE>/);
    sim.clock.advance(61_000);
    expect((await ask('/api/trophy/v1/users/me/trophySummary')).status).toBe(200);
    await sim.fetch('http://sim.test/__sim/rate-limit/reset', { method: 'POST' });
  });
});
