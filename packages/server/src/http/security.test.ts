/**
 * The security probe of issue 15, replayed over loopback: racing first sign-ups, `/metrics`,
 * DNS rebinding and proxy headers, security headers, login lock-outs and weak passwords.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Harness, rawRequest, startHarness } from '../../test/http-harness.ts';
import { dialects } from '../../test/stores.ts';
import { type RunningServer, startServer } from '../main.ts';

const PASSWORD = 'a long enough password';
const METRICS_TOKEN = 'metrics-token-of-the-operator-0123456789';

describe.each(dialects)('the first admin on %s', (dialect) => {
  it('makes exactly one of several parallel first sign-ups the admin, also across two servers on one database', async () => {
    const h = await startHarness({ dialect });
    let other: RunningServer | undefined;
    const otherDir = mkdtempSync(join(tmpdir(), 'trophyroom-second-'));
    try {
      // Two servers on one database stand for two processes; on SQLite they are two processes in
      // packages/cli/test/serve.test.ts (one process cannot hold two writers of one file).
      if (dialect === 'postgres')
        other = await startServer({ port: 0, dataDir: otherDir, databaseUrl: h.server.config.databaseUrl, psnBaseUrl: h.simUrl, logLevel: 'silent', env: {} });
      const urls = other ? [h.url, other.url as string] : [h.url];
      const names = ['ann', 'ben', 'cat', 'dan', 'eve', 'fox'];
      const replies = await Promise.all(
        names.map((name, i) => new Client(urls[i % urls.length] as string).post('/api/auth/signup', { username: name, password: PASSWORD })),
      );
      expect(replies.map((r) => r.status)).toEqual(names.map(() => 201));
      expect(replies.filter((r) => r.body.user.admin === true)).toHaveLength(1);
      // Later sign-ups are plain users.
      expect((await new Client(h.url).post('/api/auth/signup', { username: 'gil', password: PASSWORD })).body.user.admin).toBe(false);
    } finally {
      await other?.close();
      await h.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});

describe('/metrics', () => {
  it('is off without a token or an address of its own, and says how to turn it on', async () => {
    const h = await startHarness();
    try {
      const r = await h.anonymous().get('/metrics');
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('not_found');
      expect(r.body.error.message).toMatch(/--metrics-token.*--metrics-listen/s);
    } finally {
      await h.close();
    }
  });

  describe('with a token', () => {
    let h: Harness;
    let onlineId: string;
    beforeAll(async () => {
      h = await startHarness({ server: { metricsToken: METRICS_TOKEN } });
      const ana = await h.user('ana');
      onlineId = h.sim.credentialsOf(0).onlineId;
      expect((await ana.post('/api/connections/psn', { npsso: h.sim.credentialsOf(0).npsso })).status).toBe(201);
      await ana.until('/api/psn/titles', (r) => r.body.state === 'ready');
    });
    afterAll(() => h.close());

    it('refuses a scrape without it, with a wrong one or another scheme', async () => {
      for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${Buffer.from(`x:${METRICS_TOKEN}`).toString('base64')}`, METRICS_TOKEN]) {
        const r = await rawRequest(h.url, { path: '/metrics', headers: authorization ? { authorization } : {} });
        expect(r.status, String(authorization)).toBe(401);
        expect(r.body.error.code).toBe('unauthenticated');
        expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(JSON.stringify(r.body)).not.toContain(METRICS_TOKEN);
      }
    });

    it('answers Prometheus text with the token, with budgets aggregated: no player names or ids', async () => {
      const r = await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await r.text();
      expect(text).toMatch(/^trophyroom_psn_budget_remaining_min \d+$/m);
      expect(text).toMatch(/^trophyroom_psn_budget_accounts_spending 1$/m);
      expect(text).toMatch(/^trophyroom_psn_budget_accounts_exhausted 0$/m);
      expect(text).not.toContain('online_id');
      expect(text).not.toContain(onlineId);
      expect(text).not.toContain(h.sim.credentialsOf(0).accountId);
      expect(h.logs.join('\n')).not.toContain(METRICS_TOKEN);
    });
  });

  it('names players only when the operator opts in', async () => {
    const h = await startHarness({ server: { metricsToken: METRICS_TOKEN, metricsPlayerLabels: true } });
    try {
      const ana = await h.user('ana');
      await ana.post('/api/connections/psn', { npsso: h.sim.credentialsOf(0).npsso });
      await ana.until('/api/psn/titles', (r) => r.body.state === 'ready');
      const text = await (await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      expect(text).toContain(`trophyroom_psn_budget_remaining{online_id="${h.sim.credentialsOf(0).onlineId}"}`);
    } finally {
      await h.close();
    }
  });

  it('serves on an address of its own with metricsListen, and no longer on the main one', async () => {
    const h = await startHarness({ server: { metricsListen: '127.0.0.1:0' } });
    try {
      const metricsUrl = h.server.metricsUrl as string;
      expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(metricsUrl).not.toBe(h.url);
      const r = await fetch(`${metricsUrl}/metrics`);
      expect(r.status).toBe(200);
      expect(await r.text()).toMatch(/^# TYPE trophyroom_http_requests_total counter$/m);
      expect((await fetch(`${metricsUrl}/api/me`)).status).toBe(404);
      expect((await h.anonymous().get('/metrics')).status).toBe(404);
      // Its own names only: a rebinding page cannot read it either.
      expect((await rawRequest(metricsUrl, { path: '/metrics', headers: { host: 'evil.example' } })).status).toBe(421);
    } finally {
      await h.close();
    }
  });
});

describe('the names the server answers to (DNS rebinding)', () => {
  it('refuses a Host that is not one of its names on a fresh instance, sign-up included, and says to set the public URL', async () => {
    const h = await startHarness();
    try {
      const port = new URL(h.url).port;
      const evil = `evil.example:${port}`;
      const signup = await rawRequest(h.url, {
        path: '/api/auth/signup',
        headers: { host: evil, origin: `http://${evil}` },
        body: { username: 'mallory', password: PASSWORD },
      });
      expect(signup.status).toBe(421);
      expect(signup.body.error.code).toBe('unknown_host');
      expect(signup.body.error.message).toMatch(/public URL.*--public-url.*TROPHYROOM_PUBLIC_URL/s);
      for (const path of ['/', '/api/openapi.json', '/api/me']) expect((await rawRequest(h.url, { path, headers: { host: evil } })).status, path).toBe(421);
      // A health probe may use any name: /healthz tells nothing.
      expect((await rawRequest(h.url, { path: '/healthz', headers: { host: evil } })).status).toBe(200);

      // The loopback names of the bound address pass; a write's Origin must be one of them.
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`])
        expect((await rawRequest(h.url, { path: '/api/openapi.json', headers: { host } })).status, host).toBe(200);
      const foreign = await rawRequest(h.url, {
        path: '/api/auth/signup',
        headers: { host: `127.0.0.1:${port}`, origin: `http://${evil}` },
        body: { username: 'mallory', password: PASSWORD },
      });
      expect(foreign.status).toBe(403);
      const local = await rawRequest(h.url, {
        path: '/api/auth/signup',
        headers: { host: `localhost:${port}`, origin: `http://localhost:${port}` },
        body: { username: 'owner', password: PASSWORD },
      });
      expect(local.status).toBe(201);
      expect(local.body.user.admin).toBe(true);
    } finally {
      await h.close();
    }
  });

  it('bound to every interface, answers to the machine’s addresses and name, not to others', async () => {
    const h = await startHarness({ server: { host: '0.0.0.0' } });
    try {
      const port = new URL(h.url).port;
      const lan = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, ...(lan ? [`${lan}:${port}`] : [])])
        expect((await rawRequest(h.url, { path: '/api/openapi.json', headers: { host } })).status, host).toBe(200);
      expect((await rawRequest(h.url, { path: '/api/openapi.json', headers: { host: `evil.example:${port}` } })).status).toBe(421);
    } finally {
      await h.close();
    }
  });

  it('behind a public URL: its name and the bound address pass, and only its origin may write', async () => {
    const h = await startHarness({ server: { publicUrl: 'https://trophies.example' } });
    try {
      const port = new URL(h.url).port;
      const signup = await rawRequest(h.url, {
        path: '/api/auth/signup',
        headers: { host: 'trophies.example', origin: 'https://trophies.example' },
        body: { username: 'owner', password: PASSWORD },
      });
      expect(signup.status).toBe(201);
      expect(signup.headers.get('set-cookie')).toMatch(/Secure/);
      // A proxy that sends its upstream's address as Host.
      expect((await rawRequest(h.url, { path: '/api/openapi.json', headers: { host: `127.0.0.1:${port}` } })).status).toBe(200);
      expect((await rawRequest(h.url, { path: '/api/openapi.json', headers: { host: 'evil.example' } })).status).toBe(421);
      const loopbackOrigin = await rawRequest(h.url, {
        path: '/api/auth/login',
        headers: { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` },
        body: { username: 'owner', password: PASSWORD },
      });
      expect(loopbackOrigin.status).toBe(403);
      expect(loopbackOrigin.body.error.message).toContain('https://trophies.example');
    } finally {
      await h.close();
    }
  });
});

describe('proxy headers', () => {
  it('believes no X-Forwarded-* header unless trustProxy is on', async () => {
    const h = await startHarness();
    try {
      const port = new URL(h.url).port;
      const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', 'x-forwarded-for': '203.0.113.9' };
      const signup = await rawRequest(h.url, {
        path: '/api/auth/signup',
        headers: { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, ...forwarded },
        body: { username: 'owner', password: PASSWORD },
      });
      expect(signup.status).toBe(201);
      expect(signup.headers.get('set-cookie')).not.toMatch(/Secure/);
      // Ten failures from this socket, each claiming another address, still count for this socket.
      for (let i = 0; i < 10; i++)
        await rawRequest(h.url, {
          path: '/api/auth/login',
          headers: { host: `127.0.0.1:${port}`, 'x-forwarded-for': `203.0.113.${i}` },
          body: { username: 'owner', password: `wrong password ${i}` },
        });
      const blocked = await rawRequest(h.url, {
        path: '/api/auth/login',
        headers: { host: `127.0.0.1:${port}`, 'x-forwarded-for': '198.51.100.1' },
        body: { username: 'owner', password: PASSWORD },
      });
      expect(blocked.status).toBe(429);
    } finally {
      await h.close();
    }
  });

  it('with trustProxy: the forwarded scheme, host and client address count', async () => {
    const h = await startHarness({ server: { trustProxy: true } });
    try {
      const port = new URL(h.url).port;
      const proxied = (client: string, proto = 'https') => ({
        host: `127.0.0.1:${port}`,
        'x-forwarded-proto': proto,
        'x-forwarded-host': `localhost:${port}`,
        // The client may send its own X-Forwarded-For; the proxy appends the address it saw.
        'x-forwarded-for': `10.9.9.9, ${client}`,
      });
      const signup = await rawRequest(h.url, {
        path: '/api/auth/signup',
        headers: { ...proxied('203.0.113.1'), origin: `https://localhost:${port}` },
        body: { username: 'owner', password: PASSWORD },
      });
      expect(signup.status).toBe(201);
      expect(signup.headers.get('set-cookie')).toMatch(/Secure/);
      const wrongScheme = await rawRequest(h.url, {
        path: '/api/auth/login',
        headers: { ...proxied('203.0.113.1'), origin: `http://localhost:${port}` },
        body: { username: 'owner', password: PASSWORD },
      });
      expect(wrongScheme.status).toBe(403);
      expect((await rawRequest(h.url, { path: '/api/openapi.json', headers: { ...proxied('203.0.113.1'), 'x-forwarded-host': 'evil.example' } })).status).toBe(
        421,
      );

      for (let i = 0; i < 10; i++)
        await rawRequest(h.url, {
          path: '/api/auth/login',
          headers: { ...proxied('203.0.113.66'), origin: `https://localhost:${port}` },
          body: { username: 'owner', password: `wrong password ${i}` },
        });
      const attacker = await rawRequest(h.url, {
        path: '/api/auth/login',
        headers: { ...proxied('203.0.113.66'), origin: `https://localhost:${port}` },
        body: { username: 'owner', password: PASSWORD },
      });
      expect(attacker.status).toBe(429);
      const owner = await rawRequest(h.url, {
        path: '/api/auth/login',
        headers: { ...proxied('203.0.113.1'), origin: `https://localhost:${port}` },
        body: { username: 'owner', password: PASSWORD },
      });
      expect(owner.status).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('a reverse proxy’s basic auth', () => {
  it('leaves the session cookie in charge: only Bearer is ours, and writes still need our Origin', async () => {
    const h = await startHarness();
    try {
      const c = await h.user('ana');
      const basic = { authorization: `Basic ${Buffer.from('family:proxy password').toString('base64')}` };
      const me = await c.request('GET', '/api/me', undefined, basic);
      expect(me.status).toBe(200);
      expect(me.body.user.username).toBe('ana');
      expect((await c.request('POST', '/api/tokens', { name: 'x' }, basic)).status).toBe(201);
      expect((await c.request('POST', '/api/tokens', { name: 'x' }, { ...basic, origin: '' })).status).toBe(403);
      expect((await h.anonymous().request('GET', '/api/me', undefined, basic)).status).toBe(401);
      // A Bearer token that is not valid is still refused, cookie or not.
      expect((await c.request('GET', '/api/me', undefined, { authorization: 'Bearer trp_nope' })).status).toBe(401);
    } finally {
      await h.close();
    }
  });
});

describe('security headers', () => {
  const webDir = mkdtempSync(join(tmpdir(), 'trophyroom-web-'));
  mkdirSync(join(webDir, 'assets'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Trophyroom UI</title><div id="root"></div>');
  writeFileSync(join(webDir, 'assets', 'app.js'), 'console.log("ui")');
  afterAll(() => rmSync(webDir, { recursive: true, force: true }));

  it('come with every response: the HTML page, an asset, the API, its errors and a refused Host', async () => {
    const h = await startHarness({ server: { webDir } });
    try {
      const port = new URL(h.url).port;
      const replies = [
        await rawRequest(h.url, { path: '/', headers: { host: `127.0.0.1:${port}` } }),
        await rawRequest(h.url, { path: '/games/NPWR1_00', headers: { host: `127.0.0.1:${port}` } }),
        await rawRequest(h.url, { path: '/assets/app.js', headers: { host: `127.0.0.1:${port}` } }),
        await rawRequest(h.url, { path: '/api/me', headers: { host: `127.0.0.1:${port}` } }),
        await rawRequest(h.url, { path: '/healthz', headers: { host: `127.0.0.1:${port}` } }),
        await rawRequest(h.url, { path: '/', headers: { host: 'evil.example' } }),
      ];
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 401, 200, 421]);
      for (const r of replies) {
        const csp = r.headers.get('content-security-policy') as string;
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        // Icons come from our own origin (`/api/images/…`): the browser may load no image from Sony.
        expect(csp).toMatch(/img-src 'self' data:;/);
        expect(r.headers.get('x-frame-options')).toBe('DENY');
        expect(r.headers.get('x-content-type-options')).toBe('nosniff');
        expect(r.headers.get('referrer-policy')).toBe('same-origin');
      }
    } finally {
      await h.close();
    }
  });
});

describe('login limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.user('victim');
  });
  afterAll(() => h.close());
  const login = (from: string, username: string, password: string) =>
    rawRequest(h.url, { path: '/api/auth/login', from, headers: { host: new URL(h.url).host, origin: h.url }, body: { username, password } });

  it('ten failures from one address do not lock the right password out from another', async () => {
    for (let i = 0; i < 10; i++) expect((await login('127.0.0.2', 'victim', `guess number ${i}`)).status).toBe(401);
    const attacker = await login('127.0.0.2', 'victim', PASSWORD);
    expect(attacker.status).toBe(429);
    expect(Number(attacker.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login('127.0.0.3', 'victim', PASSWORD)).status).toBe(200);
  });

  it('stops an address that tries many names', async () => {
    for (let i = 0; i < 50; i++) expect((await login('127.0.0.4', `name${i}`, 'some guess or other')).status).toBe(401);
    expect((await login('127.0.0.4', 'victim', PASSWORD)).status).toBe(429);
    expect((await login('127.0.0.5', 'victim', PASSWORD)).status).toBe(200);
  });
});

describe('password rules', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('refuses short, common, repeated, sequential and name-based passwords with the reason, and takes a good one', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['aaaaaaaa', 'invalid_request', /at least 10 characters/],
      ['aaaaaaaaaaaa', 'weak_password', /repeat/],
      ['abcabcabcabc', 'weak_password', /repeat/],
      ['1234567890', 'weak_password', /sequence/],
      ['qwertyuiop', 'weak_password', /sequence/],
      ['zyxwvutsrq', 'weak_password', /sequence/],
      ['password1234', 'weak_password', /common/],
      ['P@ssw0rd2024!', 'weak_password', /common/],
      ['iloveyou123', 'weak_password', /common/],
      ['trophyroom1', 'weak_password', /common|name/],
      ['victoria2024!', 'weak_password', /name/],
      ['Victoria-password', 'weak_password', /name/],
    ];
    for (const [password, code, reason] of cases) {
      const r = await h.anonymous().post('/api/auth/signup', { username: 'victoria', password });
      expect(r.status, password).toBe(400);
      expect(r.body.error.code, password).toBe(code);
      expect(r.body.error.message, password).toMatch(reason);
      expect(r.body.error.message).not.toContain(password);
    }
    const ok = await h.anonymous().post('/api/auth/signup', { username: 'victoria', password: 'violet harbour kettle' });
    expect(ok.status).toBe(201);
    // Existing accounts keep signing in whatever their password: the rules apply to new ones.
    expect((await h.anonymous().post('/api/auth/login', { username: 'victoria', password: 'violet harbour kettle' })).status).toBe(200);
  });
});
