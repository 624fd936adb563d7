import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Harness, type Json, startHarness } from '../../../test/http-harness.ts';
import type { Dialect } from '../../../test/stores.ts';

const PNG = [0x89, 0x50, 0x4e, 0x47];

/** Two catalogue titles of the same name whose trophy sets differ: a remaster with a new list. */
function namesakes(h: Harness): [string, string] {
  const catalog = h.sim.world.catalog;
  for (let i = 0; i + 1 < catalog.size; i++) {
    const [a, b] = [catalog.at(i), catalog.at(i + 1)];
    if (a.name === b.name && a.trophies.length !== b.trophies.length) return [a.npCommunicationId, b.npCommunicationId];
  }
  throw new Error('the world has no namesakes');
}

/** The ids the simulator's library of account 0 holds in stacks: lists of one name with the same trophies. */
function simStacks(h: Harness): string[][] {
  const byName = new Map<string, Json[]>();
  for (const item of h.sim.world.library(0).items) byName.set(item.title.name, [...(byName.get(item.title.name) ?? []), item.title]);
  return [...byName.values()]
    .filter((ts) => ts.length > 1 && ts.every((t) => t.trophies.length === ts[0].trophies.length))
    .map((ts) => ts.map((t) => t.npCommunicationId).sort());
}

describe.each<Dialect>(['sqlite', 'postgres'])('stacks and artwork through the real server (%s)', (dialect) => {
  let h: Harness;
  let ana: Client;
  let pair: [string, string];
  beforeAll(async () => {
    h = await startHarness({ dialect });
    pair = namesakes(h);
    const accountId = h.sim.credentialsOf(0).accountId;
    for (const id of pair)
      expect((await fetch(`${h.simUrl}/__sim/accounts/${accountId}/titles`, { method: 'POST', body: JSON.stringify({ npCommunicationId: id }) })).status).toBe(
        200,
      );
    ana = await h.user('ana');
    expect((await ana.post('/api/connections/psn', { npsso: h.sim.npssoOf(0) })).status).toBe(201);
    await ana.until('/api/psn/titles?limit=1', (r) => r.body.state === 'ready');
    const ids = (await ana.get('/api/psn/titles/ids')).body.ids as string[];
    const { jobId } = (await ana.post('/api/psn/import', { npCommunicationIds: ids })).body;
    await ana.until(`/api/sync/runs?jobId=${jobId}`, (r) => r.body.items[0] && r.body.items[0].state !== 'running', 60_000);
  }, 120_000);
  afterAll(async () => {
    await h.close();
  });

  it('stacks the versions whose trophy sets match, each with its progress, and never namesakes with other sets', async () => {
    const expected = simStacks(h);
    expect(expected.length).toBeGreaterThan(0);
    const page = (await ana.get('/api/stacks?limit=100')).body;
    expect(page.total).toBe(expected.length);
    const got = page.items.map((s: Json) => s.versions.map((v: Json) => v.npCommunicationId).sort());
    expect(got.sort()).toEqual(expected.sort());
    for (const stack of page.items) {
      expect(stack.joinedByHand).toBe(false);
      expect(new Set(stack.versions.map((v: Json) => v.platforms.join(','))).size).toBe(stack.versions.length);
      for (const v of stack.versions) expect(v).toMatchObject({ name: stack.name, progress: expect.any(Number), earned: expect.any(Object) });
    }
    // Same name, other trophies: two separate games.
    for (const id of pair) expect((await ana.get(`/api/games/${id}/stack`)).body.stack).toBeNull();
  });

  it('shows a game its siblings, splits a wrong stack and joins lists by hand; unknown ids change nothing', async () => {
    const [a, b] = simStacks(h)[0] as [string, string];
    const sibling = (await ana.get(`/api/games/${a}/stack`)).body.stack;
    expect(sibling.versions.map((v: Json) => v.npCommunicationId).sort()).toEqual([a, b].sort());

    const before = (await ana.get('/api/stacks?limit=100')).body;
    const split = await ana.post('/api/stacks/split', { npCommunicationId: a });
    expect(split.status).toBe(200);
    expect(split.body.stack).toBeNull();
    expect((await ana.get(`/api/games/${a}/stack`)).body.stack).toBeNull();
    expect((await ana.get('/api/stacks?limit=100')).body.total).toBe(before.total - 1);

    const refused = await ana.post('/api/stacks/join', { npCommunicationIds: [a, 'NPWR99999_00', 'NPWR99998_00'] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('unknown_titles');
    expect(refused.body.error.details.unknown).toEqual(['NPWR99999_00', 'NPWR99998_00']);
    expect(refused.body.error.message).toContain('NPWR99999_00');
    expect((await ana.get('/api/stacks?limit=100')).body.total).toBe(before.total - 1);

    // The namesakes joined by hand: the user's word wins over the sets.
    const joined = await ana.post('/api/stacks/join', { npCommunicationIds: pair });
    expect(joined.status).toBe(200);
    expect(joined.body.stack.joinedByHand).toBe(true);
    expect(joined.body.stack.versions.map((v: Json) => v.npCommunicationId).sort()).toEqual([...pair].sort());
    const rejoined = await ana.post('/api/stacks/join', { npCommunicationIds: [a, b] });
    expect(rejoined.body.stack.versions).toHaveLength(2);
    expect((await ana.get('/api/stacks?limit=100')).body.total).toBe(before.total + 1);
    // Another user sees none of it.
    const bob = await h.user('bob');
    expect((await bob.get('/api/stacks')).body).toMatchObject({ items: [], total: 0 });
    expect((await bob.post('/api/stacks/split', { npCommunicationId: a })).body.error.code).toBe('unknown_titles');
  });

  it('points every icon at its own origin and serves each image, fetched once and kept on disk', async () => {
    const games = (await ana.get('/api/games?limit=100')).body.items;
    for (const g of games) expect(g.iconUrl).toMatch(/^\/api\/images\/(psn|trophy01)\/[A-Za-z0-9_-]+$/);
    const game = (await ana.get(`/api/games/${games[0].npCommunicationId}?reveal=true`)).body;
    const icons = game.groups.flatMap((g: Json) => g.trophies.map((t: Json) => t.iconUrl));
    expect(icons.every((u: string) => u.startsWith('/api/images/'))).toBe(true);
    expect(JSON.stringify(game)).not.toContain(h.simUrl);

    const res = await fetch(`${h.url}${games[0].iconUrl}`, { headers: { cookie: ana.cookie as string } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual(PNG);
    expect(readdirSync(join(h.dataDir, 'images'))).toHaveLength(1);
    // Signed out: no image.
    expect((await fetch(`${h.url}${games[0].iconUrl}`)).status).toBe(401);
  });

  it('fetches only from the allowed hosts: no other host, no path tricks, nothing that is not an image', async () => {
    const ref = (path: string) => Buffer.from(path).toString('base64url');
    const attempts = [
      `/api/images/evil.example/${ref('/x.png')}`,
      `/api/images/psn/${ref('/../../etc/passwd')}`,
      `/api/images/psn/${ref('//evil.example/x.png')}`,
      `/api/images/psn/${ref('@evil.example/x.png')}`,
      `/api/images/psn/${ref('/x.png?u=http://evil.example')}`,
      `/api/images/psn/${encodeURIComponent('http://evil.example/x.png')}`,
      `/api/images/image-api/${ref('\\\\evil.example\\x.png')}`,
    ];
    for (const path of attempts) {
      const r = await ana.get(path);
      expect(r.status, path).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    }
    // An allowed host's answer that is not an image (the simulator's JSON status page) is refused and not kept.
    const kept = readdirSync(join(h.dataDir, 'images')).length;
    const json = await ana.get(`/api/images/psn/${ref('/__sim')}`);
    expect(json.status).toBe(502);
    expect(json.body.error).toMatchObject({ code: 'image_unavailable', message: expect.stringContaining('not a PNG') });
    expect(readdirSync(join(h.dataDir, 'images'))).toHaveLength(kept);
  });

  it('serves a kept image with PSN gone', async () => {
    const games = (await ana.get('/api/games?limit=1')).body.items;
    expect(existsSync(join(h.dataDir, 'images'))).toBe(true);
    await h.sim.close();
    const res = await fetch(`${h.url}${games[0].iconUrl}`, { headers: { cookie: ana.cookie as string } });
    expect(res.status).toBe(200);
    expect([...new Uint8Array(await res.arrayBuffer()).slice(0, 4)]).toEqual(PNG);
  });
});
