import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Harness, type Json, startHarness } from '../../test/http-harness.ts';

/** Every route, called by a second user against the first user's things: nothing read, nothing changed. */
describe('one user cannot reach another’s data', () => {
  let h: Harness;
  let ana: Client;
  let ben: Client;
  let anaGame: string;
  let anaRun: string;
  let anaToken: string;

  beforeAll(async () => {
    h = await startHarness();
    ana = await h.user('ana');
    ben = await h.user('ben');
    await ana.post('/api/connections/psn', { npsso: h.sim.credentialsOf(0).npsso });
    const picker = await ana.until('/api/psn/titles', (r) => r.body.state === 'ready');
    const ids = picker.body.items.slice(0, 3).map((t: Json) => t.npCommunicationId);
    await ana.post('/api/psn/import', { npCommunicationIds: ids });
    const runs = await ana.until('/api/sync/runs', (r) => r.body.items[0]?.state === 'succeeded');
    anaRun = runs.body.items[0].id;
    anaGame = ids[0];
    anaToken = (await ana.post('/api/tokens', { name: 'ana script' })).body.id;
  });
  afterAll(() => h.close());

  it('library, game, stats', async () => {
    expect((await ana.get('/api/games')).body.total).toBe(3);
    expect((await ben.get('/api/games')).body).toEqual({ items: [], nextCursor: null, total: 0 });
    const game = await ben.get(`/api/games/${anaGame}`);
    expect(game.status).toBe(404);
    expect(game.body.error.code).toBe('not_found');
    expect((await ben.get('/api/stats')).body).toMatchObject({ points: 0, games: 0, titles: 0 });
  });

  it('runs and their event streams', async () => {
    expect((await ben.get('/api/sync/runs')).body.items).toEqual([]);
    expect((await ben.get(`/api/sync/runs/${anaRun}`)).status).toBe(404);
    expect((await ben.get(`/api/sync/runs/${anaRun}/events`)).status).toBe(404);
    const controller = new AbortController();
    const stream = await fetch(`${h.url}/api/sync/events`, { headers: { cookie: ben.cookie as string }, signal: controller.signal });
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const first = await Promise.race([reader.read(), new Promise((r) => setTimeout(() => r('quiet'), 300))]);
    controller.abort();
    expect(first).toBe('quiet');
  });

  it('the connection and the picker', async () => {
    expect((await ben.get('/api/connections/psn')).body).toEqual({ connection: null });
    expect((await ben.patch('/api/connections/psn', { autoImport: true })).status).toBe(404);
    expect((await ben.delete('/api/connections/psn?wipe=true')).body).toMatchObject({ disconnected: false });
    expect((await ana.get('/api/connections/psn')).body.connection.state).toBe('active');
    expect((await ana.get('/api/games')).body.total).toBe(3);
    expect((await ben.get('/api/psn/titles')).body).toMatchObject({ total: 0, items: [] });
    expect((await ben.get('/api/psn/titles/ids')).body).toEqual({ ids: [] });
    expect((await ben.post('/api/psn/import', { npCommunicationIds: [anaGame] })).body.error.code).toBe('not_connected');
    expect((await ben.post('/api/psn/sync')).body.error.code).toBe('not_connected');
  });

  it('API tokens', async () => {
    expect((await ben.get('/api/tokens')).body.items).toEqual([]);
    expect((await ben.delete(`/api/tokens/${anaToken}`)).status).toBe(404);
    expect((await ana.get('/api/tokens')).body.items).toHaveLength(1);
  });

  it('admin settings', async () => {
    expect((await ben.patch('/api/admin/settings', { signupOpen: false })).status).toBe(403);
    expect((await ben.get('/api/me')).body.settings.signupOpen).toBe(true);
  });
});
