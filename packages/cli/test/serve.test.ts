import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { createSimulator } from 'psn-sim';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'trophyroom.js');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Runs `trophyroom` with `node`, or as an executable (`asInstalled`: its shebang's options apply, as when npm, npx or the image run it). */
function start(args: string[], env: NodeJS.ProcessEnv = {}, { asInstalled = false } = {}) {
  const options = {
    env: { PATH: `${dirname(process.execPath)}:${process.env.PATH}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
  };
  const child = asInstalled ? spawn(BIN, args, options) : spawn(process.execPath, [BIN, ...args], options);
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const line = (stream: NodeJS.ReadableStream, match: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: stream });
      lines.on('line', (l) => {
        if (match.test(l)) resolve(l);
      });
      void exited.then((code) => reject(new Error(`exited (${code}) before printing ${match}`)));
    });
  return { child, exited, line };
}

async function signUpAndConnect(url: string, npsso: string) {
  const signup = await fetch(`${url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username: 'player', password: 'a long enough password' }),
  });
  expect(signup.status).toBe(201);
  const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const connect = await fetch(`${url}/api/connections/psn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie },
    body: JSON.stringify({ npsso }),
  });
  return connect;
}

describe('trophyroom serve', () => {
  it('serves the API against the simulator named by --base-url, logs JSON lines, and stops cleanly on Ctrl-C', async () => {
    const sim = createSimulator({ seed: 3, accounts: 2, titles: 5 });
    const simUrl = await sim.listen(0);
    try {
      const dataDir = mkdtempSync(join(tmpdir(), 'trophyroom-serve-'));
      const s = start(['serve', '--port', '0', '--data-dir', dataDir, '--base-url', simUrl, '--log-level', 'info']);
      const firstLog = s.line(s.child.stdout as NodeJS.ReadableStream, /trophyroom listening/);
      const url = (/(http:\/\/127\.0\.0\.1:\d+)/.exec(await s.line(s.child.stderr as NodeJS.ReadableStream, /running at/)) as RegExpExecArray)[1] as string;
      expect(JSON.parse(await firstLog)).toMatchObject({ level: 'info', database: 'sqlite', psn: simUrl });
      expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ status: 'ok' });
      expect((await signUpAndConnect(url, sim.credentialsOf(0).npsso)).status).toBe(201);
      expect(existsSync(join(dataDir, 'trophyroom.db'))).toBe(true);
      s.child.kill('SIGINT');
      expect(await s.exited).toBe(0);
    } finally {
      await sim.close();
    }
  });

  it('run as installed, sizes the heap for a small box (a 1 GiB ceiling, said as it starts) whatever the machine', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'trophyroom-serve-'));
    const s = start(['serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'info'], {}, { asInstalled: true });
    const listening = JSON.parse(await s.line(s.child.stdout as NodeJS.ReadableStream, /trophyroom listening/));
    // The old generation's 1,024 MiB and the young generation's semi-spaces.
    expect(listening.heapLimitMb).toBeGreaterThanOrEqual(1024);
    expect(listening.heapLimitMb).toBeLessThan(1200);
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
  });

  it('rotates the vault key end to end: rotate-key, then a restart seals the PSN tokens again and drops the old key', async () => {
    const sim = createSimulator({ seed: 3, accounts: 2, titles: 5 });
    const simUrl = await sim.listen(0);
    try {
      const dataDir = mkdtempSync(join(tmpdir(), 'trophyroom-serve-'));
      const args = ['serve', '--port', '0', '--data-dir', dataDir, '--base-url', simUrl, '--log-level', 'info'];
      const first = start(args);
      const url = (
        /(http:\/\/127\.0\.0\.1:\d+)/.exec(await first.line(first.child.stderr as NodeJS.ReadableStream, /running at/)) as RegExpExecArray
      )[1] as string;
      const connect = await signUpAndConnect(url, sim.credentialsOf(0).npsso);
      expect(connect.status).toBe(201);
      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);
      const oldKey = readFileSync(join(dataDir, 'vault.key'), 'utf8').trim();

      const rotate = start(['rotate-key', '--data-dir', dataDir]);
      expect(await rotate.exited).toBe(0);
      const keys = readFileSync(join(dataDir, 'vault.key'), 'utf8').trim().split('\n');
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(oldKey);

      const again = start(args);
      const rotated = again.line(again.child.stdout as NodeJS.ReadableStream, /vault key rotated/);
      const url2 = (
        /(http:\/\/127\.0\.0\.1:\d+)/.exec(await again.line(again.child.stderr as NodeJS.ReadableStream, /running at/)) as RegExpExecArray
      )[1] as string;
      expect(JSON.parse(await rotated)).toMatchObject({ connections: 1, retiredKeys: 1 });
      expect(readFileSync(join(dataDir, 'vault.key'), 'utf8').trim()).toBe(keys[0]);
      // The tokens open with the new key alone: a sync runs.
      const login = await fetch(`${url2}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: url2 },
        body: JSON.stringify({ username: 'player', password: 'a long enough password' }),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const sync = await fetch(`${url2}/api/psn/sync`, { method: 'POST', headers: { origin: url2, cookie } });
      const { jobId } = (await sync.json()) as { jobId: string };
      let state = 'running';
      for (let i = 0; i < 200 && state === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const runs = (await (await fetch(`${url2}/api/sync/runs?jobId=${jobId}`, { headers: { cookie } })).json()) as { items: Array<{ state: string }> };
        state = runs.items[0]?.state ?? 'running';
      }
      expect(state).toBe('succeeded');
      again.child.kill('SIGINT');
      expect(await again.exited).toBe(0);
    } finally {
      await sim.close();
    }
  });

  it('two processes on one SQLite file make exactly one of the first sign-ups the admin', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'trophyroom-serve-'));
    const urls: string[] = [];
    // One after the other: the first creates the vault key file that both use.
    for (let i = 0; i < 2; i++) {
      const s = start(['serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'silent']);
      urls.push((/(http:\/\/127\.0\.0\.1:\d+)/.exec(await s.line(s.child.stderr as NodeJS.ReadableStream, /running at/)) as RegExpExecArray)[1] as string);
    }
    const names = ['ann', 'ben', 'cat', 'dan', 'eve', 'fox'];
    const replies = await Promise.all(
      names.map(async (username, i) => {
        const url = urls[i % 2] as string;
        const r = await fetch(`${url}/api/auth/signup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: url },
          body: JSON.stringify({ username, password: 'a long enough password' }),
        });
        return { status: r.status, body: (await r.json()) as { user: { admin: boolean } } };
      }),
    );
    expect(replies.map((r) => r.status)).toEqual(names.map(() => 201));
    expect(replies.filter((r) => r.body.user.admin)).toHaveLength(1);
  });

  it('serves /metrics only with the token, on the address --metrics-listen names, and answers to its own names only', async () => {
    const token = 'a-metrics-token-from-the-environment';
    const s = start(['serve', '--port', '0', '--data-dir', mkdtempSync(join(tmpdir(), 'trophyroom-serve-')), '--metrics-listen', '127.0.0.1:0'], {
      TROPHYROOM_METRICS_TOKEN: token,
    });
    const stderr = s.child.stderr as NodeJS.ReadableStream;
    const metricsLine = s.line(stderr, /Metrics at/);
    const url = (/(http:\/\/127\.0\.0\.1:\d+)/.exec(await s.line(stderr, /running at/)) as RegExpExecArray)[1] as string;
    const metricsUrl = (/(http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(await metricsLine) as RegExpExecArray)[1] as string;
    expect((await fetch(metricsUrl)).status).toBe(401);
    const scraped = await fetch(metricsUrl, { headers: { authorization: `Bearer ${token}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/^# TYPE trophyroom_jobs gauge$/m);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    const rebound = await new Promise<number>((resolve, reject) =>
      request(`${url}/api/openapi.json`, { headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end(),
    );
    expect(rebound).toBe(421);
  });

  it('exits 2 promptly when the port is taken', async () => {
    const taken = createSimulator({ seed: 1, accounts: 1, titles: 1 });
    const port = new URL(await taken.listen(0)).port;
    try {
      const s = start(['serve', '--port', port, '--data-dir', mkdtempSync(join(tmpdir(), 'trophyroom-serve-'))]);
      const message = s.line(s.child.stderr as NodeJS.ReadableStream, /EADDRINUSE/);
      expect(await s.exited).toBe(2);
      expect(await message).toMatch(/choose one with --port/);
    } finally {
      await taken.close();
    }
  });

  it('refuses a bad setting with exit code 2 and a plain message', async () => {
    const s = start(['serve', '--port', '0', '--role', 'boss']);
    const stderr = s.line(s.child.stderr as NodeJS.ReadableStream, /role/);
    expect(await s.exited).toBe(2);
    expect(await stderr).toMatch(/The role "boss" is not one of web, worker, all/);

    const secret = 'too-short';
    const t = start(['serve', '--port', '0', '--metrics-token', secret]);
    let text = '';
    (t.child.stderr as NodeJS.ReadableStream).on('data', (chunk) => {
      text += String(chunk);
    });
    expect(await t.exited).toBe(2);
    expect(text).toMatch(/metrics token is too short/);
    expect(text).not.toContain(secret);
  });

  it('lists the security settings in --help', async () => {
    const s = start(['serve', '--help']);
    let text = '';
    (s.child.stdout as NodeJS.ReadableStream).on('data', (chunk) => {
      text += String(chunk);
    });
    expect(await s.exited).toBe(0);
    for (const name of [
      '--public-url',
      '--trust-proxy',
      'TROPHYROOM_TRUST_PROXY',
      '--metrics-token',
      'TROPHYROOM_METRICS_TOKEN',
      '--metrics-listen',
      '--metrics-player-labels',
    ])
      expect(text).toContain(name);
  });
});

describe('trophyroom demo', () => {
  it('starts the simulator and the server together; the printed NPSSO connects; Ctrl-C removes the demo data', async () => {
    const s = start(['demo', '--port', '0', '--sim-port', '0', '--json']);
    const hello = JSON.parse(await s.line(s.child.stdout as NodeJS.ReadableStream, /^\{/));
    expect(hello.accounts.length).toBeGreaterThan(0);
    expect(existsSync(hello.dataDir)).toBe(true);
    const connect = await signUpAndConnect(hello.url, hello.accounts[0].npsso);
    expect(connect.status).toBe(201);
    expect((await connect.json()).connection.onlineId).toBe(hello.accounts[0].onlineId);
    expect((await fetch(`${hello.url}/`)).headers.get('content-type')).toMatch(/html/);
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
    expect(existsSync(hello.dataDir)).toBe(false);
  });

  it('exits 2 with advice, rather than hanging, on a bad flag or a port in use', async () => {
    const bad = start(['demo', '--port', 'abc', '--sim-port', '0']);
    const badMessage = bad.line(bad.child.stderr as NodeJS.ReadableStream, /port/);
    expect(await bad.exited).toBe(2);
    expect(await badMessage).toMatch(/--port "abc" is not a port number/);

    const taken = createSimulator({ seed: 1, accounts: 1, titles: 1 });
    const port = Number(new URL(await taken.listen(0)).port);
    try {
      const busy = start(['demo', '--port', '0', '--sim-port', String(port)]);
      const busyMessage = busy.line(busy.child.stderr as NodeJS.ReadableStream, /EADDRINUSE/);
      expect(await busy.exited).toBe(2);
      expect(await busyMessage).toMatch(/choose other ports/);
    } finally {
      await taken.close();
    }
  });
});
