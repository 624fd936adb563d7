import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test/stores.ts';
import { openStore } from '../../db/database.ts';
import { type Client, type Harness, type Json, startHarness } from '../../../test/http-harness.ts';

const DAY = 86_400_000;

/** Connects account `index`, imports every title and waits for the import to end. */
async function importAll(h: Harness, client: Client, index: number, timeoutMs = 60_000): Promise<string[]> {
  expect((await client.post('/api/connections/psn', { npsso: h.sim.npssoOf(index) })).status).toBe(201);
  await client.until('/api/psn/titles?limit=1', (r) => r.body.state === 'ready');
  const ids = (await client.get('/api/psn/titles/ids')).body.ids as string[];
  const { jobId } = (await client.post('/api/psn/import', { npCommunicationIds: ids })).body;
  await client.until(`/api/sync/runs?jobId=${jobId}`, (r) => r.body.items[0] && r.body.items[0].state !== 'running', timeoutMs);
  return ids;
}

async function allGames(client: Client, query = ''): Promise<Json[]> {
  const games = [];
  let cursor: string | null = null;
  do {
    const page: Json = (await client.get(`/api/games?limit=100&sort=name${query}${cursor ? `&cursor=${cursor}` : ''}`)).body;
    games.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return games;
}

describe.each(dialects)('the profile page, unobtainable trophies and DLC (%s)', (dialect) => {
  let h: Harness;
  let ana: Client;
  let ids: string[];
  beforeAll(async () => {
    h = await startHarness({ dialect, sim: { titles: 60, huntedRate: 0.2 } });
    ana = await h.user('ana');
    ids = await importAll(h, ana, 0);
  }, 90_000);
  afterAll(() => h.close());

  it('shows level, points, the numbered platinum cabinet, the last year by day and month, the rarest trophies, platforms and time to platinum', async () => {
    const r = await ana.get('/api/profile');
    expect(r.status).toBe(200);
    const p = r.body;
    const stats = (await ana.get('/api/stats')).body;
    expect(p).toMatchObject({ points: stats.points, earned: stats.earned, level: { level: stats.level, progress: stats.levelProgress, tier: stats.tier } });
    expect(p.level.nextLevelAt).toBeGreaterThan(p.points);

    // The cabinet against the simulator: every earned platinum, in the order earned, numbered.
    const expected = ids
      .map((id) => ({ id, state: h.sim.world.titleState(0, id) }))
      .flatMap(({ id, state }) => {
        const i = state?.title.trophies.findIndex((t) => t.type === 'platinum') ?? -1;
        if (!state || i < 0 || !state.earned[i]) return [];
        const dates = state.title.trophies.flatMap((_, k) => (state.earned[k] && !Number.isNaN(state.earnedAt[k]) ? [state.earnedAt[k] as number] : []));
        return [{ id, at: state.earnedAt[i] as number, first: Math.min(...dates) }];
      })
      .sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
    expect(expected.length).toBeGreaterThan(1);
    expect(p.platinums.map((x: Json) => [x.number, x.npCommunicationId, Date.parse(x.earnedAt)])).toEqual(expected.map((e, i) => [i + 1, e.id, e.at]));
    for (const x of p.platinums) expect(x.secondsToPlatinum).toBe(Math.round((Date.parse(x.earnedAt) - Date.parse(x.firstEarnedAt)) / 1000));
    expect(p).toMatchObject({ platinumCount: expected.length, platinumsNext: null });
    const seconds = expected.map((e) => Math.round((e.at - e.first) / 1000));
    expect(p.timeToPlatinum.fastest.secondsToPlatinum).toBe(Math.min(...seconds));
    expect(p.timeToPlatinum.slowest.secondsToPlatinum).toBe(Math.max(...seconds));

    // The calendar: every trophy earned in the 365 days to today, by day; months sum the same days.
    const now = h.sim.clock.now();
    const from = new Date(Date.parse(new Date(now).toISOString().slice(0, 10)) - 364 * DAY).toISOString().slice(0, 10);
    const byDay = new Map<string, number>();
    for (const id of ids) {
      const state = h.sim.world.titleState(0, id);
      state?.earnedAt.forEach((at, k) => {
        if (!state.earned[k] || Number.isNaN(at)) return;
        const day = new Date(at).toISOString().slice(0, 10);
        if (day >= from) byDay.set(day, (byDay.get(day) ?? 0) + 1);
      });
    }
    expect(p.calendar.from).toBe(from);
    expect(p.calendar.days).toEqual([...byDay.entries()].sort().map(([date, count]) => ({ date, count })));
    expect(p.calendar.total).toBeGreaterThan(0);
    expect(p.months.length).toBeGreaterThanOrEqual(12);
    expect(p.months[p.months.length - 1].month).toBe(p.calendar.to.slice(0, 7));
    expect(p.months.reduce((n: number, m: Json) => n + m.count, 0)).toBe(p.calendar.total);

    // The rarest earned trophies, rarest first, each earned.
    expect(p.rarest.length).toBe(10);
    const rates = p.rarest.map((t: Json) => t.rarity);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    const first = p.rarest[0];
    const game = (await ana.get(`/api/games/${first.npCommunicationId}?reveal=true`)).body;
    const trophies = game.groups.flatMap((g: Json) => g.trophies);
    expect(trophies.find((t: Json) => t.id === first.trophyId)).toMatchObject({ earned: true, name: first.name, rarity: first.rarity });
    const minEarned = Math.min(
      ...(await Promise.all(ids.map(async (id) => (await ana.get(`/api/games/${id}`)).body)))
        .flatMap((g: Json) => g.groups.flatMap((x: Json) => x.trophies))
        .filter((t: Json) => t.earned)
        .map((t: Json) => t.rarity),
    );
    expect(first.rarity).toBe(minEarned);

    // Platforms: each imported game counted under every platform it names.
    const games = await allGames(ana);
    const ps4 = games.filter((g) => g.platforms.includes('PS4'));
    expect(p.platforms.find((x: Json) => x.platform === 'PS4')).toMatchObject({
      games: ps4.length,
      platinums: ps4.filter((g) => g.platinumEarned).length,
      completed: ps4.filter((g) => g.obtainableProgress === 100).length,
    });
  });

  it('pages the platinum cabinet: the same entries and numbers a page at a time, with an ETag; a cursor it never gave out refused', async () => {
    const profile = (await ana.get('/api/profile')).body;
    const pages: Json[] = [];
    let cursor: string | null = null;
    do {
      const r: { status: number; body: Json; headers: Headers } = await ana.get(`/api/profile/platinums?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(profile.platinumCount);
      expect(r.body.items.length).toBeLessThanOrEqual(4);
      pages.push(r.body);
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(pages.length).toBe(Math.ceil(profile.platinumCount / 4));
    expect(pages.flatMap((page) => page.items)).toEqual(profile.platinums);
    const first = await ana.get('/api/profile/platinums?limit=4');
    const etag = first.headers.get('etag') as string;
    expect((await ana.request('GET', '/api/profile/platinums?limit=4', undefined, { 'if-none-match': etag })).status).toBe(304);
    for (const bad of ['nonsense', Buffer.from(JSON.stringify([-1, null, 'NPWR00001_00'])).toString('base64url'), Buffer.from('[3]').toString('base64url')]) {
      const r = await ana.get(`/api/profile/platinums?cursor=${bad}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_cursor');
    }
  });

  it("answers the profile with an ETag: 304 while nothing changed, a new answer after a flag, never another user's; icons from our own origin", async () => {
    const first = await ana.get('/api/profile');
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect(first.body.platinums.length).toBeGreaterThan(0);
    for (const p of first.body.platinums) expect(p.iconUrl).toMatch(/^\/api\/images\//);
    expect((await ana.request('GET', '/api/profile', undefined, { 'if-none-match': etag })).status).toBe(304);
    // A flag changes what the profile counts as completed: the old tag no longer matches.
    const game = (await allGames(ana)).find((g) => g.progress < 100) as Json;
    const trophy = (await ana.get(`/api/games/${game.npCommunicationId}`)).body.groups.flatMap((g: Json) => g.trophies).find((t: Json) => !t.earned);
    expect((await ana.post('/api/unobtainable', { npCommunicationId: game.npCommunicationId, trophyId: trophy.id })).status).toBe(201);
    const after = await ana.request('GET', '/api/profile', undefined, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect((await ana.delete(`/api/unobtainable/${game.npCommunicationId}/${trophy.id}`)).status).toBe(204);
    const carol = await h.user('carol');
    expect((await carol.request('GET', '/api/profile', undefined, { 'if-none-match': etag })).status).toBe(200);
  });

  it('keeps the page made as the import ended, and never serves it once the library or the day moved on', async () => {
    const store = await openStore(h.server.config.databaseUrl);
    try {
      const userId = (await ana.get('/api/me')).body.user.id as string;
      const kept = () => store.db.selectFrom('profile_snapshots').select(['version', 'day', 'body']).where('user_id', '=', userId).executeTakeFirst();
      const version = async () =>
        Number((await store.db.selectFrom('library_versions').select('version').where('user_id', '=', userId).executeTakeFirstOrThrow()).version);
      // Made as the writes ended (the import, the flags of the tests before): ready before this version's first view.
      const ready = await kept();
      expect(Number(ready?.version)).toBe(await version());
      const made = JSON.parse(ready?.body as string);
      expect(made.platinums.length).toBeGreaterThan(0);
      // Kept as it is sent: icons already on our own origin.
      for (const p of made.platinums) expect(p.iconUrl).toMatch(/^\/api\/images\//);
      // While version and day hold, the kept page is what the view reads (marked here to tell it from a page made anew).
      const mark = () =>
        store.db
          .updateTable('profile_snapshots')
          .set({ body: JSON.stringify({ ...made, points: -1 }) })
          .where('user_id', '=', userId)
          .execute();
      await mark();
      expect((await ana.get('/api/profile')).body.points).toBe(-1);
      // A flag moves the library on: the page is made again as the flag is written, not served stale.
      const game = (await allGames(ana)).find((g) => g.progress < 100) as Json;
      const trophy = (await ana.get(`/api/games/${game.npCommunicationId}`)).body.groups.flatMap((g: Json) => g.trophies).find((t: Json) => !t.earned);
      expect((await ana.post('/api/unobtainable', { npCommunicationId: game.npCommunicationId, trophyId: trophy.id })).status).toBe(201);
      const flagged = await kept();
      expect(Number(flagged?.version)).toBe(await version());
      expect(JSON.parse(flagged?.body as string).points).toBe(made.points);
      // Kept by another build or another image naming (another shape, other icon URLs): made again, not served.
      const maker = (await store.db.selectFrom('profile_snapshots').select('made_by').where('user_id', '=', userId).executeTakeFirstOrThrow()).made_by;
      expect(maker).toMatch(/\/api\/images/);
      await mark();
      await store.db
        .updateTable('profile_snapshots')
        .set({ made_by: `an older build, ${maker}` })
        .where('user_id', '=', userId)
        .execute();
      expect((await ana.get('/api/profile')).body.points).toBe(made.points);
      expect((await ana.delete(`/api/unobtainable/${game.npCommunicationId}/${trophy.id}`)).status).toBe(204);
      expect(Number((await kept())?.version)).toBe(await version());
      // A new day (the calendar's year ends today): yesterday's kept page is not served.
      await mark();
      h.sim.clock.advance(DAY);
      const tomorrow = (await ana.get('/api/profile')).body;
      expect(tomorrow.points).toBe(made.points);
      expect(tomorrow.calendar.to > made.calendar.to).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('shows progress per trophy group and filters base game complete, complete with every DLC, platinum but DLC missing', async () => {
    const games = await allGames(ana);
    const withDlc = games.filter((g) => g.dlc.groups > 0);
    expect(withDlc.length).toBeGreaterThan(0);
    const re5 = (await ana.get('/api/games/NPWR10600_00?reveal=true')).body;
    expect(re5.groups.map((g: Json) => g.id)).toEqual(['default', '001', '002', '003']);
    for (const g of re5.groups) {
      const earned = g.trophies.filter((t: Json) => t.earned).length;
      expect(earned).toBe(g.earned.bronze + g.earned.silver + g.earned.gold + g.earned.platinum);
    }
    const missing = (g: Json, test: (id: string) => boolean) =>
      g.groups.filter((x: Json) => test(x.id)).reduce((n: number, x: Json) => n + x.trophies.filter((t: Json) => !t.earned && !t.unobtainable).length, 0);
    const views = await Promise.all(games.map(async (g) => (await ana.get(`/api/games/${g.npCommunicationId}`)).body));
    const expectIds = (pick: (v: Json) => boolean) =>
      views
        .filter(pick)
        .map((v) => v.game.npCommunicationId)
        .sort();
    const base = (v: Json) => missing(v, (id) => id === 'default') === 0;
    const dlc = (v: Json) => missing(v, (id) => id !== 'default') === 0;
    const hasDlc = (v: Json) => v.groups.length > 1;
    expect((await allGames(ana, '&status=base-complete')).map((g) => g.npCommunicationId).sort()).toEqual(expectIds(base));
    expect((await allGames(ana, '&status=dlc-complete')).map((g) => g.npCommunicationId).sort()).toEqual(expectIds((v) => hasDlc(v) && base(v) && dlc(v)));
    expect((await allGames(ana, '&status=platinum-dlc-missing')).map((g) => g.npCommunicationId).sort()).toEqual(
      expectIds((v) => v.game.platinumEarned && hasDlc(v) && !dlc(v)),
    );
    expect(expectIds(base).length).toBeGreaterThan(0);
  });

  it('flags trophies unobtainable by hand and from a list: completion both ways, never against the game; unknown ones refused whole', async () => {
    // A game with DLC whose base game is done but for a few trophies: flag them and it counts complete.
    const games = await allGames(ana);
    const views = await Promise.all(games.map(async (g) => (await ana.get(`/api/games/${g.npCommunicationId}?reveal=true`)).body));
    const openOf = (v: Json) => v.groups.flatMap((g: Json) => g.trophies).filter((t: Json) => !t.earned && t.type !== 'platinum');
    const target = views.filter((v) => v.game.progress > 0 && openOf(v).length >= 2).sort((a, b) => b.game.progress - a.game.progress)[0];
    const open = openOf(target);
    const id = target.game.npCommunicationId;

    // Bad input: an unknown title and an unknown trophy, both named; nothing flagged.
    const bad = await ana.post('/api/unobtainable/import', {
      source: 'https://example.org/unobtainable',
      trophies: [
        { npCommunicationId: id, trophyId: open[0].id },
        { npCommunicationId: 'NPWR99999_00', trophyId: 1 },
        { npCommunicationId: id, trophyId: 9999 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('unknown_trophies');
    expect(bad.body.error.message).toContain('NPWR99999_00');
    expect(bad.body.error.message).toContain(`trophy 9999 of ${id}`);
    expect(bad.body.error.details).toEqual({ titles: ['NPWR99999_00'], trophies: [{ npCommunicationId: id, trophyId: 9999 }] });
    expect((await ana.get('/api/unobtainable')).body.items).toEqual([]);
    expect((await ana.get(`/api/games/${id}`)).body.game).toMatchObject({ unobtainable: 0, obtainableProgress: target.game.progress });
    const malformed = await ana.post('/api/unobtainable/import', { source: '', trophies: [] });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_request');

    // By hand: one trophy.
    const one = await ana.post('/api/unobtainable', { npCommunicationId: id, trophyId: open[0].id, note: 'servers shut down' });
    expect(one.status).toBe(201);
    expect(one.body).toMatchObject({
      npCommunicationId: id,
      trophyId: open[0].id,
      source: 'manual',
      note: 'servers shut down',
      earned: false,
      name: open[0].name,
    });
    // From a list: the rest.
    const list = await ana.post('/api/unobtainable/import', {
      source: 'PSNProfiles guide',
      trophies: open.slice(1).map((t: Json) => ({ npCommunicationId: id, trophyId: t.id })),
    });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ flagged: open.length - 1, titles: 1 });

    const after = (await ana.get(`/api/games/${id}`)).body;
    expect(after.game).toMatchObject({ progress: target.game.progress, obtainableProgress: 100, unobtainable: open.length });
    expect(after.groups.every((g: Json) => g.obtainableProgress === 100)).toBe(true);
    const flagged = after.groups.flatMap((g: Json) => g.trophies).filter((t: Json) => t.unobtainable);
    expect(flagged.length).toBe(open.length);
    expect(flagged.find((t: Json) => t.id === open[0].id).unobtainable).toEqual({ source: 'manual', note: 'servers shut down' });
    expect(flagged.find((t: Json) => t.id === open[1]?.id)?.unobtainable ?? { source: 'PSNProfiles guide', note: null }).toEqual({
      source: 'PSNProfiles guide',
      note: null,
    });
    // Never against the game: it is completed, base complete, and complete with its DLC if it has any.
    expect((await allGames(ana, '&status=completed')).map((g) => g.npCommunicationId)).toContain(id);
    expect((await allGames(ana, '&status=base-complete')).map((g) => g.npCommunicationId)).toContain(id);
    expect((await ana.get('/api/unobtainable')).body.items).toHaveLength(open.length);

    // Unflag: back as it was.
    expect((await ana.delete(`/api/unobtainable/${id}/${open[0].id}`)).status).toBe(204);
    expect((await ana.delete(`/api/unobtainable/${id}/${open[0].id}`)).status).toBe(404);
    expect((await ana.get(`/api/games/${id}`)).body.game.obtainableProgress).toBeLessThan(100);

    // Another user sees none of it.
    const bob = await h.user('bob');
    expect((await bob.get('/api/unobtainable')).body.items).toEqual([]);
    expect((await bob.post('/api/unobtainable', { npCommunicationId: id, trophyId: open[0].id })).body.error.code).toBe('unknown_trophies');
  });
});

describe('a cabinet of more platinums than a page', () => {
  let h: Harness;
  let ana: Client;
  beforeAll(async () => {
    // More than one window of Sony's budget: both ends allow it, so the test is not a 15-minute wait.
    const rateLimit = { limit: 2_000, windowMs: 900_000 };
    h = await startHarness({ dialect: 'sqlite', sim: { titles: 180, huntedRate: 1, rateLimit }, server: { psnOptions: { budget: rateLimit } } });
    ana = await h.user('ana');
    await importAll(h, ana, 0, 110_000);
  }, 120_000);
  afterAll(() => h.close());

  it('carries the first 100 in the profile and the rest a page at a time from its cursor, numbered on', async () => {
    const profile = (await ana.get('/api/profile')).body;
    expect(profile.platinumCount).toBeGreaterThan(100);
    expect(profile.platinums.map((p: Json) => p.number)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const whole = (await ana.get('/api/profile/platinums?limit=500')).body;
    expect(whole).toMatchObject({ total: profile.platinumCount, nextCursor: null });
    expect(whole.items.slice(0, 100)).toEqual(profile.platinums);
    const rest: Json[] = [];
    let cursor: string | null = profile.platinumsNext;
    while (cursor) {
      const page: Json = (await ana.get(`/api/profile/platinums?cursor=${cursor}`)).body;
      rest.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(rest[0].number).toBe(101);
    expect([...profile.platinums, ...rest]).toEqual(whole.items);
    // Time to platinum still counts every platinum, not the first page's.
    const times = whole.items.flatMap((p: Json) => (p.secondsToPlatinum === null ? [] : [p.secondsToPlatinum]));
    expect(profile.timeToPlatinum.slowest.secondsToPlatinum).toBe(Math.max(...times));
    expect(profile.timeToPlatinum.fastest.secondsToPlatinum).toBe(Math.min(...times));
  });
});
