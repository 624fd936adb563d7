import { randomBytes } from 'node:crypto';
import { Vault } from '@trophyroom/vault';
import { type Simulator, createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedWorker, testUser } from '../../test/engine-kit.ts';
import { type Dialect, type TestStore, dialects, freshStore } from '../../test/stores.ts';
import { createEngine } from '../engine.ts';

// An import that takes days: its estimate, a sync of the same account going first, pause, resume and "this game first".
describe.each(dialects)('a long import on %s', (dialect: Dialect) => {
  let sim: Simulator;
  let url = '';
  let store: TestStore;
  const vault = new Vault([randomBytes(32)]);
  // Called after each earned-state request the simulator answers (titles in the order the import fetched them).
  let afterTitle: ((id: string, n: number) => Promise<void> | void) | undefined;
  let fetched: string[] = [];

  beforeAll(async () => {
    sim = createSimulator({ seed: 61, accounts: 6, titles: 30, privateRate: 0 });
    url = await sim.listen(0);
    store = await freshStore(dialect);
  });
  afterAll(async () => {
    await store.dispose();
    await sim.close();
  });

  const watching: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const path = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).pathname;
    const earned = /\/users\/[^/]+\/npCommunicationIds\/([^/]+)\/trophyGroups\/all\/trophies$/.exec(path);
    if (earned) {
      fetched.push(earned[1] as string);
      await afterTitle?.(earned[1] as string, fetched.length);
    }
    return res;
  };

  async function connected(index: number) {
    const e = createEngine({ store, vault, psnOptions: { baseUrl: url, fetch: watching } });
    const user = await testUser(store, `long-${index}`);
    await e.connection.connect(user.id, sim.credentialsOf(index).npsso, { queueTitleList: false });
    await e.picker.refreshTitleList(user.id);
    const ids = sim.world.library(index).items.map((i) => i.title.npCommunicationId);
    const worker = embeddedWorker(store, e);
    const drain = async () => {
      while (await worker.runOnce()) {}
    };
    fetched = [];
    return { e, user, ids, drain };
  }

  it('carries the requests it still needs and an estimate from the budget’s pace, and none once it ended', async () => {
    const { e, user, ids, drain } = await connected(1);
    let seen: Awaited<ReturnType<typeof e.runs.list>>[number] | undefined;
    afterTitle = async (_id, n) => {
      if (n === 10) seen = (await e.runs.list(user.id, { limit: 1 }))[0];
    };
    try {
      await e.picker.requestImport(user.id, ids);
      await drain();
    } finally {
      afterTitle = undefined;
    }
    // Ten titles in: the twenty left need their earned state and their definitions (none stored yet).
    const left = sim.world
      .library(1)
      .items.filter((i) => !fetched.slice(0, 9).includes(i.title.npCommunicationId))
      .reduce((sum, i) => sum + 2 + (i.title.groups.length > 1 ? 1 : 0), 0);
    expect(seen).toMatchObject({ state: 'running', done: 9, remainingRequests: left });
    // Well inside the window of 300: the requests go at once, nothing to wait for.
    expect(seen?.estimatedSecondsLeft).toBe(0);
    const [ended] = await e.runs.list(user.id, { limit: 1 });
    expect(ended).toMatchObject({ state: 'succeeded', done: ids.length, remainingRequests: 0, estimatedSecondsLeft: null, estimatedFinishAt: null });
  });

  it('gives way to a Sync now of the same account between titles, then goes on as the same run', async () => {
    const { e, user, ids, drain } = await connected(2);
    afterTitle = async (_id, n) => {
      if (n === 5) await e.library.requestSync(user.id);
    };
    let importRun: string | undefined;
    try {
      const { jobId } = await e.picker.requestImport(user.id, ids);
      await drain();
      importRun = (await e.runs.list(user.id, { limit: 5, jobId }))[0]?.id;
    } finally {
      afterTitle = undefined;
    }
    const runs = await e.runs.list(user.id, { limit: 5 });
    const sync = runs.find((r) => r.kind === 'sync');
    const imported = runs.find((r) => r.id === importRun);
    expect(runs.filter((r) => r.kind === 'import')).toHaveLength(1);
    expect(imported).toMatchObject({ state: 'succeeded', done: ids.length, total: ids.length });
    expect(sync?.state).toBe('succeeded');
    // The sync ran while the import still had titles to do: it finished before the import did.
    expect(sync?.finishedAt && imported?.finishedAt && sync.finishedAt <= imported.finishedAt).toBe(true);
    // Its own titles: the five the import had saved were up to date; no title was fetched twice.
    expect(new Set(fetched).size).toBe(fetched.length);
    expect(fetched).toHaveLength(ids.length);
  });

  it('pauses after the title it is on, keeps what it needs, resumes as the same run with the game asked for first', async () => {
    const { e, user, ids, drain } = await connected(3);
    let runId = '';
    afterTitle = async (_id, n) => {
      if (n === 4) {
        runId = (await e.runs.list(user.id, { limit: 1 }))[0]?.id as string;
        await e.library.pause(user.id, runId);
      }
    };
    try {
      await e.picker.requestImport(user.id, ids);
      await drain();
    } finally {
      afterTitle = undefined;
    }
    const paused = await e.runs.get(user.id, runId);
    expect(paused).toMatchObject({ state: 'paused', done: 4, estimatedSecondsLeft: null, estimatedFinishAt: null });
    expect(paused.remainingRequests).toBeGreaterThanOrEqual(ids.length - 4);
    expect(fetched).toHaveLength(4);
    // Resumed, it cannot be resumed again; paused again before its job came round, that job does nothing.
    expect((await e.library.resume(user.id, runId)).state).toBe('waiting');
    await expect(e.library.resume(user.id, runId)).rejects.toMatchObject({ code: 'run_not_paused' });
    await e.library.pause(user.id, runId);
    const last = ids.filter((id) => !fetched.includes(id)).at(-1) as string;
    expect((await e.library.prioritise(user.id, runId, [last])).priority).toEqual([last]);
    await expect(e.library.prioritise(user.id, runId, ['NPWR99999_00'])).rejects.toMatchObject({ code: 'unknown_titles' });
    await e.library.resume(user.id, runId);
    await drain();
    expect(fetched[4]).toBe(last);
    expect(new Set(fetched).size).toBe(ids.length);
    const ended = await e.runs.get(user.id, runId);
    expect(ended).toMatchObject({ state: 'succeeded', done: ids.length, total: ids.length, remainingRequests: 0 });
    expect((await e.runs.list(user.id, { limit: 5 })).filter((r) => r.kind === 'import')).toHaveLength(1);
    await expect(e.library.pause(user.id, runId)).rejects.toMatchObject({ code: 'run_not_open' });
  });
});
