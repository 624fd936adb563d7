import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Harness, startHarness } from '../../../test/http-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('accounts', () => {
  it('signs the first user up as admin, the next as a plain user, with an httpOnly SameSite=Lax session cookie', async () => {
    const first = new Client(h.url);
    const r = await first.post('/api/auth/signup', { username: 'Admin', password: 'correct horse battery' });
    expect(r.status).toBe(201);
    expect(r.body.user).toMatchObject({ username: 'Admin', admin: true });
    const cookie = r.headers.get('set-cookie') as string;
    expect(cookie).toMatch(/^trophyroom_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await first.get('/api/me')).body).toMatchObject({ user: { username: 'Admin', admin: true }, settings: { signupOpen: true } });

    const second = await h.user('bea');
    expect((await second.get('/api/me')).body.user.admin).toBe(false);
  });

  it('refuses a taken name whatever its case, and explains what is wrong with bad input', async () => {
    const r = await h.anonymous().post('/api/auth/signup', { username: 'ADMIN', password: 'another password' });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('username_taken');

    const bad = await h.anonymous().post('/api/auth/signup', { username: 'a b', password: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    expect(bad.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.password', 'body.username']);

    const notJson = await h.anonymous().request('POST', '/api/auth/signup', '{"username":', { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.message).toMatch(/JSON/);
  });

  it('logs in and out; a signed-out cookie no longer works', async () => {
    const c = new Client(h.url);
    expect((await c.get('/api/me')).status).toBe(401);
    const wrong = await c.post('/api/auth/login', { username: 'bea', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const unknown = await c.post('/api/auth/login', { username: 'nobody', password: 'whatever it is' });
    expect(unknown.body.error).toEqual(wrong.body.error);

    expect((await c.post('/api/auth/login', { username: 'BEA', password: 'a long enough password' })).status).toBe(200);
    const session = c.cookie;
    expect((await c.get('/api/me')).body.user.username).toBe('bea');
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    expect(c.cookie).toBeUndefined();
    const replay = new Client(h.url);
    replay.cookie = session;
    expect((await replay.get('/api/me')).status).toBe(401);
  });

  it('rate limits failed logins per name with a Retry-After, and lets the right password through after the window', async () => {
    await h.user('carl');
    const c = h.anonymous();
    for (let i = 0; i < 10; i++) expect((await c.post('/api/auth/login', { username: 'carl', password: `guess number ${i}` })).status).toBe(401);
    const blocked = await c.post('/api/auth/login', { username: 'carl', password: 'a long enough password' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    h.sim.clock.advance(16 * 60_000);
    expect((await c.post('/api/auth/login', { username: 'carl', password: 'a long enough password' })).status).toBe(200);
  });

  it('lets the admin close sign-up, and only the admin', async () => {
    const admin = new Client(h.url);
    await admin.post('/api/auth/login', { username: 'admin', password: 'correct horse battery' });
    const bea = new Client(h.url);
    await bea.post('/api/auth/login', { username: 'bea', password: 'a long enough password' });
    const refused = await bea.patch('/api/admin/settings', { signupOpen: false });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');

    expect((await admin.patch('/api/admin/settings', { signupOpen: false })).body.settings).toEqual({ signupOpen: false });
    const closed = await h.anonymous().post('/api/auth/signup', { username: 'late', password: 'a long enough password' });
    expect(closed.status).toBe(403);
    expect(closed.body.error.code).toBe('signup_closed');
    await admin.patch('/api/admin/settings', { signupOpen: true });
    expect((await h.anonymous().post('/api/auth/signup', { username: 'late', password: 'a long enough password' })).status).toBe(201);
  });

  it('refuses cookie-authenticated writes without our Origin, and login from a foreign page', async () => {
    const c = await h.user('dora');
    const noOrigin = await c.request('POST', '/api/tokens', { name: 'x' }, { origin: '' });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.body.error.code).toBe('origin_mismatch');
    const foreign = await c.request('POST', '/api/tokens', { name: 'x' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const foreignLogin = await h
      .anonymous()
      .request('POST', '/api/auth/login', { username: 'dora', password: 'a long enough password' }, { origin: 'https://evil.example' });
    expect(foreignLogin.status).toBe(403);
    // Reads need no Origin.
    expect((await c.request('GET', '/api/me', undefined, { origin: '' })).status).toBe(200);
  });

  it('creates, uses, lists and revokes personal API tokens; another user cannot revoke them', async () => {
    const c = await h.user('eli');
    const created = await c.post('/api/tokens', { name: 'my script' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^trp_[\w-]{43}$/);

    const script = new Client(h.url, { authorization: `Bearer ${created.body.token}`, origin: '' });
    expect((await script.get('/api/me')).body.user.username).toBe('eli');
    // Bearer writes need no Origin: a browser never attaches the header by itself.
    expect((await script.post('/api/tokens', { name: 'second' })).status).toBe(201);

    const list = await c.get('/api/tokens');
    expect(list.body.items.map((t: { name: string }) => t.name).sort()).toEqual(['my script', 'second']);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect(list.body.items.find((t: { name: string }) => t.name === 'my script').lastUsedAt).not.toBeNull();

    const other = await h.user('fay');
    expect((await other.delete(`/api/tokens/${created.body.id}`)).status).toBe(404);
    expect((await other.get('/api/tokens')).body.items).toEqual([]);

    expect((await c.delete(`/api/tokens/${created.body.id}`)).status).toBe(204);
    const revoked = await script.get('/api/me');
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('unauthenticated');
  });

  it('answers unknown API routes and anonymous calls with the one error shape', async () => {
    const missing = await h.anonymous().get('/api/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('openapi.json') } });
    for (const path of ['/api/me', '/api/tokens', '/api/connections/psn', '/api/psn/titles', '/api/games', '/api/stats', '/api/sync/runs']) {
      const r = await h.anonymous().get(path);
      expect(r.status, path).toBe(401);
      expect(r.body.error.code).toBe('unauthenticated');
    }
  });
});

describe('behind https', () => {
  it('marks the session cookie Secure when the public URL is https', async () => {
    const secure = await startHarness({ server: { publicUrl: 'https://trophies.example' } });
    try {
      const c = new Client(secure.url, { origin: 'https://trophies.example' });
      const r = await c.post('/api/auth/signup', { username: 'sam', password: 'a long enough password' });
      expect(r.headers.get('set-cookie')).toMatch(/Secure/);
      // The Origin check follows the public URL, not the loopback address the proxy talks to.
      expect((await c.request('POST', '/api/tokens', { name: 't' }, { origin: secure.url })).status).toBe(403);
      expect((await c.post('/api/tokens', { name: 't' })).status).toBe(201);
    } finally {
      await secure.close();
    }
  });
});
