import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAY, expectNoSecrets, startHarness } from './harness.ts';

describe('login, status, logout', { timeout: 60_000 }, () => {
  it('logs in from stdin, stores the tokens sealed (0600), never the NPSSO, and shows the countdown', async () => {
    const h = await startHarness();
    const login = await h.login();
    const me = h.sim.credentialsOf(0);
    expect(login.stdout).toContain(`Logged in as ${me.onlineId} (${me.accountId})`);
    expect(login.stdout).toMatch(/Token: green — 60 days left/);

    const file = join(h.configDir, 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(h.configDir, 'secret.key')).mode & 0o777).toBe(0o600);
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain(h.npsso);
    const parsed = JSON.parse(stored);
    expect(parsed.account).toEqual({ onlineId: me.onlineId, accountId: me.accountId });
    expect(parsed.tokens).toMatch(/^v1\./);
    // The sealed value holds the tokens, but nothing readable of them sits in the file.
    const token = await h.truthToken();
    expect(stored).not.toContain(token.slice(0, 40));

    const status = await h.run(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(me.onlineId);
    expect(status.stdout).toMatch(/green — 60 days left/);
    const json = JSON.parse((await h.run(['status', '--json'])).stdout);
    expect(json).toMatchObject({ loggedIn: true, onlineId: me.onlineId, accountId: me.accountId, token: { state: 'green', daysLeft: 60 } });
    expectNoSecrets(h);
  });

  it('accepts the whole pasted {"npsso":…} JSON of the ssocookie page', async () => {
    const h = await startHarness();
    const result = await h.run(['login', '--npsso-stdin', '--json'], { input: JSON.stringify({ npsso: h.npsso, expires_in: 5_183_999 }) });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ loggedIn: true, onlineId: h.sim.credentialsOf(0).onlineId });
    expectNoSecrets(h);
  });

  it('a rejected NPSSO exits 3 with advice, a malformed one exits 2, and nothing is stored', async () => {
    const h = await startHarness();
    const rejected = await h.run(['login', '--npsso-stdin'], { input: 'A'.repeat(64) });
    expect(rejected.code).toBe(3);
    expect(rejected.stderr).toMatch(/rejected the NPSSO/);
    expect(rejected.stderr.trim().split('\n')).toHaveLength(1);
    const malformed = await h.run(['login', '--npsso-stdin'], { input: 'not-an-npsso' });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/64 characters/);
    const status = await h.run(['status']);
    expect(status.code).toBe(3);
    expect(status.stdout).toMatch(/Not logged in/);
    // A signed-out session's NPSSO: Sony no longer accepts it.
    const before = h.sim.credentialsOf(1).npsso;
    await h.admin('POST', `/accounts/${h.sim.credentialsOf(1).accountId}/session`, {});
    const old = await h.run(['login', '--npsso-stdin'], { input: before });
    expect(old.code).toBe(3);
    expectNoSecrets(h, [before]);
  });

  it('an NPSSO from an old browser session gives a short token: amber at once, with the advice of seed 004', async () => {
    const h = await startHarness();
    const account = h.sim.credentialsOf(2);
    await h.admin('POST', `/accounts/${account.accountId}/session`, { ageDays: 55 });
    const result = await h.run(['login', '--npsso-stdin'], { input: h.sim.credentialsOf(2).npsso });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Token: amber — \d+ days left/);
    // What Sony granted, in days (the session had 5 days left), and the advice of seed 004 without promising 60 days.
    expect(result.stdout).toMatch(/; Sony granted \d+ days\./);
    expect(result.stderr).toMatch(
      /Sony granted this login only \d+ days.*signing out of PSN and in again, then logging in with the new NPSSO, may give a longer one/,
    );
    expect(JSON.parse((await h.run(['status', '--json'])).stdout).token.state).toBe('amber');
  });

  it('without a terminal and without --npsso-stdin, login says how to pipe the NPSSO (exit 2)', async () => {
    const h = await startHarness();
    const result = await h.run(['login']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--npsso-stdin');
  });

  it('counts down green → amber → red → expired on the simulator clock; an expired token exits 3', async () => {
    const h = await startHarness();
    await h.login();
    await h.admin('POST', '/clock', { advanceDays: 50 });
    expect((await h.run(['status'])).stdout).toMatch(/amber — 10 days left/);
    await h.admin('POST', '/clock', { advanceDays: 8 });
    expect(JSON.parse((await h.run(['status', '--json'])).stdout).token).toMatchObject({ state: 'red', daysLeft: 2 });
    await h.admin('POST', '/clock', { advanceDays: 3 });
    const status = await h.run(['status']);
    expect(status.code).toBe(3);
    expect(status.stdout).toMatch(/expired on/);
    const titles = await h.run(['titles']);
    expect(titles.code).toBe(3);
    expect(titles.stderr).toMatch(/expired on .*trophyroom login/);
    expectNoSecrets(h);
  });

  it('an expired token found out from Sony (the wall clock thinks it fresh) exits 3, as does a revoked one', async () => {
    const h = await startHarness();
    await h.login();
    h.sim.clock.advance(61 * DAY);
    const expired = await h.run(['summary'], { env: { TROPHYROOM_SIM_CLOCK: undefined } });
    expect(expired.code).toBe(3);
    expect(expired.stderr).toMatch(/trophyroom login/);

    const h2 = await startHarness();
    await h2.login();
    await h2.admin('POST', `/accounts/${h2.sim.credentialsOf(0).accountId}/revoke`, {});
    const revoked = await h2.run(['titles']);
    expect(revoked.code).toBe(3);
    expectNoSecrets(h);
    expectNoSecrets(h2);
  });

  it('refreshes an expired access token by itself and stores the new one, sealed', async () => {
    const h = await startHarness();
    await h.login();
    const file = join(h.configDir, 'credentials.json');
    const before = JSON.parse(readFileSync(file, 'utf8'));
    await h.admin('POST', '/clock', { advanceSeconds: 2 * 3600 });
    const summary = await h.run(['summary', '--json']);
    expect(summary.code).toBe(0);
    const after = JSON.parse(readFileSync(file, 'utf8'));
    expect(after.tokens).not.toBe(before.tokens);
    // Sony's refresh keeps the refresh token's expiry (to the second: lifetimes come in whole seconds).
    expect(Math.abs(Date.parse(after.refreshTokenExpiresAt) - Date.parse(before.refreshTokenExpiresAt))).toBeLessThan(2000);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const counts = (await h.admin('GET', '/requests')) as { byRoute: Record<string, number> };
    expect(counts.byRoute['auth.token']).toBe(2); // sign-in, then one refresh
    expectNoSecrets(h);
  });

  it('logout forgets the tokens; commands then exit 3 and say to log in', async () => {
    const h = await startHarness();
    await h.login();
    const out = await h.run(['logout']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Logged out/);
    const titles = await h.run(['titles']);
    expect(titles.code).toBe(3);
    expect(titles.stderr).toMatch(/Not logged in\. Run `trophyroom login`/);
    expect(JSON.parse((await h.run(['logout', '--json'])).stdout)).toMatchObject({ loggedOut: true, wasLoggedIn: false });
  });

  it('refuses to send simulator tokens to another origin', async () => {
    const h = await startHarness();
    await h.login();
    const other = await h.run(['titles'], { env: { TROPHYROOM_PSN_BASE_URL: undefined, TROPHYROOM_SIM_CLOCK: undefined } });
    expect(other.code).toBe(3);
    expect(other.stderr).toMatch(/logged in to http:\/\/127\.0\.0\.1:\d+, but this command talks to Sony's PSN/);
  });
});
