import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Harness, type Json, startHarness } from '../../../test/http-harness.ts';
import { dialects } from '../../../test/stores.ts';

const simAdmin = async (h: Harness, path: string, body: unknown) => {
  const res = await fetch(`${h.simUrl}/__sim${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Json>;
};

const GAME = 'NPWR10600_00';
const paths = ['/api/games?limit=100', `/api/games/${GAME}?reveal=true`, '/api/stats'];

/** Each library path answered with its tag. */
async function tags(client: Client): Promise<Array<{ path: string; etag: string; body: Json }>> {
  return Promise.all(
    paths.map(async (path) => {
      const r = await client.get(path);
      expect(r.status).toBe(200);
      return { path, etag: r.headers.get('etag') as string, body: r.body };
    }),
  );
}

const conditionalGet = (client: Client, path: string, etag: string) => client.request('GET', path, undefined, { 'if-none-match': etag });

describe.each(dialects)('conditional requests on the library: ETag per library version (%s)', (dialect) => {
  let h: Harness;
  let ana: Client;
  let bob: Client;
  const account = () => h.sim.credentialsOf(0);

  /** Connects, imports every title of the account and waits for the import to end. */
  async function importAll(client: Client, index: number, skip = 0): Promise<void> {
    expect((await client.post('/api/connections/psn', { npsso: h.sim.npssoOf(index) })).status).toBe(201);
    await client.until('/api/psn/titles?limit=1', (r) => r.body.state === 'ready');
    const ids = (await client.get('/api/psn/titles/ids')).body.ids as string[];
    const { jobId } = (await client.post('/api/psn/import', { npCommunicationIds: ids.slice(skip) })).body;
    await client.until(`/api/sync/runs?jobId=${jobId}`, (r) => r.body.items[0] && r.body.items[0].state !== 'running', 30_000);
  }

  beforeAll(async () => {
    h = await startHarness({ dialect });
    ana = await h.user('ana');
    bob = await h.user('bob');
    await importAll(ana, 0);
    await importAll(bob, 0);
  });
  afterAll(() => h.close());

  it('tags every library answer, private and revalidated, and answers 304 while the library is unchanged', async () => {
    for (const { path, etag } of await tags(ana)) {
      expect(etag).toMatch(/^"[0-9a-z]+-[\w-]{16}"$/);
      const first = await ana.get(path);
      expect(first.headers.get('cache-control')).toBe('private, no-cache');
      expect(first.headers.get('etag')).toBe(etag);
      const again = await conditionalGet(ana, path, etag);
      expect(again.status).toBe(304);
      expect(again.body).toBeUndefined();
      expect(again.headers.get('etag')).toBe(etag);
      // A list of tags, or the weak form of ours, matches too (RFC 9110 §13.1.2).
      expect((await conditionalGet(ana, path, `"other", W/${etag}`)).status).toBe(304);
      expect((await conditionalGet(ana, path, '"other"')).status).toBe(200);
    }
  });

  it("never matches another user's tag, even for the same titles", async () => {
    const [anaTags, bobTags] = await Promise.all([tags(ana), tags(bob)]);
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i] as string;
      expect(bobTags[i]?.etag).not.toBe(anaTags[i]?.etag);
      const r = await conditionalGet(bob, path, anaTags[i]?.etag as string);
      expect(r.status).toBe(200);
      expect(r.body).toEqual(bobTags[i]?.body);
    }
  });

  it('a sync that changes the library never gets a stale 304; the other user keeps theirs', async () => {
    const [before, bobBefore] = await Promise.all([tags(ana), tags(bob)]);
    const game = before[1]?.body;
    const target = game.groups.flatMap((g: Json) => g.trophies).find((t: Json) => !t.earned && t.type !== 'platinum');
    await simAdmin(h, `/accounts/${account().onlineId}/trophies`, { npCommunicationId: GAME, trophyId: target.id });
    h.sim.clock.advance(60_000);
    const { jobId } = (await ana.post('/api/psn/sync')).body;
    await ana.until(`/api/sync/runs?jobId=${jobId}`, (r) => r.body.items[0] && r.body.items[0].state !== 'running', 30_000);
    for (const { path, etag, body } of before) {
      const r = await conditionalGet(ana, path, etag);
      expect(r.status).toBe(200);
      expect(r.headers.get('etag')).not.toBe(etag);
      expect(r.body).not.toEqual(body);
    }
    const earned = (await ana.get(`/api/games/${GAME}`)).body.groups.flatMap((g: Json) => g.trophies).find((t: Json) => t.id === target.id);
    expect(earned.earned).toBe(true);
    // Bob's library did not change: his tags still hold.
    for (const { path, etag } of bobBefore) expect((await conditionalGet(bob, path, etag)).status).toBe(304);
  });

  it("new shared definitions fetched by one user change the tag of every owner's game page", async () => {
    const bobGame = await bob.get(`/api/games/${GAME}?reveal=true`);
    const etag = bobGame.headers.get('etag') as string;
    const published = await simAdmin(h, `/titles/${GAME}/dlc`, { trophies: 3 });
    h.sim.clock.advance(60_000);
    const { jobId } = (await ana.post('/api/psn/sync')).body;
    await ana.until(`/api/sync/runs?jobId=${jobId}`, (r) => r.body.items[0] && r.body.items[0].state !== 'running', 30_000);
    expect((await ana.get(`/api/games/${GAME}`)).body.groups).toHaveLength(published.trophyGroupCount);
    // Bob has not synced: his trophies are as they were, but the game page shows the new group.
    const again = await conditionalGet(bob, `/api/games/${GAME}?reveal=true`, etag);
    expect(again.status).toBe(200);
    expect(again.body.groups.length).toBeGreaterThan(bobGame.body.groups.length);
  });

  it('keeps answers apart by address: another query is another answer, each tagged', async () => {
    const byName = await ana.get('/api/games?limit=2&sort=name');
    const byProgress = await ana.get('/api/games?limit=2&sort=progress');
    expect(byName.headers.get('etag')).toBe(byProgress.headers.get('etag'));
    expect((await ana.get('/api/games?limit=2&sort=name')).body).toEqual(byName.body);
    expect((await ana.get('/api/games?limit=2&sort=progress')).body).toEqual(byProgress.body);
    expect(byName.body.items.map((g: Json) => g.name)).toEqual([...byName.body.items.map((g: Json) => g.name)].sort());
    const masked = await ana.get(`/api/games/${GAME}`);
    const revealed = await ana.get(`/api/games/${GAME}?reveal=true`);
    expect(JSON.stringify(masked.body)).not.toEqual(JSON.stringify(revealed.body));
  });

  it('a wipe and a library file import both change the tag', async () => {
    const before = await tags(bob);
    const archive = (await bob.get('/api/library/export')).body;
    expect((await bob.delete('/api/connections/psn?wipe=true')).status).toBe(200);
    const wiped = await conditionalGet(bob, '/api/games?limit=100', before[0]?.etag as string);
    expect(wiped.status).toBe(200);
    expect(wiped.body.total).toBe(0);
    const emptyTag = wiped.headers.get('etag') as string;
    expect((await bob.post('/api/library/import', archive)).status).toBe(201);
    const restored = await conditionalGet(bob, '/api/games?limit=100', emptyTag);
    expect(restored.status).toBe(200);
    expect(restored.body.total).toBe(before[0]?.body.total);
  });
});
