/**
 * The whole story of an 18,516-title library at Sony's pace (issue 16): one simulated account
 * with Sony's limit enforced (300 requests per 15 minutes) on the simulator's virtual clock;
 * connect, fill the picker, import everything, then daily syncs with 0, 3 and 1,000 changed
 * titles. Then 10 users importing the same 200 titles, for the definitions shared among them.
 *
 * The simulator runs in this process on a frozen clock that only moves when the server waits:
 * the server runs built, as a child process (`story-server.ts`), on a clock of its own that starts at the same
 * instant, and every wait of its PSN client (the rate budget, retry delays) moves both clocks to
 * the end of the wait instead of sleeping. So 31 hours of Sony's pace pass in minutes, and the
 * virtual wall time of a phase is the time the server spent waiting for its budget plus none of
 * the machine's. Job leases are set longer than the virtual run, and runs say they are alive
 * every 25 ms, since renewals on real timers cannot otherwise follow a clock that jumps.
 *
 * Figures: requests ÷ floor and virtual time ÷ (floor × 3 s) of the import and of each daily
 * sync (the daily floor is ⌈(C'+1)/800⌉ + C, DESIGN.md "Request budget"), the largest gap
 * between the run's estimate of the time left (`estimatedSecondsLeft`, when the run API has it)
 * and the real remaining virtual time, the picker fill's requests, p50/p99 of the picker, the
 * library, a game page and the stats at that size, the server's peak RSS during the import, 429s,
 * and definition requests ÷ distinct titles for the 10 users.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimulator } from 'psn-sim';
import { bundle } from '../packages/cli/scripts/bundle.mjs';
import { binNodeFlags } from './server-flags.ts';
import { ROOT, stop } from './sim-throughput.ts';
import type { ToStoryServer } from './story-server.ts';
import type { Row } from './table.ts';

export interface LibraryStoryOptions {
  /** Titles of the big library. @default 18,516 (a recorded account) */
  titles: number;
  /** Changed titles of each daily sync. @default [0, 3, 1000] */
  dailyChanges: number[];
  /** Users importing the same titles, and how many titles. @default 10 users, 200 titles */
  sharedUsers: number;
  sharedTitles: number;
  /** Requests per endpoint for the latency figures. @default 300 */
  samples: number;
}

export const defaultLibraryStoryOptions: LibraryStoryOptions = { titles: 18_516, dailyChanges: [0, 3, 1000], sharedUsers: 10, sharedTitles: 200, samples: 300 };

const EPOCH = Date.UTC(2026, 11, 1);
const DAY = 86_400_000;
/** Sony's pace: 300 requests per 15 minutes, one every 3 s. */
const SONY = { limit: 300, windowMs: 900_000 };
const PACE_S = SONY.windowMs / SONY.limit / 1000;
const TITLE_PAGE = 800;
const PASSWORD = 'benchmark password';
const MB = 1024 * 1024;
/** Longer than any virtual run: a lease renewed in real time cannot follow a clock that jumps hours at once. */
const LEASE_MS = 7 * DAY;

// --- the parent: the simulator, a browser-like client, and the figures ---------------------------

interface Started {
  url: string;
  server: ChildProcess;
  dir: string;
}

/** The server as `npm run build` makes it (one bundled file, no TypeScript at run time), built once. */
let built: Promise<string> | undefined;
function builtServer(): Promise<string> {
  built ??= (async () => {
    const out = join(ROOT, 'node_modules', '.cache', 'trophyroom', 'bench', 'story-server.mjs');
    await bundle(fileURLToPath(new URL('./story-server.ts', import.meta.url)), out);
    return out;
  })();
  return built;
}

async function startChild(simUrl: string): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'trophyroom-story-'));
  const server = spawn(process.execPath, [...binNodeFlags(), await builtServer(), dir, simUrl, String(EPOCH), String(LEASE_MS)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  server.once('exit', (code, signal) => {
    if (code || signal) process.stderr.write(`library-story: the server exited (${code ?? signal})\n${stderr}\n`);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`library-story server: no URL within 60 s\n${stderr}`)), 60_000);
    server.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    server.once('exit', (code) => reject(new Error(`library-story server exited (${code})\n${stderr}`)));
  });
  return { url, server, dir };
}

/** Moves both clocks forward (the server's and, through it, the simulator's). */
function advance(server: ChildProcess, ms: number): Promise<void> {
  return new Promise((resolve) => {
    server.once('message', () => resolve());
    server.send({ type: 'advance', ms } satisfies ToStoryServer);
  });
}

/** An API answer as the benchmark reads it: loosely, each figure checks what it uses. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = any;

class Browser {
  cookie = '';
  constructor(readonly url: string) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
    const send = () =>
      fetch(`${this.url}${path}`, {
        method,
        headers: { origin: this.url, cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    let res: Response;
    try {
      res = await send();
    } catch (error) {
      // A kept-alive socket the server closed as it was reused (Node's keep-alive race): once more, for
      // reads and "sync now" (deduplicated by the server) only.
      if (method !== 'GET' && path !== '/api/psn/sync') throw error;
      res = await send();
    }
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0] as string;
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  async ok(method: string, path: string, body?: unknown): Promise<Json> {
    const r = await this.call(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.json).slice(0, 300)}`);
    return r.json;
  }
}

const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function user(url: string, name: string, npsso: string): Promise<Browser> {
  const b = new Browser(url);
  await b.ok('POST', '/api/auth/signup', { username: name, password: PASSWORD });
  await b.ok('POST', '/api/connections/psn', { npsso });
  return b;
}

async function pickerReady(b: Browser): Promise<void> {
  const deadline = Date.now() + 300_000;
  while ((await b.ok('GET', '/api/psn/titles?limit=1')).state !== 'ready') {
    if (Date.now() > deadline) throw new Error('the picker never filled');
    await realSleep(100);
  }
}

interface RunSample {
  virtualNow: number;
  done: number;
  estimatedSecondsLeft: number | undefined;
}

/** Polls the run of `jobId` until it ends; samples its progress and estimate against the simulator's clock. */
async function finished(b: Browser, jobId: string, clock: () => number, samples?: RunSample[]): Promise<Json> {
  const deadline = Date.now() + 1_800_000;
  for (;;) {
    const run = (await b.ok('GET', `/api/sync/runs?jobId=${encodeURIComponent(jobId)}`)).items[0];
    // Only these states end a run (running, waiting for its budget or paused have not).
    if (run && ['succeeded', 'partial', 'failed', 'interrupted'].includes(run.state)) return run;
    if (run && samples)
      samples.push({
        virtualNow: clock(),
        done: run.done,
        estimatedSecondsLeft: typeof run.estimatedSecondsLeft === 'number' ? run.estimatedSecondsLeft : undefined,
      });
    if (Date.now() > deadline) throw new Error(`run of job ${jobId} did not end within 30 minutes`);
    await realSleep(200);
  }
}

/** PSN requests so far, without sign-in (the token exchange is not Sony's data budget). */
function dataRequests(sim: ReturnType<typeof createSimulator>): number {
  const counts = sim.counters.get();
  return Object.entries(counts.byRoute)
    .filter(([route]) => !route.startsWith('auth'))
    .reduce((n, [, c]) => n + c, 0);
}

const definitionRequests = (sim: ReturnType<typeof createSimulator>) => {
  const byRoute = sim.counters.get().byRoute;
  return (byRoute['trophy.titleGroups'] ?? 0) + (byRoute['trophy.titleTrophies'] ?? 0);
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** p50/p99 of `n` requests one after the other (what one user waits for), each answered 200. */
async function latency(b: Browser, paths: string[], n: number): Promise<{ p50: number; p99: number }> {
  for (const path of paths) await b.ok('GET', path);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const path = paths[i % paths.length] as string;
    const t0 = performance.now();
    const r = await b.call('GET', path);
    times.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
  }
  times.sort((x, y) => x - y);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

function peakRssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb * 1024;
}

async function bigLibrary(options: LibraryStoryOptions): Promise<Row[]> {
  const sim = createSimulator({ seed: 16, accounts: 1, titles: options.titles, clock: EPOCH, rateLimit: SONY });
  const simUrl = await sim.listen(0, '127.0.0.1');
  const started = await startChild(simUrl);
  const bench = `story: ${options.titles.toLocaleString('en-US')} titles at Sony's pace`;
  const rows: Row[] = [];
  try {
    const library = sim.world.library(0);
    const T = library.items.length;
    const G = library.items.filter((i) => i.title.groups.length > 1).length;
    const clock = () => sim.clock.now();

    const say = (what: string) => process.stderr.write(`library-story: ${what}\n`);
    say(`connect and fill the picker (${T} titles)`);
    // Connect and fill the picker.
    const startRss = peakRssOf(started.server.pid as number);
    let before = dataRequests(sim);
    const b = await user(started.url, 'hunter', sim.npssoOf(0));
    await pickerReady(b);
    const pickerRequests = dataRequests(sim) - before;
    rows.push({
      benchmark: bench,
      metric: `picker fill requests (title list ${Math.ceil(T / TITLE_PAGE)} pages + game list)`,
      value: pickerRequests,
      unit: '',
    });
    const pickerPage = await b.ok('GET', '/api/psn/titles?limit=200');
    const deep = await b.ok('GET', `/api/psn/titles?limit=200&cursor=${pickerPage.nextCursor}`);
    const word = String(pickerPage.items[0]?.name ?? 'a').split(' ')[0];
    const pickerLatency = await latency(
      b,
      [
        '/api/psn/titles?limit=200',
        `/api/psn/titles?limit=200&cursor=${deep.nextCursor}`,
        `/api/psn/titles?limit=200&q=${encodeURIComponent(word as string)}&platform=PS4`,
      ],
      options.samples,
    );

    // Which phase sets the peak: connect and the picker's full read, or the import after them.
    const pickerPeakRss = peakRssOf(started.server.pid as number);
    say('import everything');
    // Import everything.
    const ids: string[] = (await b.ok('GET', '/api/psn/titles/ids')).ids;
    before = dataRequests(sim);
    const limitedBefore = sim.counters.get().rateLimited;
    const t0 = Date.now();
    const { jobId } = await b.ok('POST', '/api/psn/import', { npCommunicationIds: ids });
    const samples: RunSample[] = [];
    const run = await finished(b, jobId, clock, samples);
    const importSeconds = (Date.now() - t0) / 1000;
    const peakRss = peakRssOf(started.server.pid as number);
    const importRequests = dataRequests(sim) - before;
    const importFloor = T + T + G;
    const importVirtualS = (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
    const failure = run.state === 'succeeded' && run.done === T ? undefined : `the import ended ${run.state} with ${run.done}/${run.total} titles`;
    rows.push(
      {
        benchmark: bench,
        metric: `import: requests ÷ floor (2T + G = ${importFloor.toLocaleString('en-US')})`,
        value: importRequests / importFloor,
        unit: '×',
        target: { value: 1.05, kind: 'ceiling' },
        failure,
      },
      { benchmark: bench, metric: 'import: virtual wall time', value: importVirtualS / 3600, unit: 'h' },
      {
        benchmark: bench,
        metric: 'import: virtual time ÷ (floor × 3 s)',
        value: importVirtualS / (importFloor * PACE_S),
        unit: '×',
        target: { value: 1.05, kind: 'ceiling' },
        failure,
      },
      { benchmark: bench, metric: 'import: real time on this machine', value: importSeconds, unit: 's' },
      { benchmark: bench, metric: 'server RSS once started (built, as npm run build makes it)', value: startRss / MB, unit: 'MB' },
      { benchmark: bench, metric: 'server peak RSS after connect and the picker', value: pickerPeakRss / MB, unit: 'MB' },
      { benchmark: bench, metric: 'server peak RSS (connect, picker, import)', value: peakRss / MB, unit: 'MB', target: { value: 300, kind: 'ceiling' } },
    );
    const finishedAt = Date.parse(run.finishedAt);
    const estimated = samples.filter((s) => s.estimatedSecondsLeft !== undefined);
    if (estimated.length > 0) {
      const gaps = estimated.map((s) => Math.abs((s.estimatedSecondsLeft as number) - (finishedAt - s.virtualNow) / 1000));
      rows.push({
        benchmark: bench,
        metric: `import: largest gap, estimate vs real time left (${estimated.length} samples)`,
        value: Math.max(...gaps) / 3600,
        unit: 'h',
      });
    } else
      rows.push({
        benchmark: bench,
        metric: 'import: estimate of the time left — not available (the run API has no estimatedSecondsLeft)',
        value: 0,
        unit: '',
      });

    say(`imported in ${importSeconds.toFixed(0)} s; the API at that size`);
    // The API at that size.
    const game = ids[0] as string;
    for (const [name, paths] of [
      ['picker page (first, deep keyset, search + platform)', null],
      ['GET /api/games?limit=100', ['/api/games?limit=100', '/api/games?limit=100&sort=name', '/api/games?limit=100&status=in-progress']],
      ['GET /api/games/{id}', [`/api/games/${game}`, `/api/games/${ids[Math.floor(ids.length / 2)]}`, `/api/games/${ids[ids.length - 1]}`]],
      ['GET /api/stats', ['/api/stats']],
    ] as const) {
      const measured = paths ? await latency(b, [...paths], options.samples) : pickerLatency;
      rows.push(
        { benchmark: bench, metric: `${name} p50`, value: measured.p50, unit: 'ms' },
        { benchmark: bench, metric: `${name} p99`, value: measured.p99, unit: 'ms', target: { value: 20, kind: 'ceiling' } },
      );
    }

    // Daily syncs.
    let since = clock();
    for (const changed of options.dailyChanges) {
      say(`daily sync with ${changed} changed titles`);
      await advance(started.server, DAY);
      const touched = library.items.slice(0, changed).map((i) => i.title);
      // One trophy earned (again) in each changed title: Sony moves it to the top with a new lastUpdatedDateTime.
      sim.world.earnTrophies(
        0,
        touched.map((t) => ({ npCommunicationId: t.npCommunicationId, trophyId: (t.trophies[t.trophies.length - 1] as { id: number }).id })),
      );
      const updatedSince = sim.world.library(0).items.filter((i) => i.lastUpdatedMs > since).length;
      before = dataRequests(sim);
      const startedAt = clock();
      const { jobId: syncJob } = await b.ok('POST', '/api/psn/sync');
      const synced = await finished(b, syncJob, clock);
      const requests = dataRequests(sim) - before;
      const floor = Math.ceil((updatedSince + 1) / TITLE_PAGE) + changed;
      const virtualS = (Date.parse(synced.finishedAt) - startedAt) / 1000;
      const fail = synced.state === 'succeeded' ? undefined : `the sync ended ${synced.state}`;
      rows.push(
        { benchmark: bench, metric: `daily sync, ${changed} changed: requests (floor ${floor})`, value: requests, unit: '' },
        {
          benchmark: bench,
          metric: `daily sync, ${changed} changed: requests ÷ floor`,
          value: requests / floor,
          unit: '×',
          target: { value: 1.0001, kind: 'ceiling' },
          failure: fail,
        },
        {
          benchmark: bench,
          metric: `daily sync, ${changed} changed: virtual time ÷ (floor × 3 s)`,
          value: virtualS / (floor * PACE_S),
          unit: '×',
          target: { value: 1.05, kind: 'ceiling' },
          failure: fail,
        },
      );
      since = clock();
    }
    rows.push({
      benchmark: bench,
      metric: "429s from the simulator (Sony's limit)",
      value: sim.counters.get().rateLimited - limitedBefore,
      unit: '',
      target: { value: 1, kind: 'ceiling' },
    });
    return rows;
  } finally {
    await stop(started.server);
    await sim.close();
    rmSync(started.dir, { recursive: true, force: true });
  }
}

async function sharedTitles(options: LibraryStoryOptions): Promise<Row[]> {
  // Every account's library is the whole catalogue: the same titles for every user.
  const sim = createSimulator({
    seed: 17,
    accounts: options.sharedUsers,
    titles: options.sharedTitles,
    catalogSize: options.sharedTitles,
    clock: EPOCH,
    rateLimit: SONY,
  });
  const simUrl = await sim.listen(0, '127.0.0.1');
  const started = await startChild(simUrl);
  const bench = `story: ${options.sharedUsers} users importing the same ${options.sharedTitles} titles`;
  try {
    const distinct = new Map<string, boolean>();
    for (let i = 0; i < options.sharedUsers; i++)
      for (const item of sim.world.library(i).items) distinct.set(item.title.npCommunicationId, item.title.groups.length > 1);
    const withGroups = [...distinct.values()].filter(Boolean).length;
    const users = await Promise.all(Array.from({ length: options.sharedUsers }, (_, i) => user(started.url, `player${i}`, sim.npssoOf(i))));
    await Promise.all(users.map(pickerReady));
    const before = definitionRequests(sim);
    const jobs = await Promise.all(
      users.map(async (b) => (await b.ok('POST', '/api/psn/import', { npCommunicationIds: (await b.ok('GET', '/api/psn/titles/ids')).ids })).jobId as string),
    );
    const runs = await Promise.all(users.map((b, i) => finished(b, jobs[i] as string, () => sim.clock.now())));
    const failed = runs.filter((r) => r.state !== 'succeeded');
    const failure = failed.length ? `${failed.length} imports did not succeed` : undefined;
    const requests = definitionRequests(sim) - before;
    return [
      { benchmark: bench, metric: `distinct titles (${withGroups} with DLC groups)`, value: distinct.size, unit: '' },
      {
        benchmark: bench,
        metric: 'definition requests ÷ distinct titles',
        value: requests / distinct.size,
        unit: '×',
        target: { value: 1, kind: 'baseline' },
        failure,
      },
      {
        benchmark: bench,
        metric: 'definition requests ÷ floor (titles + titles with groups)',
        value: requests / (distinct.size + withGroups),
        unit: '×',
        target: { value: 1.0001, kind: 'ceiling' },
        failure,
      },
    ];
  } finally {
    await stop(started.server);
    await sim.close();
    rmSync(started.dir, { recursive: true, force: true });
  }
}

export async function benchLibraryStory(options: LibraryStoryOptions = defaultLibraryStoryOptions): Promise<Row[]> {
  return [...(await bigLibrary(options)), ...(await sharedTitles(options))];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `npx tsx --conditions=development bench/library-story.ts` runs this benchmark alone (TROPHYROOM_STORY_TITLES for a smaller library).
  const { formatTable } = await import('./table.ts');
  const titles = Number(process.env.TROPHYROOM_STORY_TITLES ?? defaultLibraryStoryOptions.titles);
  process.stdout.write(formatTable(await benchLibraryStory({ ...defaultLibraryStoryOptions, titles })));
  process.exit(0);
}
