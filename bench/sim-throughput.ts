/**
 * Throughput of the title-list route, `GET /api/trophy/v1/users/me/trophyTitles`, over loopback.
 *
 * The simulator runs as its own process (`bin/psn-sim.js`, no injected latency, rate limit off)
 * so that it and the load generator (autocannon, in this process) each have a core. Every page
 * size is also served by a static Hono server that answers the same bytes with no work at all:
 * the share of that baseline the simulator reaches tells route cost from machine limits.
 * @module
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { load } from './load.ts';
import type { Row } from './table.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLIENT_BASIC = 'Basic MDk1MTUxNTktNzIzNy00MzcwLTliNDAtMzgwNmU2N2MwODkxOnVjUGprYTV0bnRCMktxc1A=';
const SCOPE = 'psn:mobile.v2.core psn:clientapp';
const TITLES_PATH = '/api/trophy/v1/users/me/trophyTitles';

export interface ThroughputOptions {
  /** Requests per second the title list must reach. */
  floor: number;
  warmupSeconds: number;
  seconds: number;
  connections: number;
  /** Also load a static server answering the same bytes, as a baseline. */
  baseline: boolean;
}

export const defaultThroughputOptions: ThroughputOptions = { floor: 5000, warmupSeconds: 2, seconds: 8, connections: 50, baseline: true };

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Spawns a child that is killed when this process exits, even on a crash or a signal. */
export function spawnTracked(...args: Parameters<typeof spawn>): ChildProcess {
  const child = spawn(...args);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Kills a child process (and waits for it to go), whatever state it is in. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await gone;
  clearTimeout(timer);
}

/** Resolves with the child's first stdout line; rejects when it exits first or takes longer than `ms`. */
export function firstLine(child: ChildProcess, ms: number, what: string): Promise<string> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error(`${what}: no stdout`));
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`${what}: no output within ${ms} ms ${stderr}`)), ms);
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before printing its URL: ${stderr}`));
    });
  });
}

/** The sso_token grant: an NPSSO for an access token. */
export async function accessToken(url: string, npsso: string): Promise<string> {
  const response = await fetch(`${url}/api/authz/v3/oauth/token`, {
    method: 'POST',
    headers: { authorization: CLIENT_BASIC, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'sso_token', npsso, scope: SCOPE, token_format: 'jwt' }).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`token grant answered ${response.status}: ${text}`);
  return (JSON.parse(text) as { access_token: string }).access_token;
}

const STATIC_SERVER = `
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
const bodies = process.argv.slice(1).map((file) => readFileSync(file, 'utf8'));
const app = new Hono();
app.get('/:n', (c) => new Response(bodies[Number(c.req.param('n'))], { status: 200, headers: { 'content-type': 'application/json;charset=UTF-8' } }));
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log('http://127.0.0.1:' + info.port));
`;

/** Runs the benchmark; the simulator (and the baseline server) are killed before it returns or throws. */
export async function benchThroughput(options: ThroughputOptions = defaultThroughputOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const pages = [
    // The 5,000 req/s floor is for the default page; a 177 KB page is bounded by the socket, so its
    // figure is read against a static server sending the same bytes (the next rows).
    { label: 'default page (limit 100)', query: '', floor: true },
    { label: 'limit=800', query: '?limit=800', floor: false },
  ];
  const bodies: string[] = [];
  const sim = spawnTracked(
    process.execPath,
    ['packages/psn-sim/bin/psn-sim.js', '--port', '0', '--json', '--rate-limit', 'off', '--accounts', '50', '--titles', '300'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const hello = JSON.parse(await firstLine(sim, 30_000, 'psn-sim')) as { url: string; accounts: Array<{ npsso: string }> };
    const npsso = hello.accounts[0]?.npsso;
    if (!npsso) throw new Error('psn-sim printed no account');
    const headers = { authorization: `Bearer ${await accessToken(hello.url, npsso)}` };
    for (const page of pages) {
      const url = `${hello.url}${TITLES_PATH}${page.query}`;
      const check = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
      const body = await check.text();
      if (check.status !== 200) throw new Error(`GET ${url} answered ${check.status}: ${body.slice(0, 200)}`);
      bodies.push(body);
      const result = await load(url, headers, options);
      const benchmark = `trophyTitles ${page.label}, ${(Buffer.byteLength(body) / 1024).toFixed(0)} KB`;
      rows.push(
        {
          benchmark,
          metric: 'requests/s',
          value: result.rps,
          unit: 'req/s',
          ...(page.floor ? { target: { value: options.floor, kind: 'floor' as const } } : {}),
          failure: result.failure,
        },
        { benchmark, metric: 'latency p50', value: result.p50, unit: 'ms', failure: result.failure },
        { benchmark, metric: 'latency p99', value: result.p99, unit: 'ms', failure: result.failure },
      );
    }
  } finally {
    await stop(sim);
  }
  if (options.baseline) rows.push(...(await baselineRows(bodies, rows, options)));
  return rows;
}

/** Loads a static server answering each page's exact bytes; one row per page comparing the simulator to it. */
async function baselineRows(bodies: string[], simRows: Row[], options: ThroughputOptions): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'psn-bench-'));
  const files = bodies.map((body, i) => {
    const file = join(dir, `${i}.json`);
    writeFileSync(file, body);
    return file;
  });
  const server = spawnTracked(process.execPath, ['--input-type=module', '-e', STATIC_SERVER, ...files], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const rows: Row[] = [];
  try {
    const url = await firstLine(server, 15_000, 'static server');
    for (let i = 0; i < bodies.length; i++) {
      const result = await load(`${url}/${i}`, {}, options);
      const simRow = simRows.filter((row) => row.metric === 'requests/s')[i];
      if (!simRow) continue;
      rows.push({
        benchmark: simRow.benchmark,
        metric: 'req/s vs static server, same bytes',
        value: simRow.value,
        unit: 'req/s',
        target: { value: result.rps, kind: 'baseline' },
        failure: result.failure && `baseline: ${result.failure}`,
      });
    }
  } finally {
    await stop(server);
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
