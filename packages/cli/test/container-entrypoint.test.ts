/**
 * The container without a container engine: `docker/entrypoint.sh` run as the image runs it (a
 * fake `trophyroom` on PATH records how it was exec'd; the real one serves), `docker/healthcheck.mjs`
 * against a real server, and the `Dockerfile` and `compose.yaml` held to the README's
 * "Self-hosting". `docker/test/run.sh` builds and runs the image itself where Podman works.
 * @module
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'packages', 'cli', 'bin', 'trophyroom.js');
const HEALTHCHECK = join(ROOT, 'docker', 'healthcheck.mjs');
const root = process.getuid?.() === 0;

// Everything lives in one world-readable folder, so that the entrypoint may drop to `nobody`.
const dir = mkdtempSync(join(tmpdir(), 'trophyroom-entrypoint-'));
chmodSync(dir, 0o755);
const ENTRY = join(dir, 'entrypoint.sh');
copyFileSync(join(ROOT, 'docker', 'entrypoint.sh'), ENTRY);
chmodSync(ENTRY, 0o755);
// The fake trophyroom: writes its uid, arguments and TROPHYROOM_* environment to $FAKE_OUT.
const fakeBin = join(dir, 'fake-bin');
mkdirSync(fakeBin);
writeFileSync(
  join(fakeBin, 'trophyroom'),
  '#!/bin/sh\n{ echo "uid=$(id -u)"; for a in "$@"; do echo "arg=$a"; done; env | grep "^TROPHYROOM_" | sed "s/^/env=/"; } >"$FAKE_OUT"\n',
  { mode: 0o755 },
);
const noMounts = join(dir, 'mountinfo');
writeFileSync(noMounts, '22 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n');

let runs = 0;
interface Run {
  code: number | null;
  stderr: string;
  /** What the fake trophyroom was run with, if it was. */
  exec: { uid: number; args: string[]; env: Record<string, string> } | undefined;
  dataDir: string;
}

/** Runs the entrypoint as the image does: a data directory of its own, no mounts, the fake trophyroom. */
function entrypoint(args: string[], env: Record<string, string> = {}): Run {
  const run = join(dir, `run-${++runs}`);
  mkdirSync(run, { mode: 0o777 });
  chmodSync(run, 0o777);
  const out = join(run, 'exec');
  const dataDir = join(run, 'data');
  const result = spawnSync(ENTRY, args, {
    cwd: run,
    encoding: 'utf8',
    env: {
      PATH: `${fakeBin}:${process.env.PATH}`,
      FAKE_OUT: out,
      TROPHYROOM_DATA_DIR: dataDir,
      TROPHYROOM_ENTRYPOINT_MOUNTINFO: noMounts,
      // Tests run as root on CI: no such user, so the entrypoint stays root (and says so).
      TROPHYROOM_CONTAINER_USER: 'trophyroom-test-absent',
      ...env,
    },
  });
  let exec: Run['exec'];
  if (existsSync(out)) {
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    const values = (key: string) => lines.filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));
    exec = {
      uid: Number(values('uid')[0]),
      args: values('arg'),
      env: Object.fromEntries(values('env').map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)])),
    };
  }
  return { code: result.status, stderr: result.stderr, exec, dataDir };
}

const KEY = Buffer.alloc(32, 7).toString('base64');
const PG = 'postgres://trophyroom:secret@db:5432/trophyroom';

describe('docker/entrypoint.sh', () => {
  it('runs trophyroom serve --role all by default, creates the data directory, and warns what a container without a volume loses', () => {
    const run = entrypoint([]);
    expect(run.code).toBe(0);
    expect(run.exec?.args).toEqual(['serve', '--role', 'all']);
    expect(statSync(run.dataDir).isDirectory()).toBe(true);
    expect(run.stderr).toContain(
      `warning: ${run.dataDir} is not a volume: the SQLite database and the vault key that opens the stored PSN tokens go with this container`,
    );
    expect(run.stderr).toContain('or set TROPHYROOM_SECRET_KEY');
    expect(run.stderr).toContain('warning: no TROPHYROOM_PUBLIC_URL');
  });

  it('is quiet about the volume when the data directory (or a folder above it) is a mount, and about the public URL when it is set', () => {
    const mounts = join(dir, 'mountinfo-data');
    writeFileSync(mounts, `22 1 254:0 / / rw - ext4 /dev/vda rw\n40 22 254:0 /volumes/x ${dir} rw - ext4 /dev/vda rw\n`);
    const run = entrypoint(['serve'], { TROPHYROOM_ENTRYPOINT_MOUNTINFO: mounts, TROPHYROOM_PUBLIC_URL: 'https://trophies.example' });
    expect(run.code).toBe(0);
    expect(run.exec?.args).toEqual(['serve', '--role', 'all']);
    expect(run.stderr).not.toContain('not a volume');
    expect(run.stderr).not.toContain('TROPHYROOM_PUBLIC_URL');
  });

  it('takes the role from the first word, else --role, else TROPHYROOM_ROLE, and passes the serve flags on', () => {
    const env = { TROPHYROOM_DATABASE_URL: PG, TROPHYROOM_SECRET_KEY: KEY };
    expect(entrypoint(['worker', '--log-level', 'debug'], env).exec?.args).toEqual(['serve', '--role', 'worker', '--log-level', 'debug']);
    expect(entrypoint(['serve', '--port', '8080'], { ...env, TROPHYROOM_ROLE: 'web' }).exec?.args).toEqual(['serve', '--role', 'web', '--port', '8080']);
    expect(entrypoint(['--port', '8080'], { ...env, TROPHYROOM_ROLE: 'web' }).exec?.args).toEqual(['serve', '--role', 'web', '--port', '8080']);
    // A --role flag wins over the environment, and is checked like it.
    const flagged = entrypoint(['serve', '--role=worker'], { TROPHYROOM_ROLE: 'all' });
    expect(flagged.code).toBe(2);
    expect(flagged.stderr).toContain('the role worker needs PostgreSQL');
  });

  it('refuses web and worker without PostgreSQL or a shared secret key, and an unknown role, with exit code 2', () => {
    const web = entrypoint(['web']);
    expect(web.code).toBe(2);
    expect(web.exec).toBeUndefined();
    expect(web.stderr).toContain('error: the role web needs PostgreSQL: set TROPHYROOM_DATABASE_URL=postgres://');

    const sqlite = entrypoint(['worker'], { TROPHYROOM_DATABASE_URL: 'sqlite:/data/trophyroom.db', TROPHYROOM_SECRET_KEY: KEY });
    expect(sqlite.code).toBe(2);
    expect(sqlite.stderr).toContain('is not a postgres:// URL');
    expect(sqlite.stderr).not.toContain('sqlite:/data');

    const keyless = entrypoint(['worker'], { TROPHYROOM_DATABASE_URL: PG });
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toContain('the role worker needs TROPHYROOM_SECRET_KEY');
    expect(keyless.stderr).not.toContain('secret@db');

    const unknown = entrypoint([], { TROPHYROOM_ROLE: 'admin' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown role "admin"');
  });

  it('starts web and worker on PostgreSQL with the key, without warnings about the data directory; a worker needs no public URL', () => {
    const worker = entrypoint(['worker'], { TROPHYROOM_DATABASE_URL: PG, TROPHYROOM_SECRET_KEY: KEY });
    expect(worker.code).toBe(0);
    expect(worker.exec?.args).toEqual(['serve', '--role', 'worker']);
    expect(worker.stderr).not.toContain('warning: /');
    expect(worker.stderr).not.toContain('TROPHYROOM_PUBLIC_URL');
    const web = entrypoint(['web'], { TROPHYROOM_DATABASE_URL: PG, TROPHYROOM_SECRET_KEY: KEY, TROPHYROOM_PUBLIC_URL: 'http://localhost:3000' });
    expect(web.code).toBe(0);
    expect(web.stderr).not.toContain('warning: /');
    // The secrets reach the server untouched and are never printed.
    expect(web.exec?.env).toMatchObject({ TROPHYROOM_DATABASE_URL: PG, TROPHYROOM_SECRET_KEY: KEY });
    expect(web.stderr).not.toContain(KEY);
  });

  it('reads secrets from *_FILE, refuses a variable set twice or a file it cannot read, and unsets empty variables', () => {
    const keyFile = join(dir, 'secret-key');
    writeFileSync(keyFile, `${KEY}\n`);
    const fromFile = entrypoint(['worker'], {
      TROPHYROOM_DATABASE_URL: PG,
      TROPHYROOM_SECRET_KEY_FILE: keyFile,
      TROPHYROOM_METRICS_TOKEN: '',
      TROPHYROOM_PUBLIC_URL: '',
    });
    expect(fromFile.code).toBe(0);
    expect(fromFile.exec?.env.TROPHYROOM_SECRET_KEY).toBe(KEY);
    expect(fromFile.exec?.env).not.toHaveProperty('TROPHYROOM_SECRET_KEY_FILE');
    expect(fromFile.exec?.env).not.toHaveProperty('TROPHYROOM_METRICS_TOKEN');
    expect(fromFile.exec?.env).not.toHaveProperty('TROPHYROOM_PUBLIC_URL');

    const twice = entrypoint([], { TROPHYROOM_SECRET_KEY: KEY, TROPHYROOM_SECRET_KEY_FILE: keyFile });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('both TROPHYROOM_SECRET_KEY and TROPHYROOM_SECRET_KEY_FILE are set');
    const missing = entrypoint([], { TROPHYROOM_METRICS_TOKEN_FILE: join(dir, 'no-such-file') });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('TROPHYROOM_METRICS_TOKEN_FILE: cannot read');
  });

  it('stops with exit code 2 when it cannot make the data directory', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const run = entrypoint([], { TROPHYROOM_DATA_DIR: join(file, 'data') });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot create the data directory ${join(file, 'data')}`);
    expect(run.exec).toBeUndefined();
  });

  it('runs any other trophyroom command as it is, without the server checks', () => {
    const run = entrypoint(['migrate', '--from', '/data/trophyroom.db', '--to', PG], { TROPHYROOM_ROLE: 'web' });
    expect(run.code).toBe(0);
    expect(run.exec?.args).toEqual(['migrate', '--from', '/data/trophyroom.db', '--to', PG]);
    expect(run.stderr).not.toContain('starting');
  });

  it.skipIf(!root)('started as root, hands the data directory to the image user and runs as that user (here nobody)', () => {
    const run = entrypoint(['serve', '--log-level', 'warn'], { TROPHYROOM_CONTAINER_USER: 'nobody', TROPHYROOM_SECRET_KEY: KEY });
    expect(run.code).toBe(0);
    expect(run.exec?.uid).toBe(65534);
    expect(run.exec?.args).toEqual(['serve', '--role', 'all', '--log-level', 'warn']);
    expect(statSync(run.dataDir).uid).toBe(65534);
    expect(run.stderr).toContain('as uid 65534');

    const absent = entrypoint([]);
    expect(absent.exec?.uid).toBe(0);
    expect(absent.stderr).toContain('warning: no user trophyroom-test-absent: running as root.');
  });
});

describe('the entrypoint with the real trophyroom, and docker/healthcheck.mjs', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  /** A /proc of one process whose command line is the server's. */
  function fakeProc(...args: string[]) {
    const proc = mkdtempSync(join(dir, 'proc-'));
    mkdirSync(join(proc, '1'));
    writeFileSync(join(proc, '1', 'cmdline'), ['node', '/usr/local/bin/trophyroom', 'serve', ...args, ''].join('\0'));
    return proc;
  }
  function healthcheck(proc: string, env: Record<string, string> = {}) {
    const result = spawnSync(process.execPath, [HEALTHCHECK], { encoding: 'utf8', env: { PATH: process.env.PATH, TROPHYROOM_HEALTHCHECK_PROC: proc, ...env } });
    return { code: result.status, out: result.stdout + result.stderr };
  }

  it('execs the server (the signal reaches it: SIGTERM stops it with 0), which the health check finds healthy by its flags or environment', async () => {
    const realBin = join(dir, 'real-bin');
    mkdirSync(realBin, { recursive: true });
    if (!existsSync(join(realBin, 'trophyroom'))) symlinkSync(BIN, join(realBin, 'trophyroom'));
    const dataDir = mkdtempSync(join(dir, 'real-data-'));
    const token = 'a-metrics-token-of-32-characters';
    const child = spawn(ENTRY, ['--port', '0', '--metrics-listen', '127.0.0.1:0', '--log-level', 'warn'], {
      env: {
        PATH: `${realBin}:${process.env.PATH}`,
        TROPHYROOM_HOST: '127.0.0.1',
        TROPHYROOM_DATA_DIR: dataDir,
        TROPHYROOM_METRICS_TOKEN: token,
        TROPHYROOM_CONTAINER_USER: 'trophyroom-test-absent',
        TROPHYROOM_ENTRYPOINT_MOUNTINFO: noMounts,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const urls: string[] = [];
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
        const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
        if (url) urls.push(url);
        if (urls.length === 2) resolve();
      });
      void exited.then((code) => reject(new Error(`the server exited (${code}) before it listened`)));
    });
    const [url, metricsUrl] = urls as [string, string];
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ status: 'ok' });
    expect(existsSync(join(dataDir, 'vault.key'))).toBe(true);

    const port = new URL(url).port;
    const metricsPort = new URL(metricsUrl).port;
    // all/web: /healthz on the port from the server's flags, else from the environment.
    expect(healthcheck(fakeProc('--role', 'web', '--port', port))).toMatchObject({ code: 0, out: expect.stringContaining('"status":"ok"') });
    expect(healthcheck(fakeProc(), { TROPHYROOM_PORT: port, TROPHYROOM_HOST: '0.0.0.0' }).code).toBe(0);
    const down = healthcheck(fakeProc('--port', '9'));
    expect(down.code).toBe(1);
    expect(down.out).toContain('unhealthy');
    // worker: its metrics listener, with the token (from a file too); without one, a running server process.
    const worker = fakeProc('--role', 'worker', '--metrics-listen', `0.0.0.0:${metricsPort}`);
    expect(healthcheck(worker, { TROPHYROOM_METRICS_TOKEN: token }).code).toBe(0);
    const tokenFile = join(dir, 'metrics-token');
    writeFileSync(tokenFile, `${token}\n`);
    expect(healthcheck(worker, { TROPHYROOM_METRICS_TOKEN_FILE: tokenFile }).code).toBe(0);
    expect(healthcheck(worker).out).toContain('answered 401');
    expect(healthcheck(fakeProc('--role', 'worker')).code).toBe(0);
    expect(healthcheck(mkdtempSync(join(dir, 'proc-')), { TROPHYROOM_ROLE: 'worker' })).toMatchObject({
      code: 1,
      out: expect.stringContaining('no trophyroom serve process'),
    });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('the Dockerfile and compose.yaml say what the README says', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const selfHosting = readme.slice(readme.indexOf('## Self-hosting'), readme.indexOf('\n## ', readme.indexOf('## Self-hosting') + 1));
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  // Instructions with their continuation lines joined, comments dropped.
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => ({ op: l.split(/\s+/)[0]?.toUpperCase() as string, rest: l.slice(l.search(/\s/) + 1).trim() }));
  const stages: Array<{ from: string; name: string; body: typeof instructions }> = [];
  for (const i of instructions) {
    if (i.op === 'FROM') {
      const [from, , name] = i.rest.split(/\s+/);
      stages.push({ from: from as string, name: name ?? '', body: [] });
    } else stages.at(-1)?.body.push(i);
  }
  const runtime = stages.at(-1) as (typeof stages)[number];
  const last = (op: string) => runtime.body.filter((i) => i.op === op).at(-1)?.rest;
  const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true });
  const services = compose.services;
  /** `${inner}` as Compose and Docker write it. */
  const variable = (inner: string) => `\${${inner}}`;

  it('has a README section "Self-hosting" showing both forms', () => {
    expect(selfHosting).toContain('docker build -t trophyroom .');
    expect(selfHosting).toMatch(/docker run .*-p 3000:3000 -v trophyroom-data:\/data/);
    expect(selfHosting).toContain('docker compose up -d --build');
    expect(selfHosting).toContain('--scale worker=');
    for (const setting of ['TROPHYROOM_PUBLIC_URL', 'TROPHYROOM_SECRET_KEY', 'TROPHYROOM_METRICS_TOKEN']) expect(selfHosting).toContain(`| \`${setting}`);
  });

  it('Dockerfile: deps (npm ci) → build (the web and the built CLI) → a runtime as the user trophyroom, uid 10001, with the HEALTHCHECK, the /data volume and the entrypoint', () => {
    expect(stages.map((s) => s.name)).toEqual(['deps', 'build', 'runtime']);
    expect(stages[0]?.body.some((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.rest))).toBe(true);
    expect(stages[1]?.from).toBe('deps');
    expect(
      stages[1]?.body.some(
        (i) => i.op === 'RUN' && /npm run build -w @trophyroom\/web -w @trophyroom\/cli\b/.test(i.rest) && i.rest.includes('npm prune --omit=dev'),
      ),
    ).toBe(true);
    expect(runtime.from).toBe(variable('NODE_IMAGE'));
    expect(last('USER')).toBe('trophyroom');
    expect(runtime.body.find((i) => i.op === 'ARG')?.rest).toBe('TROPHYROOM_UID=10001');
    expect(selfHosting).toContain('uid 10001');
    expect(last('HEALTHCHECK')).toMatch(/ CMD \["node", "\/app\/docker\/healthcheck\.mjs"\]$/);
    expect(last('VOLUME')).toBe('["/data"]');
    expect(last('ENTRYPOINT')).toBe('["/app/docker/entrypoint.sh"]');
    expect(last('EXPOSE')).toBe('3000');
    const env = runtime.body
      .filter((i) => i.op === 'ENV')
      .map((i) => i.rest)
      .join(' ');
    expect(env).toContain('TROPHYROOM_HOST=0.0.0.0');
    expect(env).toContain('TROPHYROOM_DATA_DIR=/data');
    expect(selfHosting).toContain('`TROPHYROOM_HOST=0.0.0.0` and `TROPHYROOM_DATA_DIR=/data`');
    // The runtime takes the built UI and the docker/ scripts, which .dockerignore lets through.
    expect(runtime.body.some((i) => i.op === 'COPY' && i.rest === '--from=build /app/packages ./packages')).toBe(true);
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toContain('**/node_modules');
    expect(ignored).not.toContain('docker');
    expect(ignored.filter((l) => l.startsWith('docker/'))).toEqual(['docker/test']);
  });

  it('compose.yaml: PostgreSQL, one web (published, public URL) and N workers, sharing the database URL and the secret key, in health order', () => {
    expect(Object.keys(services).sort()).toEqual(['db', 'web', 'worker']);
    expect(services.db.image).toMatch(/^postgres:\d+$/);
    expect(services.db.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes)).toEqual(['pgdata']);
    expect(services.db.healthcheck.test.join(' ')).toContain('pg_isready');

    expect(services.web.environment.TROPHYROOM_ROLE).toBe('web');
    expect(services.worker.environment.TROPHYROOM_ROLE).toBe('worker');
    expect(services.web.ports).toEqual([`${variable('TROPHYROOM_HTTP_PORT:-3000')}:3000`]);
    expect(services.web.environment.TROPHYROOM_PUBLIC_URL).toBe(variable('TROPHYROOM_PUBLIC_URL:-http://localhost:3000'));
    expect(services.worker.ports).toBeUndefined();
    expect(services.worker.deploy.replicas).toBe(variable('TROPHYROOM_WORKERS:-2'));
    for (const name of ['web', 'worker']) {
      const service = services[name];
      expect(service.build.context).toBe('.');
      expect(service.environment.TROPHYROOM_DATABASE_URL).toMatch(/^postgres:\/\/trophyroom:\$\{POSTGRES_PASSWORD:\?[^}]+\}@db:5432\/trophyroom$/);
      expect(service.environment.TROPHYROOM_SECRET_KEY).toMatch(/^\$\{TROPHYROOM_SECRET_KEY:\?/);
      expect(service.environment.TROPHYROOM_METRICS_TOKEN).toBe(variable('TROPHYROOM_METRICS_TOKEN:-'));
      // The same check as the image's HEALTHCHECK.
      expect(`CMD ${JSON.stringify(service.healthcheck.test.slice(1)).replaceAll(',', ', ')}`).toBe(last('HEALTHCHECK')?.replace(/^.* CMD /, 'CMD '));
      expect(service.depends_on.db).toEqual({ condition: 'service_healthy' });
    }
    expect(services.worker.depends_on.web).toEqual({ condition: 'service_healthy' });
    expect(services.worker.environment.TROPHYROOM_METRICS_LISTEN).toBe('127.0.0.1:9464');
    expect(selfHosting).toContain('TROPHYROOM_METRICS_LISTEN=127.0.0.1:9464');
  });

  it("the README's .env names every variable compose.yaml reads, and compose.yaml reads every one it names", () => {
    const source = readFileSync(join(ROOT, 'compose.yaml'), 'utf8');
    const read = new Set([...source.matchAll(/\$\{([A-Z0-9_]+)[:}]/g)].map((m) => m[1] as string));
    read.delete('TROPHYROOM_IMAGE'); // only for a prebuilt image: not a setting
    const block = selfHosting.slice(selfHosting.indexOf('POSTGRES_PASSWORD=')).split('```')[0] as string;
    const named = new Set([...block.matchAll(/\b([A-Z][A-Z0-9_]+)=/g)].map((m) => m[1] as string));
    expect([...named].sort()).toEqual([...read].sort());
  });
});

afterAll(() => {
  // The run folders may belong to nobody now; root removes them regardless.
  spawnSync('rm', ['-rf', dir]);
});
