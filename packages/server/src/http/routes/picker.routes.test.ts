import { eventProblem } from '@trophyroom/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Harness, type Json, startHarness } from '../../../test/http-harness.ts';
import { dialects } from '../../../test/stores.ts';

const simAdmin = async (h: Harness, path: string, body: unknown) => {
  const res = await fetch(`${h.simUrl}/__sim${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Json>;
};

describe.each(dialects)('connect, pick, import, browse, sync, disconnect (%s)', (dialect) => {
  let h: Harness;
  let ana: Client;
  const account = () => h.sim.credentialsOf(0);
  beforeAll(async () => {
    h = await startHarness({ dialect });
    ana = await h.user('ana');
  });
  afterAll(() => h.close());

  it('explains a malformed NPSSO (400) and a rejected one (422) without calling it a server error', async () => {
    const malformed = await ana.post('/api/connections/psn', { npsso: 'not-an-npsso' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('npsso_malformed');
    expect(malformed.body.error.message).toMatch(/64/);
    const rejected = await ana.post('/api/connections/psn', { npsso: 'x'.repeat(64) });
    expect(rejected.status).toBe(422);
    expect(rejected.body.error.code).toBe('npsso_rejected');
    expect((await ana.get('/api/connections/psn')).body).toEqual({ connection: null });
  });

  it('connects with the pasted JSON and fills the picker, last played first, recent ones pre-selected', async () => {
    const r = await ana.post('/api/connections/psn', { npsso: JSON.stringify({ npsso: account().npsso }) });
    expect(r.status).toBe(201);
    expect(r.body.connection).toMatchObject({ onlineId: account().onlineId, state: 'active', countdown: { state: 'green' }, shortTokenReason: null });
    expect(JSON.stringify(r.body)).not.toContain(account().npsso);

    const picker = await ana.until('/api/psn/titles?limit=1000', (p) => p.body.state === 'ready');
    const { items, total } = picker.body;
    expect(items.length).toBe(total);
    expect(total).toBeGreaterThan(10);
    const activity = (t: { lastPlayedAt: string | null; lastUpdatedAt: string }) =>
      t.lastPlayedAt && t.lastPlayedAt > t.lastUpdatedAt ? t.lastPlayedAt : t.lastUpdatedAt;
    for (let i = 1; i < items.length; i++) expect(activity(items[i - 1]) >= activity(items[i])).toBe(true);
    const since = new Date(h.sim.clock.now() - 30 * 86_400_000).toISOString();
    for (const t of items) expect(t.preselected).toBe(activity(t) >= since);
    expect(picker.body.preselected).toBe(items.filter((t: { preselected: boolean }) => t.preselected).length);

    const page1 = await ana.get('/api/psn/titles?limit=5');
    const page2 = await ana.get(`/api/psn/titles?limit=5&cursor=${page1.body.nextCursor}`);
    expect([...page1.body.items, ...page2.body.items].map((t: { npCommunicationId: string }) => t.npCommunicationId)).toEqual(
      items.slice(0, 10).map((t: { npCommunicationId: string }) => t.npCommunicationId),
    );
    const ps5 = await ana.get('/api/psn/titles?platform=ps5&limit=1000');
    expect(ps5.body.items.every((t: { platforms: string[] }) => t.platforms.includes('PS5'))).toBe(true);
    const re5 = await ana.get('/api/psn/titles?q=resident%20evil');
    expect(re5.body.items.map((t: { npCommunicationId: string }) => t.npCommunicationId)).toContain('NPWR10600_00');
    const ids = await ana.get('/api/psn/titles/ids');
    expect(ids.body.ids).toHaveLength(total);
    const ps5Ids = await ana.get('/api/psn/titles/ids?platform=PS5');
    expect(ps5Ids.body.ids).toEqual(ps5.body.items.map((t: Json) => t.npCommunicationId));
    expect((await ana.get('/api/psn/titles/ids?q=RESIDENT%20evil')).body.ids).toEqual(['NPWR10600_00']);
    const recent = await ana.get('/api/psn/titles/ids?preselected=true');
    expect(recent.body.ids).toHaveLength(picker.body.preselected);
  });

  it('refuses to import titles that are not in the title list, and bad bodies', async () => {
    const unknown = await ana.post('/api/psn/import', { npCommunicationIds: ['NPWR99999_00'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_titles');
    const empty = await ana.post('/api/psn/import', { npCommunicationIds: [] });
    expect(empty.status).toBe(400);
    const wrong = await ana.post('/api/psn/import', { npCommunicationIds: ['RE5'] });
    expect(wrong.body.error.details.issues[0].path).toBe('body.npCommunicationIds.0');
  });

  it('imports in the background, streaming progress over Server-Sent Events until the end', async () => {
    const ids: string[] = (await ana.get('/api/psn/titles/ids')).body.ids;
    const events = await fetch(`${h.url}/api/sync/events`, { headers: { cookie: ana.cookie as string } });
    expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);
    const r = await ana.post('/api/psn/import', { npCommunicationIds: ids });
    expect(r.status).toBe(202);
    const reader = (events.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream() as unknown as ReadableWritablePair<string, Uint8Array>)
      .getReader();
    let text = '';
    let finished: Json;
    while (!finished) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
      for (const block of text.split('\n\n')) {
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data && /^event: progress/m.test(block)) {
          const run = JSON.parse(data);
          expect(eventProblem('/api/sync/events', 'progress', run)).toBeUndefined();
          if (run.kind === 'import' && run.state !== 'running') finished = run;
        }
      }
    }
    await reader.cancel();
    expect(finished).toMatchObject({ kind: 'import', state: 'succeeded', total: ids.length, done: ids.length, errors: [] });
    expect(text).toMatch(/"state":"running"/);

    const one = await ana.get(`/api/sync/runs/${finished.id}`);
    expect(one.body.run).toEqual(finished);
    const stream = await fetch(`${h.url}/api/sync/runs/${finished.id}/events`, { headers: { cookie: ana.cookie as string } });
    const body = await stream.text();
    expect(body).toMatch(/event: progress/);
    expect(body).toMatch(/event: end/);
    for (const [, event, data] of body.matchAll(/^event: (\w+)\ndata: (.*)$/gm))
      expect(eventProblem(`/api/sync/runs/${finished.id}/events`, event as string, JSON.parse(data as string))).toBeUndefined();
    expect((await ana.get('/api/sync/runs')).body.items[0].id).toBe(finished.id);
    expect((await ana.get('/api/connections/psn')).body.connection.lastSync).toMatchObject({ runId: finished.id, kind: 'import', state: 'succeeded' });
  });

  it('pages the library with a cursor, filters and sorts it, and every page agrees with the whole', async () => {
    const all: Json[] = [];
    let cursor = '';
    let total = 0;
    do {
      const page = await ana.get(`/api/games?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      all.push(...page.body.items);
      total = page.body.total;
      cursor = page.body.nextCursor ?? '';
    } while (cursor);
    expect(all.length).toBe(total);
    expect(new Set(all.map((g) => g.npCommunicationId)).size).toBe(total);
    const key = (g: Json) => g.lastPlayedAt ?? g.lastUpdatedAt;
    for (let i = 1; i < all.length; i++) expect(key(all[i - 1]) >= key(all[i])).toBe(true);

    const byName = (await ana.get('/api/games?sort=name&limit=100')).body.items.map((g: Json) => g.name.toLowerCase());
    expect(byName).toEqual([...byName].sort());
    const byPoints = (await ana.get('/api/games?sort=points&limit=100')).body.items.map((g: Json) => g.points.earned);
    expect(byPoints).toEqual([...byPoints].sort((a, b) => b - a));
    const byProgressAsc = (await ana.get('/api/games?sort=progress&order=asc&limit=100')).body.items.map((g: Json) => g.progress);
    expect(byProgressAsc).toEqual([...byProgressAsc].sort((a, b) => a - b));

    const platinum = (await ana.get('/api/games?status=platinum&limit=100')).body;
    expect(platinum.items.every((g: Json) => g.platinumEarned)).toBe(true);
    expect(platinum.total).toBe(all.filter((g) => g.platinumEarned).length);
    const inProgress = (await ana.get('/api/games?status=in-progress&limit=100')).body;
    expect(inProgress.total).toBe(all.filter((g) => g.progress > 0 && g.progress < 100).length);
    const ps4 = (await ana.get('/api/games?platform=PS4&limit=100')).body;
    expect(ps4.total).toBe(all.filter((g) => g.platforms.includes('PS4')).length);
    const search = (await ana.get('/api/games?q=RESIDENT')).body;
    expect(search.items.map((g: Json) => g.npCommunicationId)).toEqual(['NPWR10600_00']);

    expect((await ana.get('/api/games?cursor=garbage')).body.error.code).toBe('invalid_cursor');
    expect((await ana.get('/api/games?limit=500')).status).toBe(400);
    expect((await ana.get('/api/games?sort=rating')).body.error.details.issues[0].path).toBe('query.sort');
  });

  it('shows a game with its groups, trophies and rarity; hidden trophies masked until revealed', async () => {
    const re5 = await ana.get('/api/games/NPWR10600_00');
    expect(re5.status).toBe(200);
    expect(re5.body.groups.map((g: Json) => g.id)).toEqual(['default', '001', '002', '003']);
    expect(re5.body.groups[1].name).toMatch(/VERSUS/);
    const trophies = re5.body.groups.flatMap((g: Json) => g.trophies);
    const defined = re5.body.game.defined;
    expect(trophies.length).toBe(defined.bronze + defined.silver + defined.gold + defined.platinum);
    expect(trophies.filter((t: Json) => t.earned).length).toBe(Object.values(re5.body.game.earned as Record<string, number>).reduce((a, b) => a + b, 0));
    for (const t of trophies) {
      expect(t.rarity).toBeTypeOf('number');
      expect(['ultraRare', 'veryRare', 'rare', 'common']).toContain(t.tier);
    }

    // Find a game with a hidden trophy not yet earned, then reveal it.
    const games = (await ana.get('/api/games?limit=100')).body.items;
    let masked: Json;
    let gameId = '';
    for (const g of games) {
      const detail = (await ana.get(`/api/games/${g.npCommunicationId}`)).body;
      masked = detail.groups.flatMap((x: Json) => x.trophies).find((t: Json) => t.masked);
      gameId = g.npCommunicationId;
      if (masked) break;
    }
    expect(masked).toMatchObject({ hidden: true, earned: false, name: 'Hidden trophy', detail: '', iconUrl: null });
    const revealed = (await ana.get(`/api/games/${gameId}?reveal=true`)).body.groups.flatMap((x: Json) => x.trophies).find((t: Json) => t.id === masked.id);
    expect(revealed.masked).toBe(false);
    expect(revealed.name).not.toBe('Hidden trophy');

    const stats = (await ana.get('/api/stats')).body;
    const summary = await (await fetch(`${h.simUrl}/__sim/accounts/${account().onlineId}`)).json();
    expect(stats.level).toBe(summary.summary.trophyLevel);
    expect(stats.points).toBe(summary.summary.points);
    expect(stats.earned).toEqual(summary.summary.earned);
    expect(stats.games).toBe(games.length);

    expect((await ana.get('/api/games/NPWR00000_00')).status).toBe(404);
  });

  it('syncs now: a trophy earned on PSN shows up earned', async () => {
    const before = (await ana.get('/api/games/NPWR10600_00?reveal=true')).body;
    const target = before.groups.flatMap((g: Json) => g.trophies).find((t: Json) => !t.earned && t.type !== 'platinum');
    await simAdmin(h, `/accounts/${account().onlineId}/trophies`, { npCommunicationId: 'NPWR10600_00', trophyId: target.id });
    h.sim.clock.advance(60_000);
    const r = await ana.post('/api/psn/sync');
    expect(r.status).toBe(202);
    const again = await ana.post('/api/psn/sync');
    expect(again.body.jobId).toBe(r.body.jobId);
    await ana.until('/api/sync/runs', (x) => x.body.items[0]?.kind === 'sync' && x.body.items[0].state !== 'running');
    const after = (await ana.get('/api/games/NPWR10600_00')).body;
    const earned = after.groups.flatMap((g: Json) => g.trophies).find((t: Json) => t.id === target.id);
    expect(earned.earned).toBe(true);
    expect(earned.earnedAt).toBeTruthy();
    expect(after.game.earned[target.type]).toBe(before.game.earned[target.type] + 1);
  });

  it('counts the token down with the clock: amber, red, expired — and then refuses to sync', async () => {
    const left = (await ana.get('/api/connections/psn')).body.connection.countdown.daysLeft;
    // Sessions last 30 days on the same clock: sign in again after each jump.
    const login = () => ana.post('/api/auth/login', { username: 'ana', password: 'a long enough password' });
    h.sim.clock.advance((left - 10) * 86_400_000);
    await login();
    expect((await ana.get('/api/connections/psn')).body.connection.countdown).toMatchObject({ state: 'amber', daysLeft: 10 });
    h.sim.clock.advance(9 * 86_400_000);
    expect((await ana.get('/api/connections/psn')).body.connection.countdown).toMatchObject({ state: 'red', daysLeft: 1 });
    h.sim.clock.advance(2 * 86_400_000);
    expect((await ana.get('/api/connections/psn')).body.connection.countdown.state).toBe('expired');
    const refused = await ana.post('/api/psn/sync');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('psn_reconnect_required');
  });

  it('reconnects, toggles auto-import, then disconnects and wipes', async () => {
    const fresh = await simAdmin(h, `/accounts/${account().onlineId}/session`, {});
    expect((await ana.post('/api/connections/psn', { npsso: fresh.npsso })).status).toBe(201);
    expect((await ana.patch('/api/connections/psn', { autoImport: true })).body.connection.autoImport).toBe(true);
    const kept = await ana.delete('/api/connections/psn?wipe=false');
    expect(kept.body).toEqual({ disconnected: true, wiped: false });
    expect((await ana.get('/api/games')).body.total).toBeGreaterThan(0);
    expect((await ana.post('/api/psn/sync')).body.error.code).toBe('not_connected');
    expect((await ana.patch('/api/connections/psn', { autoImport: false })).status).toBe(404);
    const wiped = await ana.delete('/api/connections/psn?wipe=true');
    expect(wiped.body.wiped).toBe(true);
    expect((await ana.get('/api/games')).body.total).toBe(0);
    expect((await ana.get('/api/stats')).body.points).toBe(0);
  });
});

describe('conditional picker pages', () => {
  it('answers a page with an ETag: 304 while nothing changed, a fresh page once a title is picked', async () => {
    const h = await startHarness();
    try {
      const ana = await h.user('ana');
      expect((await ana.post('/api/connections/psn', { npsso: h.sim.npssoOf(0) })).status).toBe(201);
      const ready = await ana.until('/api/psn/titles?limit=5', (r) => r.body.state === 'ready');
      const etag = ready.headers.get('etag') as string;
      expect(ready.headers.get('cache-control')).toBe('private, no-cache');
      const again = (tag: string) => ana.request('GET', '/api/psn/titles?limit=5', undefined, { 'if-none-match': tag });
      expect((await again(etag)).status).toBe(304);
      const id = ready.body.items.find((t: Json) => !t.picked).npCommunicationId as string;
      const { jobId } = (await ana.post('/api/psn/import', { npCommunicationIds: [id] })).body;
      await ana.until(`/api/sync/runs?jobId=${jobId}`, (r) => r.body.items[0] && r.body.items[0].state !== 'running');
      const after = await again(etag);
      expect(after.status).toBe(200);
      expect(after.body.items.find((t: Json) => t.npCommunicationId === id)?.picked).toBe(true);
      expect((await again(after.headers.get('etag') as string)).status).toBe(304);
    } finally {
      await h.close();
    }
  });
});
