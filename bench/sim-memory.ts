/**
 * Memory of a 10,000-account world (300 titles per library) once it has been used.
 *
 * The simulator lives in a child process of its own (`node --expose-gc --import tsx
 * bench/sim-memory.ts --child`) so its RSS holds nothing of the bench. The child builds the
 * world, listens, and touches 2,000 distinct accounts through the world (library and summary);
 * this process then signs in 300 further accounts over HTTP and fetches their title list and
 * summary. The child collects garbage and reports RSS and heap use.
 * @module
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ROOT, accessToken, spawnTracked, stop } from './sim-throughput.ts';
import type { Row } from './table.ts';

const ACCOUNTS = 10_000;
const TITLES = 300;
const WORLD_TOUCHES = 2000;
const HTTP_ACCOUNTS = 300;
const HTTP_CONCURRENCY = 8;
const CEILING_MB = 300;
const TIME_LIMIT_MS = 120_000;

type FromChild =
  | { type: 'ready'; url: string; npssos: string[]; fresh: Usage; touchMs: number }
  | { type: 'usage'; usage: Usage }
  | { type: 'error'; message: string };
type ToChild = { type: 'measure' };

interface Usage {
  rss: number;
  heapUsed: number;
}

const MB = 1024 * 1024;

function usage(): Usage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

/** The child: builds and serves the world, touches it, and answers `measure` with its memory. */
async function child(): Promise<void> {
  const send = (message: FromChild) => process.send?.(message);
  try {
    const { createSimulator } = await import('../packages/psn-sim/src/index.ts');
    const sim = createSimulator({ accounts: ACCOUNTS, titles: TITLES, rateLimit: false });
    const url = await sim.listen();
    const fresh = usage();
    const started = performance.now();
    const stride = Math.floor(ACCOUNTS / WORLD_TOUCHES);
    for (let k = 0; k < WORLD_TOUCHES; k++) {
      sim.world.library(k * stride);
      sim.world.summary(k * stride);
    }
    const touchMs = performance.now() - started;
    // Accounts for HTTP are other ones again (offset by 1 from the touched ones), spread over the world.
    const step = Math.floor(ACCOUNTS / HTTP_ACCOUNTS);
    const npssos = Array.from({ length: HTTP_ACCOUNTS }, (_, k) => sim.npssoOf(k * step + 1));
    send({ type: 'ready', url, npssos, fresh, touchMs });
    process.on('message', (message: ToChild) => {
      if (message.type === 'measure') send({ type: 'usage', usage: usage() });
    });
  } catch (error) {
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

function next(childProcess: ChildProcess, type: FromChild['type'], ms: number): Promise<FromChild> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`memory child: no '${type}' within ${ms} ms`)), ms);
    const onMessage = (message: FromChild) => {
      if (message.type !== type && message.type !== 'error') return;
      done();
      if (message.type === 'error') reject(new Error(`memory child: ${message.message}`));
      else resolve(message);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`memory child exited (${code}) while waiting for '${type}'`));
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

/** Signs each NPSSO in and fetches its title list and summary; returns the count of non-200 answers. */
async function exercise(url: string, npssos: string[]): Promise<{ requests: number; failures: string[] }> {
  let requests = 0;
  const failures: string[] = [];
  const queue = [...npssos];
  const worker = async () => {
    for (let npsso = queue.shift(); npsso !== undefined; npsso = queue.shift()) {
      let token: string;
      requests += 1;
      try {
        token = await accessToken(url, npsso);
      } catch (error) {
        failures.push(String(error));
        continue;
      }
      for (const path of ['/api/trophy/v1/users/me/trophyTitles', '/api/trophy/v1/users/me/trophySummary']) {
        requests += 1;
        const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        if (response.status !== 200) failures.push(`GET ${path} answered ${response.status}`);
      }
    }
  };
  await Promise.all(Array.from({ length: HTTP_CONCURRENCY }, worker));
  return { requests, failures };
}

/** Runs the benchmark in a child process; the child is killed before this returns or throws. */
export async function benchMemory(): Promise<Row[]> {
  const benchmark = `memory, ${ACCOUNTS.toLocaleString('en-US')} accounts × ${TITLES} titles`;
  const childProcess = spawnTracked(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const deadline = setTimeout(() => childProcess.kill('SIGKILL'), TIME_LIMIT_MS);
  try {
    const ready = (await next(childProcess, 'ready', 60_000)) as Extract<FromChild, { type: 'ready' }>;
    const http = await exercise(ready.url, ready.npssos);
    childProcess.send({ type: 'measure' } satisfies ToChild);
    const { usage: after } = (await next(childProcess, 'usage', 30_000)) as Extract<FromChild, { type: 'usage' }>;
    const failure = http.failures.length > 0 ? `${http.failures.length} of ${http.requests} HTTP requests failed: ${http.failures[0]}` : undefined;
    const touched = `after ${WORLD_TOUCHES} world + ${HTTP_ACCOUNTS} HTTP accounts`;
    return [
      { benchmark, metric: `RSS ${touched}`, value: after.rss / MB, unit: 'MB', target: { value: CEILING_MB, kind: 'ceiling' }, failure },
      { benchmark, metric: `heapUsed ${touched}`, value: after.heapUsed / MB, unit: 'MB', failure },
      { benchmark, metric: 'RSS listening, untouched', value: ready.fresh.rss / MB, unit: 'MB' },
      { benchmark, metric: `time to touch ${WORLD_TOUCHES} accounts (library + summary)`, value: ready.touchMs / 1000, unit: 's' },
    ];
  } finally {
    clearTimeout(deadline);
    await stop(childProcess);
  }
}

if (process.argv.includes('--child') && process.argv[1] === fileURLToPath(import.meta.url)) await child();
