import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, type Json, startHarness } from '../test/http-harness.ts';
import { freshStore } from '../test/stores.ts';
import { ConfigError, loadConfig } from './config.ts';
import { type RunningServer, startServer } from './main.ts';

describe('roles', () => {
  it('refuses web and worker roles without PostgreSQL, in words that say what to do', () => {
    for (const role of ['web', 'worker'] as const) {
      expect(() => loadConfig({ role }, {})).toThrow(ConfigError);
      expect(() => loadConfig({}, { TROPHYROOM_ROLE: role, TROPHYROOM_DATABASE_URL: 'sqlite:/tmp/x.db' })).toThrow(/needs PostgreSQL/);
    }
    expect(loadConfig({ role: 'worker', databaseUrl: 'postgres://db/trophyroom' }, {}).role).toBe('worker');
    expect(() => loadConfig({}, { TROPHYROOM_WORKER_CONCURRENCY: '0' })).toThrow(/WORKER_CONCURRENCY/);
  });
});

describe('the configuration', () => {
  it('reports every bad setting at once, each with its variable (and flag), never a secret', () => {
    const secret = 'short-secret';
    let error: unknown;
    try {
      loadConfig(
        { port: 70_000, metricsToken: secret },
        {
          TROPHYROOM_ROLE: 'boss',
          TROPHYROOM_LOG_LEVEL: 'loud',
          TROPHYROOM_WORKER_CONCURRENCY: 'many',
          TROPHYROOM_PSN_BASE_URL: 'not a url',
          TROPHYROOM_SECRET_KEY: 'dG9vIHNob3J0',
          TROPHYROOM_SYNC_CRON: 'every day',
          TROPHYROOM_FORGET_PSN_TOKENS: 'perhaps',
        },
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems.map((p) => p.variable)).toEqual([
      'TROPHYROOM_PORT',
      'TROPHYROOM_PSN_BASE_URL',
      'TROPHYROOM_SECRET_KEY',
      'TROPHYROOM_METRICS_TOKEN',
      'TROPHYROOM_SYNC_CRON',
      'TROPHYROOM_ROLE',
      'TROPHYROOM_WORKER_CONCURRENCY',
      'TROPHYROOM_LOG_LEVEL',
      'TROPHYROOM_FORGET_PSN_TOKENS',
    ]);
    expect(message).toMatch(/^9 settings are not valid:/);
    expect(message).toContain('TROPHYROOM_PORT (--port): "70000" is not a port number (0–65535).');
    expect(message).toContain('TROPHYROOM_ROLE (--role): The role "boss" is not one of web, worker, all.');
    expect(message).toMatch(/TROPHYROOM_SECRET_KEY: it must be base64 of 32 random bytes/);
    expect(message).toMatch(/TROPHYROOM_SYNC_CRON \(--sync-cron\): "every day" is not a cron expression/);
    expect(message).not.toContain(secret);
    expect(message).not.toContain('dG9vIHNob3J0');
  });

  it('takes a flag before the environment, and the first variable set of a setting', () => {
    expect(loadConfig({}, { PORT: '8080' }).port).toBe(8080);
    expect(loadConfig({}, { TROPHYROOM_PORT: '9000', PORT: '8080' }).port).toBe(9000);
    expect(loadConfig({ port: 7000 }, { TROPHYROOM_PORT: '9000' }).port).toBe(7000);
    expect(loadConfig({}, {})).toMatchObject({ port: 3000, host: '127.0.0.1', role: 'all', workerConcurrency: 20, logLevel: 'info', forgetPsnTokens: false });
  });
});

describe('security settings', () => {
  it('reads trustProxy, the metrics settings and the public URL, and refuses bad values without repeating a secret', () => {
    expect(loadConfig({}, {})).toMatchObject({ trustProxy: false, metricsToken: undefined, metricsListen: undefined, metricsPlayerLabels: false });
    const env = {
      TROPHYROOM_TRUST_PROXY: 'true',
      TROPHYROOM_METRICS_TOKEN: 'x'.repeat(32),
      TROPHYROOM_METRICS_LISTEN: '[::1]:9464',
      TROPHYROOM_METRICS_PLAYER_LABELS: '1',
    };
    expect(loadConfig({}, env)).toMatchObject({ trustProxy: true, metricsToken: 'x'.repeat(32), metricsListen: '[::1]:9464', metricsPlayerLabels: true });
    expect(loadConfig({ trustProxy: false }, env).trustProxy).toBe(false);
    expect(() => loadConfig({}, { TROPHYROOM_TRUST_PROXY: 'maybe' })).toThrow(/TROPHYROOM_TRUST_PROXY \(--trust-proxy\): "maybe" is not true or false/);
    expect(() => loadConfig({}, { TROPHYROOM_METRICS_LISTEN: '9464' })).toThrow(/not host:port/);
    expect(() => loadConfig({}, { TROPHYROOM_PUBLIC_URL: 'ftp://trophies.example' })).toThrow(/http:\/\/ or https:\/\//);
    const short = 'short-secret';
    expect(() => loadConfig({ metricsToken: short }, {})).toThrow(/at least 16 characters/);
    try {
      loadConfig({ metricsToken: short }, {});
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
  });

  it('serves a worker’s metrics on an address of its own', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'trophyroom-worker-'));
    const store = await freshStore('postgres');
    const worker = await startServer({
      role: 'worker',
      databaseUrl: store.url,
      dataDir,
      metricsListen: '127.0.0.1:0',
      logLevel: 'silent',
      env: {},
    });
    try {
      expect(worker.url).toBeUndefined();
      const text = await (await fetch(`${worker.metricsUrl}/metrics`)).text();
      expect(text).toMatch(/^# TYPE trophyroom_jobs gauge$/m);
    } finally {
      await worker.close();
      await store.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a web process and a worker process on one PostgreSQL database', () => {
  let h: Harness;
  let worker: RunningServer | undefined;
  const secretKey = randomBytes(32).toString('base64');
  const dataDir = mkdtempSync(join(tmpdir(), 'trophyroom-worker-'));
  beforeAll(async () => {
    h = await startHarness({ dialect: 'postgres', server: { role: 'web', secretKey, metricsToken: 'the-metrics-token-0123456789' } });
  });
  afterAll(async () => {
    await worker?.close();
    await h.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('queues in the web process and runs the jobs in the worker: picker, import, library', { timeout: 60_000 }, async () => {
    const ana = await h.user('ana');
    const account = h.sim.credentialsOf(1);
    expect((await ana.post('/api/connections/psn', { npsso: account.npsso })).status).toBe(201);
    // No worker yet: the title list waits in the queue.
    await new Promise((r) => setTimeout(r, 300));
    expect((await ana.get('/api/psn/titles?limit=1000')).body.state).toBe('loading');

    worker = await startServer({
      role: 'worker',
      databaseUrl: h.server.config.databaseUrl,
      dataDir,
      secretKey,
      psnBaseUrl: h.simUrl,
      now: () => h.sim.clock.now(),
      workerPollMs: 20,
      logLevel: 'silent',
      env: {},
    });
    expect(worker.url).toBeUndefined();
    const picker = await ana.until('/api/psn/titles?limit=1000', (p) => p.body.state === 'ready', 20_000);
    const ids: string[] = picker.body.items.map((t: Json) => t.npCommunicationId);
    expect(ids.length).toBeGreaterThan(5);
    expect((await ana.post('/api/psn/import', { npCommunicationIds: ids })).status).toBe(202);
    const runs = await ana.until('/api/sync/runs', (r) => r.body.items.some((run: Json) => run.kind === 'import' && run.state !== 'running'), 30_000);
    expect(runs.body.items.find((run: Json) => run.kind === 'import')).toMatchObject({ state: 'succeeded', done: ids.length });
    expect((await ana.get('/api/games?limit=100')).body.items).toHaveLength(ids.length);
    // The job completes just after its run says it ended (the worker acknowledges it then).
    const scrape = async () => (await fetch(`${h.url}/metrics`, { headers: { authorization: 'Bearer the-metrics-token-0123456789' } })).text();
    let metrics = await scrape();
    for (let i = 0; i < 100 && !/trophyroom_jobs\{name="psn.import",state="done"\} 1/.test(metrics); i++) {
      await new Promise((r) => setTimeout(r, 100));
      metrics = await scrape();
    }
    expect(metrics).toMatch(/trophyroom_jobs\{name="psn.import",state="done"\} 1/);
  });
});
