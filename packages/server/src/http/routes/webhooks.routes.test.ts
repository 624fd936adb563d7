import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Harness, type Json, startHarness } from '../../../test/http-harness.ts';
import { type Receiver, startReceiver } from '../../../test/webhook-receiver.ts';

async function waitFor<T>(what: string, read: () => Promise<T> | T, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} never happened: ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Connects account `index`, imports every title and waits for the import to end. */
async function imported(h: Harness, client: Client, index: number): Promise<string[]> {
  expect((await client.post('/api/connections/psn', { npsso: h.sim.npssoOf(index) })).status).toBe(201);
  await client.until('/api/psn/titles?limit=1', (r) => r.body.state === 'ready');
  const ids = (await client.get('/api/psn/titles/ids')).body.ids as string[];
  const { jobId } = (await client.post('/api/psn/import', { npCommunicationIds: ids })).body;
  await client.until(`/api/sync/runs?jobId=${jobId}`, (r) => r.body.items[0] && r.body.items[0].state !== 'running', 30_000);
  return ids;
}

/** Earns the first unearned non-platinum trophy of a title in the simulator; returns its id. */
function earnOne(h: Harness, index: number, ids: string[]): { npCommunicationId: string; trophyId: number } {
  for (const id of ids) {
    const state = h.sim.world.titleState(index, id);
    const missing = state?.title.trophies.find((t, i) => !state.earned[i] && t.type !== 'platinum');
    if (!missing) continue;
    h.sim.clock.advance(60_000);
    h.sim.world.earnTrophy(index, id, missing.id);
    return { npCommunicationId: id, trophyId: missing.id };
  }
  throw new Error('fixture: an unearned trophy expected');
}

async function syncNow(client: Client): Promise<Json> {
  const { jobId } = (await client.post('/api/psn/sync')).body;
  return (await client.until(`/api/sync/runs?jobId=${jobId}`, (r) => r.body.items[0] && r.body.items[0].state !== 'running', 30_000)).body.items[0];
}

describe('webhooks, with private targets allowed (a receiver on this machine)', () => {
  let h: Harness;
  let receiver: Receiver;
  let ana: Client;
  let ids: string[];
  beforeAll(async () => {
    h = await startHarness({ server: { allowPrivateWebhooks: true, webhooks: { timeoutMs: 400, retryDelaysMs: [100, 100, 100] } } });
    receiver = await startReceiver();
    ana = await h.user('ana');
    ids = await imported(h, ana, 0);
  }, 60_000);
  afterAll(async () => {
    await receiver.close();
    await h.close();
  });

  it('adds a hook with a secret shown once, sends a signed test from the job system, and logs the answer', async () => {
    const created = await ana.post('/api/webhooks', { url: receiver.url, events: ['trophy.earned', 'platinum.earned', 'sync.failed'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    expect(created.body.webhook).toMatchObject({ url: receiver.url, format: 'json', enabled: true, lastDelivery: null });
    receiver.secret = created.body.secret;
    // Listed without the secret.
    const listed = (await ana.get('/api/webhooks')).body.items;
    expect(JSON.stringify(listed)).not.toContain(created.body.secret);

    const id = created.body.webhook.id;
    const test = await ana.post(`/api/webhooks/${id}/test`);
    expect(test.status).toBe(202);
    await waitFor(
      'the test delivery',
      () => receiver.received.length,
      (n) => n >= 1,
    );
    const [first] = receiver.received;
    expect(first?.signed).toBe(true);
    expect(first?.headers['trophyroom-event']).toBe('test');
    expect(JSON.parse(first?.body ?? '{}')).toMatchObject({ type: 'test', id: first?.headers['trophyroom-event-id'] });
    const log = await waitFor(
      'the log',
      async () => (await ana.get(`/api/webhooks/${id}/deliveries`)).body.items,
      (items: Json[]) => items[0]?.state === 'delivered',
    );
    expect(log[0]).toMatchObject({ eventType: 'test', attempts: 1, status: 200, response: 'ok thanks', error: null });
    expect((await ana.get('/api/webhooks')).body.items[0].lastDelivery).toMatchObject({ status: 200, state: 'delivered' });
    await ana.delete(`/api/webhooks/${id}`);
    receiver.received.length = 0;
  });

  it('tells each trophy earned since the last sync once, signed, with a stable event id, and nothing on a sync that found nothing', async () => {
    const created = (await ana.post('/api/webhooks', { url: receiver.url, events: ['trophy.earned'] })).body;
    receiver.secret = created.secret;
    const earned = [earnOne(h, 0, ids), earnOne(h, 0, ids.slice(3))];
    expect((await syncNow(ana)).state).toBe('succeeded');
    await waitFor(
      'two deliveries',
      () => receiver.received.length,
      (n) => n >= 2,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(2);
    const events = receiver.received.map((r) => JSON.parse(r.body));
    expect(receiver.received.every((r) => r.signed)).toBe(true);
    expect(events.map((e) => [e.data.game.npCommunicationId, e.data.trophy.id]).sort()).toEqual(earned.map((e) => [e.npCommunicationId, e.trophyId]).sort());
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    expect(receiver.received.map((r) => r.headers['trophyroom-event-id'])).toEqual(events.map((e) => e.id));

    // Nothing new on PSN: nothing sent.
    expect((await syncNow(ana)).state).toBe('succeeded');
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toHaveLength(2);
    await ana.delete(`/api/webhooks/${created.webhook.id}`);
    receiver.received.length = 0;
  });

  it('retries a failing receiver with backoff and keeps each attempt’s answer; a hanging one times out without holding up a sync', async () => {
    const created = (await ana.post('/api/webhooks', { url: receiver.url, format: 'discord', events: ['trophy.earned'] })).body;
    const id = created.webhook.id;
    receiver.answer = 503;
    earnOne(h, 0, ids.slice(5));
    expect((await syncNow(ana)).state).toBe('succeeded');
    await waitFor(
      'a failed attempt',
      () => receiver.received.length,
      (n) => n >= 2,
    );
    let log = (await ana.get(`/api/webhooks/${id}/deliveries`)).body.items;
    expect(log[0]).toMatchObject({ status: 503, response: 'nope', error: expect.stringContaining('503') });
    receiver.answer = 200;
    log = await waitFor(
      'the retry delivered',
      async () => (await ana.get(`/api/webhooks/${id}/deliveries`)).body.items,
      (items: Json[]) => items[0]?.state === 'delivered',
    );
    expect(log[0].attempts).toBeGreaterThanOrEqual(3);
    // The Discord format: an embed, and no mention ever pings anyone.
    const discord = JSON.parse(receiver.received.at(-1)?.body ?? '{}');
    expect(discord).toMatchObject({ username: 'Trophyroom', embeds: [{ title: expect.stringMatching(/trophy earned/) }], allowed_mentions: { parse: [] } });

    // A receiver that never answers: the sync ends as quickly as ever, the attempt times out and is logged.
    receiver.answer = 'hang';
    earnOne(h, 0, ids.slice(7));
    const started = Date.now();
    expect((await syncNow(ana)).state).toBe('succeeded');
    expect(Date.now() - started).toBeLessThan(5_000);
    log = await waitFor(
      'a timed-out attempt',
      async () => (await ana.get(`/api/webhooks/${id}/deliveries`)).body.items,
      (items: Json[]) => items[0]?.error?.includes('did not answer') ?? false,
    );
    expect(log[0].status).toBeNull();
    receiver.answer = 200;
    await ana.delete(`/api/webhooks/${id}`);
    receiver.received.length = 0;
  });

  it('writes ntfy notifications as text with a title, and refuses bad hooks with a clear error', async () => {
    const created = (await ana.post('/api/webhooks', { url: receiver.url, format: 'ntfy', events: ['trophy.earned'] })).body;
    await ana.post(`/api/webhooks/${created.webhook.id}/test`);
    const got = await waitFor(
      'the ntfy test',
      () => receiver.received,
      (r) => r.length >= 1,
    );
    expect(got[0]?.headers['content-type']).toMatch(/^text\/plain/);
    expect(got[0]?.headers.title).toBe('Trophyroom test');
    expect(got[0]?.body).toMatch(/test delivery/);
    await ana.delete(`/api/webhooks/${created.webhook.id}`);

    expect((await ana.post('/api/webhooks', { url: 'ftp://example.com/x', events: ['trophy.earned'] })).body.error.code).toBe('webhook_url_refused');
    expect((await ana.post('/api/webhooks', { url: 'https://user:pw@example.com/x', events: ['trophy.earned'] })).body.error.code).toBe('webhook_url_refused');
    expect((await ana.post('/api/webhooks', { url: receiver.url, events: [] })).status).toBe(400);
    expect((await ana.post('/api/webhooks', { url: receiver.url, events: ['nope'] })).status).toBe(400);
  });

  it('keeps one user’s hooks from another', async () => {
    const created = (await ana.post('/api/webhooks', { url: receiver.url, events: ['trophy.earned'] })).body;
    const bo = await h.user('bob');
    expect((await bo.get('/api/webhooks')).body.items).toEqual([]);
    expect((await bo.patch(`/api/webhooks/${created.webhook.id}`, { enabled: false })).status).toBe(404);
    expect((await bo.post(`/api/webhooks/${created.webhook.id}/test`)).status).toBe(404);
    expect((await bo.get(`/api/webhooks/${created.webhook.id}/deliveries`)).status).toBe(404);
    expect((await bo.delete(`/api/webhooks/${created.webhook.id}`)).status).toBe(404);
    expect((await ana.patch(`/api/webhooks/${created.webhook.id}`, { enabled: false })).body.webhook.enabled).toBe(false);
  });
});

describe('webhooks and server-side request forgery (private targets not allowed: the default)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('refuses URLs that reach loopback, private, link-local or mapped addresses, saying how the operator allows them', async () => {
    const ana = await h.user('ana');
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://localhost:9/hook',
      'http://[::1]/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://10.1.2.3/hook',
      'http://192.168.1.10/hook',
      'http://[fd00::1]/hook',
      'http://[fe80::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://0.0.0.0/hook',
    ]) {
      const r = await ana.post('/api/webhooks', { url, events: ['trophy.earned'] });
      expect(r.status, url).toBe(400);
      expect(r.body.error.code).toBe('webhook_url_refused');
    }
    const r = await ana.post('/api/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['trophy.earned'] });
    expect(r.body.error.message).toMatch(/--allow-private-webhooks/);
    expect((await ana.get('/api/webhooks')).body.items).toEqual([]);
  });
});
