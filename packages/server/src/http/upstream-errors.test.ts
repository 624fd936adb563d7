import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Harness, startHarness } from '../../test/http-harness.ts';

const fault = async (h: Harness, rule: unknown) => {
  const res = await fetch(`${h.simUrl}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  if (!res.ok) throw new Error(await res.text());
};

describe('Sony unreachable', () => {
  it('answers a connect with 503 psn_unavailable, and keeps nothing', async () => {
    const h = await startHarness({ simDown: true });
    try {
      const ana = await h.user('ana');
      const r = await ana.post('/api/connections/psn', { npsso: h.sim.credentialsOf(0).npsso });
      expect(r.status).toBe(503);
      expect(r.body.error).toMatchObject({ code: 'psn_unavailable', message: expect.stringMatching(/try again/i) });
      expect((await ana.get('/api/connections/psn')).body.connection).toBeNull();
    } finally {
      await h.close();
    }
  });
});

describe('Sony misbehaving', () => {
  let h: Harness;
  let ana: Client;
  beforeAll(async () => {
    h = await startHarness();
    ana = await h.user('ana');
  });
  afterAll(() => h.close());

  it('an HTML error page instead of the token answer is a 503, not a crash', async () => {
    await fault(h, { kind: 'html', route: 'auth.token', count: 4 });
    const r = await ana.post('/api/connections/psn', { npsso: h.sim.credentialsOf(0).npsso });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('psn_unavailable');
    expect(JSON.stringify(r.body)).not.toMatch(/<html|at .*\.ts:\d+/i);
    await fetch(`${h.simUrl}/__sim/faults`, { method: 'DELETE' });
  });

  it('malformed JSON for one title marks that title failed and imports the rest; a 429 is waited out', async () => {
    expect((await ana.post('/api/connections/psn', { npsso: h.sim.credentialsOf(0).npsso })).status).toBe(201);
    const picker = await ana.until('/api/psn/titles', (r) => r.body.state === 'ready');
    const ids: string[] = picker.body.items.slice(0, 4).map((t: { npCommunicationId: string }) => t.npCommunicationId);
    await fault(h, { kind: 'malformed', variant: 'wrong-type', route: 'trophy.userTrophies', count: 1 });
    await fault(h, { kind: 'rate-limit', route: 'trophy.titleTrophies', retryAfterSeconds: 1, count: 1 });
    await ana.post('/api/psn/import', { npCommunicationIds: ids });
    const run = (await ana.until('/api/sync/runs', (r) => r.body.items[0]?.kind === 'import' && r.body.items[0].state !== 'running', 20_000)).body.items[0];
    expect(run.state).toBe('partial');
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0].kind).toBe('malformed_response');
    expect(run.errors[0].message).toMatch(/trophy\.userTrophies/);
    const games = (await ana.get('/api/games?limit=10')).body.items;
    expect(games.filter((g: { syncedAt: string | null }) => g.syncedAt).length).toBe(3);

    // Nothing lost: importing again fetches the one that failed.
    await ana.post('/api/psn/import', { npCommunicationIds: [run.errors[0].npCommunicationId] });
    await ana.until('/api/sync/runs', (r) => r.body.items[0]?.id !== run.id && r.body.items[0].state === 'succeeded', 20_000);
    expect((await ana.get(`/api/games/${run.errors[0].npCommunicationId}`)).body.game.syncedAt).not.toBeNull();
  });
});
