import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type Simulator, createSimulator } from 'psn-sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Dialect, type TestStore, dialects, freshStore } from '../../test/stores.ts';
import { embeddedWorker, jobsTable, testUser } from '../../test/engine-kit.ts';
import { type Engine, createEngine } from '../engine.ts';
import { Vault } from '@trophyroom/vault';

const WORKER = fileURLToPath(new URL('../../test/import-worker.ts', import.meta.url));
// Fast backoff and no budget: this test is about faults and crashes, not the rate limit (tested on its own).
const PSN_OPTIONS = { retry: { baseDelayMs: 20, maxDelayMs: 80, retries: 4 }, budget: false as const };

describe.each(dialects)('import and sync under faults on %s', (dialect: Dialect) => {
  let sim: Simulator;
  let url = '';
  let store: TestStore;
  const key = randomBytes(32);
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    sim = createSimulator({ seed: 77, accounts: 3, titles: 200, privateRate: 0, fixtures: false, rateLimit: false });
    url = await sim.listen(0);
    store = await freshStore(dialect);
  });
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });
  afterAll(async () => {
    await store.dispose();
    await sim.close();
  });

  const faults = (rules: object[]) => fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ faults: rules }) });

  async function expectStoreEqualsPsn(engine: Engine, userId: string) {
    const titles = await engine.picker.titles(userId);
    expect(titles).toHaveLength(sim.world.library(1).items.length);
    for (const title of titles) {
      const state = sim.world.titleState(1, title.np_communication_id);
      if (!state) throw new Error(`${title.np_communication_id} is not on PSN`);
      expect(title.last_updated_at).toBe(new Date(state.lastUpdatedMs).toISOString().replace('.000Z', 'Z'));
      const stored = await engine.library.earned(userId, title.np_communication_id);
      expect(
        stored.map((t) => t.trophy_id),
        title.np_communication_id,
      ).toEqual(state.title.trophies.map((t) => t.id).sort((a, b) => a - b));
      for (const row of stored) {
        const i = state.title.trophies.findIndex((t) => t.id === row.trophy_id);
        expect(row.earned, `${title.np_communication_id} #${row.trophy_id}`).toBe(state.earned[i]);
        if (state.earned[i] && !Number.isNaN(state.earnedAt[i] as number)) expect(Date.parse(row.earned_at ?? '')).toBe(state.earnedAt[i]);
      }
    }
  }

  it('ends with exactly what PSN holds, trophy by trophy, despite 10% 5xx, 429 storms and a killed worker', { timeout: 120_000 }, async () => {
    const engine = createEngine({ store, vault: new Vault([key]), psnOptions: { baseUrl: url, ...PSN_OPTIONS } });
    const user = await testUser(store, 'faulty');
    await engine.connection.connect(user.id, sim.credentialsOf(1).npsso, { queueTitleList: false });
    await engine.picker.refreshTitleList(user.id);
    const ids = (await engine.picker.entries(user.id)).map((p) => p.npCommunicationId);
    await faults([
      { kind: 'error', route: 'trophy.*', status: 503, probability: 0.1 },
      { kind: 'error', route: 'trophy.*', status: 500, probability: 0.02 },
      { kind: 'rate-limit', route: 'trophy.*', retryAfterSeconds: 1, probability: 0.01, count: 3 },
      { kind: 'latency', route: 'trophy.userTrophies', latencyMs: 15 },
    ]);

    // Import in another process, killed without warning part of the way through.
    await engine.picker.requestImport(user.id, ids);
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, url, store.url, key.toString('base64'), '500', '20'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    await new Promise((resolve) => createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve));
    for (let i = 0; i < 600; i++) {
      const done = (await engine.picker.titles(user.id)).filter((t) => t.earned_synced_at === t.last_updated_at).length;
      if (done >= 40) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    // A worker here takes over once the lease lapses and finishes the import.
    const worker = embeddedWorker(store, engine, { leaseMs: 500, pollMs: 20 });
    for (let i = 0; i < 400 && !(await jobsTable(store).byState('done')).some((j) => j.name === 'psn.import'); i++) {
      if (!(await worker.runOnce())) await new Promise((r) => setTimeout(r, 50));
    }

    // PSN moves on: trophies earned in 10 titles, DLC for one, and the daily sync catches up.
    for (const id of ids.slice(20, 30)) {
      const state = sim.world.titleState(1, id);
      const missing = state?.title.trophies.find((t, i) => !state.earned[i] && t.type !== 'platinum');
      if (missing) sim.world.earnTrophy(1, id, missing.id);
    }
    sim.world.publishDlc(ids[50] as string, 4);
    // A title that failed is recorded on its run and retried by the next sync: a few syncs converge.
    for (let attempt = 0; attempt < 6; attempt++) {
      const run = await engine.library.sync(user.id);
      if (run.state === 'succeeded') break;
    }
    await fetch(`${url}/__sim/faults`, { method: 'DELETE' });
    const final = await engine.library.sync(user.id);
    expect(final).toMatchObject({ state: 'succeeded', total: 0 });
    await expectStoreEqualsPsn(engine, user.id);
  });
});
