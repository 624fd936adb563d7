import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dialect, type TestStore, dialects, freshStore } from '../../test/stores.ts';
import { SyncRunsRepository } from '../repositories/sync-runs.repository.ts';
import { UsersRepository } from '../repositories/users.repository.ts';
import { RunRecorder, STALE_RUN_MS } from './run-recorder.ts';

describe.each(dialects)('the run recorder on %s', (dialect: Dialect) => {
  let store: TestStore;
  let userId = '';
  let now = Date.parse('2026-12-01T10:00:00Z');
  const clock = () => now;

  beforeAll(async () => {
    store = await freshStore(dialect);
    userId = (await new UsersRepository(store.db).create('runner', new Date(now))).id;
  });
  afterAll(() => store.dispose());

  it('ends a run whose process died (no heartbeat) as interrupted, and its job resumes the same run to its end', async () => {
    const runs = new SyncRunsRepository(store.db);
    const recorder = new RunRecorder({ runs, now: clock, heartbeatMs: 60_000 });
    const run = await recorder.begin(userId, 'import', { jobId: 'job-1', remaining: 3 });
    await run.titleSaved('NPWR00001_00');
    // The process dies here: no end, no more heartbeats.
    run.release();
    const alive = await recorder.begin(userId, 'sync', { jobId: 'job-2', remaining: 1 });
    now += STALE_RUN_MS - 1;
    expect(await recorder.sweep()).toBe(0);
    await alive.working('NPWR00009_00');
    now += 2;
    expect(await recorder.sweep()).toBe(1);
    expect(await runs.get(run.id)).toMatchObject({ state: 'interrupted', current: null, finished_at: new Date(now).toISOString() });
    expect((await runs.get(alive.id))?.state).toBe('running');

    // The job is picked up again: the same run goes on with what was left, and ends.
    const resumed = await recorder.begin(userId, 'import', { jobId: 'job-1', remaining: 2 });
    expect(resumed.id).toBe(run.id);
    expect(await runs.get(run.id)).toMatchObject({ state: 'running', done: 1, total: 3, finished_at: null });
    await resumed.titleSaved('NPWR00002_00');
    await resumed.titleGaveUp('NPWR00003_00', { kind: 'server', message: 'PSN answered 503', retryAt: null });
    expect(await resumed.end()).toMatchObject({ id: run.id, state: 'partial', done: 3, total: 3 });
    await alive.end();
  });

  it('forgets a failure once the title comes through, and an interruption once the run goes on', async () => {
    const runs = new SyncRunsRepository(store.db);
    const recorder = new RunRecorder({ runs, now: clock, heartbeatMs: 60_000 });
    const run = await recorder.begin(userId, 'sync', { jobId: 'job-3', remaining: 2 });
    await run.titleWaiting('NPWR00004_00', { kind: 'network', message: 'reset', retryAt: new Date(now + 30_000).toISOString() });
    expect(JSON.parse((await runs.get(run.id))?.errors ?? '')).toEqual([
      { npCommunicationId: 'NPWR00004_00', kind: 'network', message: 'reset', retryAt: new Date(now + 30_000).toISOString() },
    ]);
    await run.interrupt('NPWR00005_00');
    const resumed = await recorder.begin(userId, 'sync', { jobId: 'job-3', remaining: 2 });
    expect(resumed.errors.map((e) => e.kind)).toEqual(['network']);
    await resumed.titleSaved('NPWR00004_00');
    await resumed.titleSaved('NPWR00005_00');
    expect(await resumed.end()).toMatchObject({ state: 'succeeded', done: 2, total: 2, errors: '[]' });
  });
});
