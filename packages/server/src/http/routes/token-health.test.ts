import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Harness, type Json, startHarness } from '../../../test/http-harness.ts';
import { type Receiver, startReceiver } from '../../../test/webhook-receiver.ts';

const DAY = 86_400_000;

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} never happened: ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function syncNow(client: Client): Promise<Json> {
  const { jobId } = (await client.post('/api/psn/sync')).body;
  return (await client.until(`/api/sync/runs?jobId=${jobId}`, (r) => r.body.items[0] && r.body.items[0].state !== 'running', 30_000)).body.items[0];
}

describe('token health', () => {
  let h: Harness;
  let ana: Client;
  let receiver: Receiver;
  const connection = async () => (await ana.get('/api/connections/psn')).body.connection;
  const fault = (rule: object) => fetch(`${h.simUrl}/__sim/faults`, { method: 'POST', body: JSON.stringify(rule) });
  const events = (type: string) => receiver.received.filter((r) => r.headers['trophyroom-event'] === type).map((r) => JSON.parse(r.body));

  beforeAll(async () => {
    h = await startHarness({
      server: { allowPrivateWebhooks: true, psnOptions: { retry: { baseDelayMs: 1, maxDelayMs: 5 } }, webhooks: { timeoutMs: 1000, retryDelaysMs: [50] } },
    });
    receiver = await startReceiver();
    ana = await h.user('ana');
    // Sony grants this account 10-day tokens (863,999 s, as recorded).
    await fetch(`${h.simUrl}/__sim/accounts/${h.sim.credentialsOf(0).accountId}/token-lifetime`, {
      method: 'POST',
      body: JSON.stringify({ refreshTokenTtl: 863_999 }),
    });
    expect((await ana.post('/api/connections/psn', { npsso: h.sim.npssoOf(0) })).status).toBe(201);
    await ana.until('/api/psn/titles?limit=1', (r) => r.body.state === 'ready');
    const ids = (await ana.get('/api/psn/titles/ids')).body.ids;
    const { jobId } = (await ana.post('/api/psn/import', { npCommunicationIds: ids.slice(0, 8) })).body;
    await ana.until(`/api/sync/runs?jobId=${jobId}`, (r) => r.body.items[0] && r.body.items[0].state !== 'running', 30_000);
    await ana.post('/api/webhooks', { url: receiver.url, events: ['token.expiring', 'psn.signin_failing', 'sync.failed'] });
  }, 60_000);
  afterAll(async () => {
    await receiver.close();
    await h.close();
  });

  it('records what Sony granted and shows a 10-day token as 10 days, with why it is short', async () => {
    const c = await connection();
    expect(c.countdown).toMatchObject({ state: 'amber', daysLeft: 10 });
    expect(c.grant).toMatchObject({ lifetimeSeconds: 863_999, lifetimeDays: 10, grantedAt: c.connectedAt });
    expect(c.shortTokenReason).toMatch(/10-day token/);
    expect(c.health).toEqual({ kind: 'ok', message: null, since: null, retryAt: null });
  });

  it('tells the hooks before expiry, once at 14 days and once at 3', async () => {
    expect((await syncNow(ana)).state).toBe('succeeded');
    await waitFor(
      'the 14-day notice',
      async () => events('token.expiring'),
      (e) => e.length >= 1,
    );
    expect(events('token.expiring')[0].data).toMatchObject({ daysLeft: 10, message: expect.stringMatching(/expires in 10 days.*Reconnect/) });
    await syncNow(ana);
    h.sim.clock.advance(7.5 * DAY);
    await syncNow(ana);
    await waitFor(
      'the 3-day notice',
      async () => events('token.expiring'),
      (e) => e.length >= 2,
    );
    await syncNow(ana);
    await new Promise((r) => setTimeout(r, 300));
    expect(events('token.expiring').map((e) => e.data.daysLeft)).toEqual([10, 3]);
  });

  it("tells Sony's sign-in outage from a dead token: it keeps the token, retries later by itself and says so", async () => {
    // The access token has run out, and Sony's sign-in answers 503 to the refresh.
    h.sim.clock.advance(2 * 3_600_000);
    await fault({ kind: 'error', status: 503, route: 'auth.token', count: 1000 });
    const run = await syncNow(ana);
    expect(run.state).toBe('failed');
    const c = await connection();
    expect(c.state).toBe('active');
    expect(c.health).toMatchObject({
      kind: 'sony_outage',
      message: expect.stringMatching(/outage on Sony's side.*nothing needs reconnecting/),
      retryAt: expect.any(String),
    });
    await waitFor(
      'the outage notice',
      async () => events('psn.signin_failing'),
      (e) => e.length === 1,
    );
    expect(events('sync.failed')).toEqual([]);
    // Sony comes back; the sync queued for the retry time runs by itself once that time comes.
    await fetch(`${h.simUrl}/__sim/faults`, { method: 'DELETE' });
    h.sim.clock.set(Date.parse(c.health.retryAt) + 1000);
    await waitFor('the retry sync', connection, (x: Json) => x.health.kind === 'ok', 20_000);
    expect((await connection()).lastSync.state).toBe('succeeded');
  });

  it("backs off when Sony's firewall blocks us, without retrying into the block", async () => {
    const ids = (await ana.get('/api/games?limit=3')).body.items.map((g: Json) => g.npCommunicationId);
    // Something changed in three titles, and Sony's edge answers its HTML 403 to every trophy request.
    for (const id of ids) {
      const state = h.sim.world.titleState(0, id);
      const missing = state?.title.trophies.find((t, i) => !state.earned[i] && t.type !== 'platinum');
      if (missing) h.sim.world.earnTrophy(0, id, missing.id);
    }
    await fetch(`${h.simUrl}/__sim/requests`, { method: 'DELETE' });
    await fault({ kind: 'html', route: 'trophy.userTrophies', count: 1000 });
    const run = await syncNow(ana);
    expect(run.state).toBe('failed');
    const c = await connection();
    expect(c.health).toMatchObject({ kind: 'edge_blocked', message: expect.stringMatching(/firewall/) });
    expect(Date.parse(c.health.retryAt) - Date.parse(c.health.since)).toBeGreaterThanOrEqual(3_600_000);
    // One blocked request, not one per title or a retry storm.
    const counts = (await (await fetch(`${h.simUrl}/__sim/requests?account=${h.sim.credentialsOf(0).accountId}`)).json()) as Json;
    expect(counts.byRoute['trophy.userTrophies']).toBe(1);
    await fetch(`${h.simUrl}/__sim/faults`, { method: 'DELETE' });
  });

  it('asks for a reconnect when the token is dead, and reconnecting keeps every trophy and setting', async () => {
    const { sharing } = (await ana.post('/api/sharing')).body;
    await ana.patch('/api/connections/psn', { autoImport: true });
    const before = {
      games: (await ana.get('/api/games?limit=100')).body,
      stats: (await ana.get('/api/stats')).body,
      hooks: (await ana.get('/api/webhooks')).body.items,
    };
    // Signed out of all devices on PSN.
    await fetch(`${h.simUrl}/__sim/accounts/${h.sim.credentialsOf(0).accountId}/revoke`, { method: 'POST' });
    h.sim.clock.advance(2 * 3_600_000);
    await syncNow(ana);
    const dead = await connection();
    expect(dead.health).toMatchObject({ kind: 'reconnect', message: expect.stringMatching(/NPSSO/) });

    h.sim.world.newSession(0);
    expect((await ana.post('/api/connections/psn', { npsso: h.sim.npssoOf(0) })).status).toBe(201);
    const after = await connection();
    expect(after).toMatchObject({ state: 'active', autoImport: true, health: { kind: 'ok' } });
    expect((await ana.get('/api/games?limit=100')).body).toEqual(before.games);
    expect((await ana.get('/api/stats')).body).toEqual(before.stats);
    expect((await ana.get('/api/webhooks')).body.items.map((w: Json) => w.id)).toEqual(before.hooks.map((w: Json) => w.id));
    expect((await ana.get('/api/sharing')).body.sharing.url).toBe(sharing.url);
    expect((await fetch(sharing.url)).status).toBe(200);
  });
});
