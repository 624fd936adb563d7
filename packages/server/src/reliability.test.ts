/**
 * Reliability from the outside: the server as an unlucky operator runs it — against the
 * simulator's own rate limit, restarted mid-import, killed with SIGKILL, with a PSN route failing,
 * and started on a copy of its data without the vault key.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, createSimulator } from 'psn-sim';
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type Json } from '../test/http-harness.ts';
import { type ServerProcess, spawnServer } from '../test/spawn-server.ts';
import { startReceiver } from '../test/webhook-receiver.ts';
import { type RunningServer, type StartOptions, startServer } from './main.ts';

const sims: Simulator[] = [];
const servers: RunningServer[] = [];
const processes: ServerProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const p of processes.splice(0)) p.child.kill('SIGKILL');
  for (const s of servers.splice(0)) await s.close().catch(() => {});
  for (const s of sims.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function simulator(options: Parameters<typeof createSimulator>[0] = {}) {
  const sim = createSimulator({ seed: 41, accounts: 2, titles: 24, privateRate: 0, ...options });
  sims.push(sim);
  return { sim, url: await sim.listen(0) };
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trophyroom-reliability-'));
  dirs.push(dir);
  return dir;
}

async function serve(options: Partial<StartOptions>): Promise<{ server: RunningServer; url: string }> {
  const server = await startServer({ port: 0, logLevel: 'silent', env: {}, workerPollMs: 20, eventPollMs: 20, ...options });
  servers.push(server);
  return { server, url: server.url as string };
}

async function stop(server: RunningServer): Promise<void> {
  servers.splice(servers.indexOf(server), 1);
  await server.close();
}

/** Signs up, connects account `index` and waits for the picker; returns the client and the title ids. */
async function connected(url: string, sim: Simulator, index = 0): Promise<{ client: Client; ids: string[] }> {
  const client = new Client(url);
  expect((await client.post('/api/auth/signup', { username: `player${index}`, password: 'a long enough password' })).status).toBe(201);
  expect((await client.post('/api/connections/psn', { npsso: sim.npssoOf(index) })).status).toBe(201);
  await client.until('/api/psn/titles?limit=1', (r) => r.body.state === 'ready', 20_000);
  return { client, ids: (await client.get('/api/psn/titles/ids')).body.ids as string[] };
}

/** The account's requests to Sony's data hosts as the simulator counted them (sign-in has a window of its own). */
async function simCounts(simUrl: string, sim: Simulator, index = 0): Promise<{ data: number; tooMany: number }> {
  const counts = (await (await fetch(`${simUrl}/__sim/requests?account=${sim.credentialsOf(index).accountId}`)).json()) as Json;
  const auth = Object.entries(counts.byRoute as Record<string, number>)
    .filter(([route]) => route.startsWith('auth.'))
    .reduce((sum, [, n]) => sum + n, 0);
  return { data: counts.total - auth, tooMany: counts.byStatus['429'] ?? 0 };
}

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} never happened: ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5 } };

describe('the PSN budget, from the first request and across a restart', () => {
  it('spends sign-in and import in one window per PSN account, and a restarted server keeps it: Sony never answers 429', async () => {
    // Sony's limit, made small: 40 requests per 15 minutes, on the simulator and in the server's budget.
    const limit = { limit: 40, windowMs: 900_000 };
    const { sim, url: simUrl } = await simulator({ rateLimit: limit });
    const dir = dataDir();
    const options = { dataDir: dir, psnBaseUrl: simUrl, psnOptions: { ...fast, budget: limit } };
    const first = await serve(options);
    const { client, ids } = await connected(first.url, sim);
    // 24 titles need about 50 requests: the import fills the window and then waits for it.
    expect((await client.post('/api/psn/import', { npCommunicationIds: ids })).status).toBe(202);
    await waitFor(
      'a full window',
      () => simCounts(simUrl, sim),
      (c) => c.data >= limit.limit,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await simCounts(simUrl, sim)).toEqual({ data: limit.limit, tooMany: 0 });

    // Restarted on the same data: the job resumes, and the budget remembers what the window holds.
    await stop(first.server);
    const second = await serve(options);
    const run = await waitFor(
      'the import resumed',
      async () => (await new Client(second.url, { cookie: client.cookie as string }).get('/api/sync/runs')).body.items[0],
      (r: Json) => r?.state === 'running',
    );
    expect(run.kind).toBe('import');
    await new Promise((r) => setTimeout(r, 600));
    expect(await simCounts(simUrl, sim)).toEqual({ data: limit.limit, tooMany: 0 });
  });
});

describe('a run whose server is killed', () => {
  it('resumes as the same run after a SIGKILL and a restart, ends, says so on its event stream, and /metrics counts it once', async () => {
    const { sim, url: simUrl } = await simulator();
    // Slow enough to kill the server part of the way through.
    await fetch(`${simUrl}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'latency', route: 'trophy.userTrophies', latencyMs: 150 }) });
    const dir = dataDir();
    const metricsToken = 'reliability-metrics-token';
    const options = { dataDir: dir, psnBaseUrl: simUrl, workerPollMs: 20, workerLeaseMs: 1000, psnOptions: fast, metricsToken };
    const first = await spawnServer(options);
    processes.push(first);
    const { client, ids } = await connected(first.url, sim);
    const { jobId } = (await client.post('/api/psn/import', { npCommunicationIds: ids })).body;
    const before = await waitFor(
      'some titles imported',
      async () => (await client.get(`/api/sync/runs?jobId=${jobId}`)).body.items[0],
      (r: Json) => r?.done >= 4,
    );
    first.child.kill('SIGKILL');
    await first.exited;
    processes.splice(processes.indexOf(first), 1);

    const second = await spawnServer(options);
    processes.push(second);
    const again = new Client(second.url, { cookie: client.cookie as string });
    const ended = await waitFor(
      'the run ended',
      async () => (await again.get(`/api/sync/runs?jobId=${jobId}`)).body.items[0],
      (r: Json) => r.state !== 'running',
      30_000,
    );
    expect(ended).toMatchObject({ id: before.id, jobId, state: 'succeeded', done: ids.length, total: ids.length, errors: [] });
    expect((await again.get('/api/sync/runs')).body.items.filter((r: Json) => r.kind === 'import')).toHaveLength(1);
    const events = await (await fetch(`${second.url}/api/sync/runs/${before.id}/events`, { headers: { cookie: client.cookie as string } })).text();
    expect(events).toMatch(/event: end\ndata: .*"state":"succeeded"/);
    const metrics = await (await fetch(`${second.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
    expect(metrics).not.toMatch(/trophyroom_sync_runs_total\{kind="import",state="running"\} [1-9]/);
    expect(metrics).toMatch(/trophyroom_sync_runs_total\{kind="import",state="succeeded"\} 1/);
    for (const id of ids) expect((await again.get(`/api/games/${id}`)).body.game.syncedAt).not.toBeNull();
  }, 60_000);
});

describe('titles that fail on PSN', () => {
  it('are tried again by the import itself until their trophies are in, without Sync now', async () => {
    const { sim, url: simUrl } = await simulator();
    const { url } = await serve({
      dataDir: dataDir(),
      psnBaseUrl: simUrl,
      psnOptions: fast,
      titleRetry: { inRunDelaysMs: [100, 200], laterPassMs: 800 },
    });
    const { client, ids } = await connected(url, sim);
    const id = ids[0] as string;
    // Every try of this run answers 503 (four requests a try, three tries): the run gives up, a retry pass does not.
    await fetch(`${simUrl}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'error', status: 503, route: 'trophy.userTrophies', count: 12 }) });
    const { jobId } = (await client.post('/api/psn/import', { npCommunicationIds: [id] })).body;
    const run = await waitFor(
      'the import ended',
      async () => (await client.get(`/api/sync/runs?jobId=${jobId}`)).body.items[0],
      (r: Json) => r && r.state !== 'running',
    );
    expect(run.state).toBe('failed');
    expect(run.errors).toEqual([expect.objectContaining({ npCommunicationId: id, kind: 'server', retryAt: expect.any(String) })]);
    const game = await waitFor(
      'the retry pass',
      async () => (await client.get(`/api/games/${id}`)).body,
      (g: Json) => g.game.syncedAt !== null,
    );
    expect(game.groups.flatMap((g: Json) => g.trophies).length).toBe(sim.world.titleState(0, id)?.title.trophies.length);
  });
});

describe('the vault key', () => {
  it('is never replaced silently: without the key that sealed its tokens the server refuses to start, and --forget-psn-tokens asks for a reconnect', async () => {
    const { sim, url: simUrl } = await simulator();
    const dir = dataDir();
    const first = await serve({ dataDir: dir, psnBaseUrl: simUrl, psnOptions: fast });
    const { client } = await connected(first.url, sim);
    await stop(first.server);

    // The data folder copied without vault.key.
    rmSync(join(dir, 'vault.key'));
    await expect(serve({ dataDir: dir, psnBaseUrl: simUrl })).rejects.toThrow(/vault\.key.*missing.*--forget-psn-tokens/s);
    expect(existsSync(join(dir, 'vault.key'))).toBe(false);
    // Another key than the one that sealed them: refused as well.
    await expect(serve({ dataDir: dir, psnBaseUrl: simUrl, secretKey: Buffer.alloc(32, 7).toString('base64') })).rejects.toThrow(
      /cannot open the PSN tokens of 1 connection/,
    );

    const { url } = await serve({ dataDir: dir, psnBaseUrl: simUrl, forgetPsnTokens: true });
    const same = new Client(url, { cookie: client.cookie as string });
    const { connection } = (await same.get('/api/connections/psn')).body;
    expect(connection).toMatchObject({ state: 'revoked', stateDetail: expect.stringMatching(/reconnect/) });
    expect((await same.post('/api/psn/sync')).body.error.code).toBe('psn_reconnect_required');
    // Reconnecting works, and the library stays.
    expect((await same.post('/api/connections/psn', { npsso: sim.npssoOf(0) })).body.connection.state).toBe('active');
  });
});

describe('webhooks across a killed worker', () => {
  it('gives the receiver exactly one signed delivery per earned trophy when the server is killed (SIGKILL) mid-sync and started again', async () => {
    const { sim, url: simUrl } = await simulator();
    const receiver = await startReceiver();
    try {
      const dir = dataDir();
      const options = {
        dataDir: dir,
        psnBaseUrl: simUrl,
        workerPollMs: 20,
        workerLeaseMs: 1000,
        psnOptions: fast,
        allowPrivateWebhooks: true,
        webhooks: { timeoutMs: 2000, retryDelaysMs: [200, 200, 200], leaseMs: 1000 },
      };
      const first = await spawnServer(options);
      processes.push(first);
      const { client, ids } = await connected(first.url, sim);
      const { jobId } = (await client.post('/api/psn/import', { npCommunicationIds: ids })).body;
      await waitFor(
        'the import',
        async () => (await client.get(`/api/sync/runs?jobId=${jobId}`)).body.items[0],
        (r: Json) => r?.state === 'succeeded',
        30_000,
      );
      const hook = (await client.post('/api/webhooks', { url: receiver.url, events: ['trophy.earned'] })).body;
      receiver.secret = hook.secret;

      // A trophy earned in 12 titles; each title's fetch is slow enough to kill the server part of the way through.
      const earned: string[] = [];
      for (const id of ids) {
        if (earned.length >= 12) break;
        const state = sim.world.titleState(0, id);
        const missing = state?.title.trophies.find((t, i) => !state.earned[i] && t.type !== 'platinum');
        if (!missing) continue;
        const before = [...(state?.earned ?? [])];
        sim.clock.advance(60_000);
        sim.world.earnTrophy(0, id, missing.id);
        // The platinum follows by itself when this was the last trophy left: that is a trophy earned too.
        const after = sim.world.titleState(0, id);
        after?.title.trophies.forEach((t, i) => {
          if (after.earned[i] && !before[i]) earned.push(`${id}#${t.id}`);
        });
      }
      await fetch(`${simUrl}/__sim/faults`, { method: 'POST', body: JSON.stringify({ kind: 'latency', route: 'trophy.userTrophies', latencyMs: 250 }) });
      const sync = (await client.post('/api/psn/sync')).body;
      await waitFor(
        'some titles synced',
        async () => (await client.get(`/api/sync/runs?jobId=${sync.jobId}`)).body.items[0],
        (r: Json) => r?.done >= 4,
      );
      first.child.kill('SIGKILL');
      await first.exited;
      processes.splice(processes.indexOf(first), 1);
      expect(receiver.received.length).toBeLessThan(earned.length);

      const second = await spawnServer(options);
      processes.push(second);
      const again = new Client(second.url, { cookie: client.cookie as string });
      await waitFor(
        'the sync resumed and ended',
        async () => (await again.get(`/api/sync/runs?jobId=${sync.jobId}`)).body.items[0],
        (r: Json) => r?.state === 'succeeded',
        30_000,
      );
      await waitFor(
        'every delivery',
        async () => receiver.received.length,
        (n) => n >= earned.length,
        20_000,
      );
      // Time for a duplicate to show up, if one were coming.
      await new Promise((r) => setTimeout(r, 1500));
      // The receiver keeps one delivery per event id (`Trophyroom-Event-Id`, stable per event), as the docs ask.
      const byEvent = new Map<string, Array<{ key: string; delivery: string; signed: boolean | undefined }>>();
      for (const r of receiver.received) {
        const event = JSON.parse(r.body) as Json;
        expect(r.headers['trophyroom-event-id']).toBe(event.id);
        const list = byEvent.get(event.id) ?? [];
        list.push({
          key: `${event.data.game.npCommunicationId}#${event.data.trophy.id}`,
          delivery: r.headers['trophyroom-delivery'] as string,
          signed: r.signed,
        });
        byEvent.set(event.id, list);
      }
      // Exactly one event, one delivery, per earned trophy: a re-run of the sync after the kill made none again.
      expect([...byEvent.values()].map((l) => l[0]?.key).sort()).toEqual([...earned].sort());
      for (const list of byEvent.values()) {
        expect(new Set(list.map((l) => l.delivery)).size).toBe(1);
        expect(list.every((l) => l.signed)).toBe(true);
      }
      // A request cut off by the kill (sent, its answer never recorded) is the only one sent again: at most one.
      expect(receiver.received.length - byEvent.size).toBeLessThanOrEqual(1);
    } finally {
      await receiver.close();
    }
  }, 90_000);
});
