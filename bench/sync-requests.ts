/**
 * Requests the sync engine spends, against the floor of DESIGN.md ("Request budget"), and against
 * a naive sync written with psn-api, for a library of 2,000 titles:
 *
 * 1. a full import with no definitions cached yet: the title list and the game list (the picker),
 *    then `importTitles` of every title;
 * 2. a daily sync after one trophy was earned in each of 20 titles (the floor: the title-list pages
 *    down to the first unchanged title, ⌈(C'+1)/800⌉, plus one request per changed title).
 *
 * The simulator (rate limit off) runs in this process and counts the requests per account. The
 * engine runs in a child process (`node --conditions=development --import tsx
 * bench/sync-requests.ts --child`) on a fresh SQLite file, so that its peak RSS holds the engine
 * and the store only. The child times every repository call, which gives the store's share of the
 * import. The naive psn-api sync runs in this process afterwards, against the same account.
 * @module
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, spawnTracked, stop } from './sim-throughput.ts';
import type { Row } from './table.ts';

const TITLES = 2000;
const CHANGED = 20;
const SEED = 42;
/** Page sizes: our client's title list and game list, and Sony's default that psn-api gets. */
const TITLE_PAGE = 800;
const GAME_PAGE = 200;
const DEFAULT_PAGE = 100;
/** Calls the naive psn-api sync keeps in flight (only its wall time depends on it, not its count). */
const NAIVE_CONCURRENCY = 4;
const TIME_LIMIT_MS = 120_000;
const MB = 1024 * 1024;

type ToChild = { type: 'connect'; url: string; npsso: string; file: string } | { type: 'import' } | { type: 'sync'; check: string[] } | { type: 'exit' };

interface StoreTimes {
  /** ms inside repository calls that write titles and trophies (title list, play times, picks, definitions, earned). */
  data: number;
  /** ms inside repository calls that write the sync run and its progress (and the connection's tokens). */
  progress: number;
  /** ms inside repository calls that read. */
  read: number;
  writes: number;
}

type FromChild =
  | { type: 'connected'; accountId: string; rss: number }
  | {
      type: 'imported';
      state: string;
      done: number;
      total: number;
      titles: number;
      errors: string;
      listMs: number;
      importMs: number;
      store: StoreTimes;
      rss: number;
      maxRss: number;
    }
  | { type: 'synced'; state: string; total: number; errors: string; ms: number; earned: Record<string, number> }
  | { type: 'error'; message: string };

// --- the child: the engine on a fresh store --------------------------------------------------

/** Wraps repository methods so that the time spent in them adds up in `times`. */
function timeMethods(proto: object, names: string[], times: StoreTimes, kind: 'data' | 'progress' | 'read'): void {
  const methods = proto as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of names) {
    const original = methods[name];
    if (typeof original !== 'function') throw new Error(`sync-requests: no repository method ${name}`);
    methods[name] = async function (this: unknown, ...args: unknown[]) {
      const started = performance.now();
      try {
        return await original.apply(this, args);
      } finally {
        times[kind] += performance.now() - started;
        if (kind !== 'read') times.writes += 1;
      }
    };
  }
}

async function child(): Promise<void> {
  const send = (message: FromChild) => process.send?.(message);
  try {
    const { createEngine } = await import('../packages/server/src/engine.ts');
    const { openStore } = await import('../packages/server/src/db/database.ts');
    const { Vault } = await import('@trophyroom/vault');
    const { LibraryRepository } = await import('../packages/server/src/repositories/library.repository.ts');
    const { TitleListRepository } = await import('../packages/server/src/repositories/title-list.repository.ts');
    const { UsersRepository } = await import('../packages/server/src/repositories/users.repository.ts');
    const { DefinitionsRepository } = await import('../packages/server/src/repositories/definitions.repository.ts');
    const { SyncRunsRepository } = await import('../packages/server/src/repositories/sync-runs.repository.ts');
    const { ConnectionsRepository } = await import('../packages/server/src/repositories/connections.repository.ts');
    const times: StoreTimes = { data: 0, progress: 0, read: 0, writes: 0 };
    timeMethods(TitleListRepository.prototype, ['saveTitleList', 'savePlayTimes', 'setPicked'], times, 'data');
    timeMethods(TitleListRepository.prototype, ['titles', 'title'], times, 'read');
    // A title's definitions and earned trophies are one write (one transaction).
    timeMethods(LibraryRepository.prototype, ['saveTitle'], times, 'data');
    timeMethods(LibraryRepository.prototype, ['earned'], times, 'read');
    timeMethods(DefinitionsRepository.prototype, ['version'], times, 'read');
    timeMethods(SyncRunsRepository.prototype, ['start', 'update'], times, 'progress');
    timeMethods(SyncRunsRepository.prototype, ['get'], times, 'read');
    timeMethods(ConnectionsRepository.prototype, ['update'], times, 'progress');
    timeMethods(ConnectionsRepository.prototype, ['get'], times, 'read');

    let engine: ReturnType<typeof createEngine> | undefined;
    let close = async () => {};
    let userId = '';
    const handle = async (message: ToChild) => {
      if (message.type === 'connect') {
        const store = await openStore(message.file);
        close = () => store.close();
        engine = createEngine({ store, vault: new Vault([randomBytes(32)]), psnOptions: { baseUrl: message.url, budget: false } });
        userId = (await new UsersRepository(store.db).create('bench', new Date())).id;
        const status = await engine.connection.connect(userId, message.npsso, { queueTitleList: false });
        send({ type: 'connected', accountId: status.accountId, rss: process.memoryUsage().rss });
      } else if (message.type === 'import' && engine) {
        const rss = process.memoryUsage().rss;
        Object.assign(times, { data: 0, progress: 0, read: 0, writes: 0 });
        const started = performance.now();
        const listed = await engine.picker.refreshTitleList(userId, { playTimes: true });
        const listMs = performance.now() - started;
        const ids = (await engine.picker.entries(userId)).map((p) => p.npCommunicationId);
        const run = await engine.library.importTitles(userId, ids);
        const importMs = performance.now() - started;
        send({
          type: 'imported',
          state: run.state,
          done: run.done,
          total: run.total,
          titles: listed.titles,
          errors: run.errors,
          listMs,
          importMs,
          store: { ...times },
          rss,
          // kilobytes on Linux
          maxRss: process.resourceUsage().maxRSS * 1024,
        });
      } else if (message.type === 'sync' && engine) {
        const started = performance.now();
        const run = await engine.library.sync(userId);
        const ms = performance.now() - started;
        const earned: Record<string, number> = {};
        for (const id of message.check) earned[id] = (await engine.library.earned(userId, id)).filter((t) => t.earned === 1).length;
        send({ type: 'synced', state: run.state, total: run.total, errors: run.errors, ms, earned });
      } else if (message.type === 'exit') {
        await close();
        process.exit(0);
      }
    };
    process.on('message', (message: ToChild) => {
      handle(message).catch((error: unknown) => send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
    });
    // Listening for messages keeps the child alive until the parent sends `exit` or kills it.
  } catch (error) {
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

function next<T extends FromChild['type']>(childProcess: ChildProcess, type: T, ms: number): Promise<Extract<FromChild, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      done();
      reject(new Error(`sync-requests child: no '${type}' within ${ms} ms`));
    }, ms);
    const onMessage = (message: FromChild) => {
      if (message.type !== type && message.type !== 'error') return;
      done();
      if (message.type === 'error') reject(new Error(`sync-requests child: ${message.message}`));
      else resolve(message as Extract<FromChild, { type: T }>);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`sync-requests child exited (${code}) while waiting for '${type}'`));
    };
    const done = () => {
      clearTimeout(timer);
      childProcess.off('message', onMessage);
      childProcess.off('exit', onExit);
    };
    childProcess.on('message', onMessage);
    childProcess.once('exit', onExit);
  });
}

// --- the naive baseline: psn-api ----------------------------------------------------------------

const SONY_HOST = /(^|\.)(sony\.com|playstation\.com|playstation\.net)$/i;

interface NaiveResult {
  titles: number;
  errors: string[];
  ms: number;
}

/**
 * What a developer writes with psn-api: the title list page by page at psn-api's default (no
 * `limit`, so Sony's 100 a page, following `nextOffset`), then for every title its groups
 * (`getTitleTrophyGroups`), its trophies (`getTitleTrophies(…, 'all')`) and the user's earned
 * state (`getUserTrophiesEarnedForTitle(…, 'all')`), each with the title's `npServiceName`.
 * `'all'` rather than one call per group is the generous reading: it is what psn-api's docs show.
 */
async function naiveImport(psnApi: typeof import('psn-api'), auth: { accessToken: string }): Promise<NaiveResult> {
  const started = performance.now();
  const errors: string[] = [];
  const check = (what: string, body: unknown) => {
    const error = (body as { error?: { message?: string } } | undefined)?.error;
    if (error) errors.push(`${what}: ${error.message ?? JSON.stringify(error)}`);
  };
  const titles: Array<{ npCommunicationId: string; npServiceName: 'trophy' | 'trophy2' }> = [];
  let offset: number | undefined;
  do {
    const page = await psnApi.getUserTitles(auth, 'me', offset === undefined ? undefined : { offset });
    check('getUserTitles', page);
    titles.push(...(page.trophyTitles ?? []));
    offset = page.nextOffset;
  } while (offset !== undefined && offset > 0);
  let nextTitle = 0;
  const worker = async () => {
    for (let i = nextTitle++; i < titles.length; i = nextTitle++) {
      const { npCommunicationId: id, npServiceName } = titles[i] as (typeof titles)[number];
      try {
        check(`getTitleTrophyGroups ${id}`, await psnApi.getTitleTrophyGroups(auth, id, { npServiceName }));
        check(`getTitleTrophies ${id}`, await psnApi.getTitleTrophies(auth, id, 'all', { npServiceName }));
        check(`getUserTrophiesEarnedForTitle ${id}`, await psnApi.getUserTrophiesEarnedForTitle(auth, 'me', id, 'all', { npServiceName }));
      } catch (error) {
        errors.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: NAIVE_CONCURRENCY }, worker));
  return { titles: titles.length, errors, ms: performance.now() - started };
}

// --- the benchmark -------------------------------------------------------------------------------

interface RequestCounts {
  total: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
}

/** Runs the benchmark; the child is stopped, the simulator closed and the store deleted before it returns or throws. */
export async function benchSyncRequests(): Promise<Row[]> {
  const { createSimulator } = await import('../packages/psn-sim/src/index.ts');
  const sim = createSimulator({ seed: SEED, accounts: 1, titles: TITLES, rateLimit: false, fixtures: false });
  const url = await sim.listen(0);
  const dir = mkdtempSync(join(tmpdir(), 'trophyroom-bench-'));
  const realFetch = globalThis.fetch;
  const admin = async (method: 'GET' | 'DELETE', path: string) => {
    const response = await realFetch(`${url}/__sim${path}`, { method, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const childProcess = spawnTracked(process.execPath, ['--conditions=development', '--import', 'tsx', fileURLToPath(import.meta.url), '--child'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const deadline = setTimeout(() => childProcess.kill('SIGKILL'), TIME_LIMIT_MS);
  try {
    const send = (message: ToChild) => childProcess.send(message);
    const me = sim.credentialsOf(0);
    const items = sim.world.library(0).items;
    const T = items.length;
    const G = items.filter((item) => item.title.groups.length > 1).length;
    const P = sim.world.gameList(0).length;
    const listPages = Math.max(1, Math.ceil(T / TITLE_PAGE));
    const gamePages = Math.max(1, Math.ceil(P / GAME_PAGE));
    const counts = async () => (await admin('GET', `/requests?account=${me.accountId}`)) as RequestCounts;
    const notOk = (c: RequestCounts) =>
      Object.entries(c.byStatus)
        .filter(([status]) => status !== '200')
        .map(([status, n]) => `${n} × ${status}`);

    // 1. Import: connect, then count from the title list on.
    send({ type: 'connect', url, npsso: me.npsso, file: join(dir, 'store.db') });
    const connected = await next(childProcess, 'connected', 60_000);
    if (connected.accountId !== me.accountId) throw new Error(`connected ${connected.accountId}, expected ${me.accountId}`);
    await admin('DELETE', '/requests');
    send({ type: 'import' });
    const imported = await next(childProcess, 'imported', TIME_LIMIT_MS);
    const importCounts = await counts();

    // 2. Daily sync: one unearned, non-platinum trophy earned in 20 titles spread over the library.
    const at = Math.max(sim.clock.now(), ...items.map((item) => item.lastUpdatedMs)) + 60_000;
    const changed: string[] = [];
    for (let k = 0; k < T && changed.length < CHANGED; k += Math.max(1, Math.floor(T / CHANGED / 2))) {
      const item = items[k];
      if (!item) break;
      const state = sim.world.stateOf(0, item);
      const trophy = item.title.trophies.find((t, i) => state.earned[i] === 0 && t.type !== 'platinum');
      if (!trophy) continue;
      sim.world.earnTrophy(0, item.title.npCommunicationId, trophy.id, { at });
      changed.push(item.title.npCommunicationId);
    }
    if (changed.length < CHANGED) throw new Error(`only ${changed.length} titles with an unearned trophy`);
    await admin('DELETE', '/requests');
    send({ type: 'sync', check: changed });
    const synced = await next(childProcess, 'synced', TIME_LIMIT_MS);
    const syncCounts = await counts();
    send({ type: 'exit' });

    // 3. The same two with psn-api, its fetch pointed at the simulator.
    const psnApi = await import('psn-api');
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
      const target = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      if (target.protocol === 'https:' && SONY_HOST.test(target.hostname) && !(input instanceof Request))
        return realFetch(`${url}${target.pathname}${target.search}`, init);
      return Promise.reject(new TypeError(`sync-requests: refused a request to ${target.href}`));
    }) as typeof fetch;
    let naiveFull: NaiveResult;
    let naiveDaily: NaiveResult;
    let naiveFullCounts: RequestCounts;
    let naiveDailyCounts: RequestCounts;
    try {
      const tokens = await psnApi.exchangeAccessCodeForAuthTokens(await psnApi.exchangeNpssoForAccessCode(me.npsso));
      const auth = { accessToken: tokens.accessToken };
      await admin('DELETE', '/requests');
      naiveFull = await naiveImport(psnApi, auth);
      naiveFullCounts = await counts();
      // The naive daily sync imports everything again: it cannot tell which titles changed.
      await admin('DELETE', '/requests');
      naiveDaily = await naiveImport(psnApi, auth);
      naiveDailyCounts = await counts();
    } finally {
      globalThis.fetch = realFetch;
    }

    // Validity: every answer a 200, every title imported, the 20 changes in the store.
    const importProblems: string[] = [];
    if (imported.state !== 'succeeded' || imported.done !== T || imported.titles !== T)
      importProblems.push(`import ${imported.state}, ${imported.done}/${imported.total} titles of ${T} (${imported.errors})`);
    const importBad = notOk(importCounts);
    if (importBad.length > 0) importProblems.push(`answers other than 200: ${importBad.join(', ')}`);
    const syncProblems: string[] = [];
    if (synced.state !== 'succeeded' || synced.total !== CHANGED) syncProblems.push(`sync ${synced.state}, ${synced.total} titles fetched (${synced.errors})`);
    const wrong = changed.filter((id) => {
      const state = sim.world.titleState(0, id);
      return !state || synced.earned[id] !== state.earned.reduce((sum, e) => sum + e, 0);
    });
    if (wrong.length > 0) syncProblems.push(`${wrong.length} changed titles differ from the simulator, e.g. ${wrong[0]}`);
    const syncBad = notOk(syncCounts);
    if (syncBad.length > 0) syncProblems.push(`answers other than 200: ${syncBad.join(', ')}`);
    const naiveProblem = (r: NaiveResult, c: RequestCounts) => {
      const bad = notOk(c);
      const problems = [
        ...(r.errors.length > 0 ? [`${r.errors.length} psn-api calls failed (${r.errors[0]})`] : []),
        ...(bad.length > 0 ? [bad.join(', ')] : []),
      ];
      if (r.titles !== T) problems.push(`psn-api listed ${r.titles} titles of ${T}`);
      return problems.length > 0 ? `naive psn-api: ${problems.join('; ')}` : undefined;
    };
    const importFailure = importProblems.length > 0 ? importProblems.join('; ') : undefined;
    const syncFailure = syncProblems.length > 0 ? syncProblems.join('; ') : undefined;
    const naiveFullFailure = naiveProblem(naiveFull, naiveFullCounts);
    const naiveDailyFailure = naiveProblem(naiveDaily, naiveDailyCounts);

    const importFloor = listPages + gamePages + T + T + G;
    // The list comes newest first: a daily sync reads only the pages down to the first unchanged title (DESIGN.md).
    const syncFloor = Math.ceil((CHANGED + 1) / TITLE_PAGE) + CHANGED;
    const naive = `naive psn-api, ⌈T/${DEFAULT_PAGE}⌉ + 3T`;
    const importBench = `sync: import ${T.toLocaleString('en-US')} titles, definitions not cached`;
    const syncBench = `sync: daily, ${CHANGED} of ${T.toLocaleString('en-US')} titles changed`;
    const percent = (ours: number, base: number) => (base > 0 ? (100 * ours) / base : 0);
    const { store } = imported;
    return [
      {
        benchmark: importBench,
        metric: `requests, vs floor ⌈T/${TITLE_PAGE}⌉ + ⌈P/${GAME_PAGE}⌉ + 2T + G (G ${G}, P ${P} games)`,
        value: importCounts.total,
        unit: '',
        target: { value: importFloor, kind: 'baseline' },
        failure: importFailure,
      },
      {
        benchmark: importBench,
        metric: `  of which game list for the picker, vs ⌈P/${GAME_PAGE}⌉`,
        value: importCounts.byRoute['gamelist.titles'] ?? 0,
        unit: '',
        target: { value: gamePages, kind: 'baseline' },
        failure: importFailure,
      },
      {
        benchmark: importBench,
        metric: `${naive}: requests, vs floor`,
        value: naiveFullCounts.total,
        unit: '',
        target: { value: importFloor, kind: 'baseline' },
        failure: naiveFullFailure,
      },
      {
        benchmark: importBench,
        metric: 'our requests ÷ naive psn-api requests',
        value: percent(importCounts.total, naiveFullCounts.total),
        unit: '%',
        failure: importFailure ?? naiveFullFailure,
      },
      {
        benchmark: importBench,
        metric: 'wall time (title list, game list, picker, import)',
        value: imported.importMs / 1000,
        unit: 's',
        failure: importFailure,
      },
      {
        benchmark: importBench,
        metric: `  store writes, ${store.writes.toLocaleString('en-US')} calls`,
        value: (store.data + store.progress) / 1000,
        unit: 's',
        failure: importFailure,
      },
      {
        benchmark: importBench,
        metric: '    of which titles and trophies (title list, definitions, earned)',
        value: store.data / 1000,
        unit: 's',
        failure: importFailure,
      },
      { benchmark: importBench, metric: '    of which sync-run progress', value: store.progress / 1000, unit: 's', failure: importFailure },
      { benchmark: importBench, metric: '  store reads', value: store.read / 1000, unit: 's', failure: importFailure },
      { benchmark: importBench, metric: 'peak RSS of the engine process (maxRSS)', value: imported.maxRss / MB, unit: 'MB', failure: importFailure },
      { benchmark: importBench, metric: '  RSS before the import (Node, tsx, modules)', value: imported.rss / MB, unit: 'MB' },
      {
        benchmark: syncBench,
        metric: `requests, vs floor ⌈(C'+1)/${TITLE_PAGE}⌉ + C (C ${CHANGED})`,
        value: syncCounts.total,
        unit: '',
        target: { value: syncFloor, kind: 'baseline' },
        failure: syncFailure,
      },
      {
        benchmark: syncBench,
        metric: `${naive} (re-imports all): requests, vs floor`,
        value: naiveDailyCounts.total,
        unit: '',
        target: { value: syncFloor, kind: 'baseline' },
        failure: naiveDailyFailure,
      },
      {
        benchmark: syncBench,
        metric: 'our requests ÷ naive psn-api requests',
        value: percent(syncCounts.total, naiveDailyCounts.total),
        unit: '%',
        failure: syncFailure ?? naiveDailyFailure,
      },
      { benchmark: syncBench, metric: 'wall time', value: synced.ms / 1000, unit: 's', failure: syncFailure },
    ];
  } finally {
    clearTimeout(deadline);
    await stop(childProcess);
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--child') && process.argv[1] === fileURLToPath(import.meta.url)) await child();
else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `npx tsx bench/sync-requests.ts` runs this benchmark alone.
  const { formatTable } = await import('./table.ts');
  process.stdout.write(formatTable(await benchSyncRequests()));
}
