/**
 * A benchmark's server on a store it seeded straight into SQLite: the benchmark's own script run
 * again as `--child <dir>` (so the server and the load generator each have a core), a user signed
 * in, and each page asked once and checked before it is loaded.
 * @module
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StartOptions } from '../packages/server/src/main.ts';
import { type Load, type LoadOptions, load } from './load.ts';
import { binNodeFlags } from './server-flags.ts';
import { firstLine, ROOT, spawnTracked, stop } from './sim-throughput.ts';
import type { Row } from './table.ts';

export interface SeededServerOptions {
  /** Names the temporary folder: `trophyroom-<name>-bench-…`. */
  name: string;
  /** Writes the store into `file` (the folder's `trophyroom.db`). */
  seed(file: string): Promise<void>;
  username: string;
  password: string;
  /** How long the server may take to print its URL. */
  startMs: number;
}

export interface SeededServer {
  url: string;
  /** The signed-in user's session cookie. */
  headers: Record<string, string>;
  /** The SQLite file. */
  file: string;
  seedSeconds: number;
}

/**
 * Seeds, starts the server (`script`, the benchmark's `import.meta.url`, run again with `--child <dir>`:
 * see `serveSeededStore`) and signs in, runs `measure`, then stops the server and removes the folder.
 */
export async function withSeededServer<T>(script: string, options: SeededServerOptions, measure: (server: SeededServer) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `trophyroom-${options.name}-bench-`));
  const file = join(dir, 'trophyroom.db');
  const seeded = Date.now();
  await options.seed(file);
  const seedSeconds = (Date.now() - seeded) / 1000;
  const server = spawnTracked(process.execPath, [...binNodeFlags(), '--conditions=development', '--import', 'tsx', fileURLToPath(script), '--child', dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await firstLine(server, options.startMs, 'trophyroom server');
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ username: options.username, password: options.password }),
    });
    if (login.status !== 200) throw new Error(`login answered ${login.status}: ${await login.text()}`);
    const headers = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] as string };
    return await measure({ url, headers, file, seedSeconds });
  } finally {
    await stop(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The store's own rows: the SQLite file's size and how long seeding took. */
export function storeRows(server: SeededServer, benchmark: string): Row[] {
  return [
    { benchmark, metric: 'SQLite file', value: statSync(server.file).size / 1024 / 1024, unit: 'MB' },
    { benchmark, metric: 'seeding time', value: server.seedSeconds, unit: 's' },
  ];
}

/** The `--child <dir>` side: `startServer` on the seeded folder, its URL printed as the first line. */
export async function serveSeededStore(options: Pick<StartOptions, 'now'> = {}): Promise<void> {
  const { startServer } = await import('../packages/server/src/main.ts');
  const dataDir = process.argv[process.argv.indexOf('--child') + 1] as string;
  const server = await startServer({ port: 0, dataDir, role: 'all', logLevel: 'warn', env: {}, ...options });
  process.stdout.write(`${server.url}\n`);
}

/** Asks for `path` once and checks the answer (a fast wrong answer measures nothing), then loads it. */
export async function checkedLoad(
  server: SeededServer,
  path: string,
  // `never`: any page's own check fits, whatever shape it reads.
  expect: (body: never) => boolean,
  options: LoadOptions,
): Promise<{ response: Response; body: string; result: Load }> {
  const response = await fetch(`${server.url}${path}`, { headers: server.headers });
  const body = await response.text();
  if (response.status !== 200 || !expect(JSON.parse(body) as never)) throw new Error(`${path} answered ${response.status}: ${body.slice(0, 200)}`);
  const result = await load(`${server.url}${path}`, server.headers, options);
  return { response, body, result };
}
