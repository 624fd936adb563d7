import { describe, expect, it } from 'vitest';
import { createSimulator } from '../simulator.ts';
import { get, postToken, signIn } from '../testing.ts';

const URL0 = 'http://sim';
const AUTHORIZE = `${URL0}/api/authz/v3/oauth/authorize?access_type=offline&client_id=09515159-7237-4370-9b40-3806e67c0891&redirect_uri=com.scee.psxandroid.scecompcall://redirect&response_type=code&scope=psn:mobile.v2.core%20psn:clientapp`;
const DAY = 86_400_000;

function setup(options = {}) {
  const sim = createSimulator({ seed: 3, accounts: 40, titles: 5, clock: Date.parse('2026-11-01T12:00:00Z'), ...options });
  return { sim, fetch: sim.fetch };
}

async function codeFor(fetch: typeof globalThis.fetch, npsso: string) {
  const response = await fetch(AUTHORIZE, { headers: { cookie: `npsso=${npsso}` }, redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location') ?? '' };
}

describe('authorize and token grants', () => {
  it('trades the npsso cookie for a code in the 302 Location, then the code for tokens, once', async () => {
    const { sim, fetch } = setup();
    const { status, location } = await codeFor(fetch, sim.credentialsOf(0).npsso);
    expect(status).toBe(302);
    expect(location).toMatch(/^com\.scee\.psxandroid\.scecompcall:\/\/redirect\/\?code=v3\.[A-Za-z0-9]{6}&cid=[0-9a-f-]{36}$/);
    const code = new URLSearchParams(location.split('redirect/')[1]).get('code') ?? '';
    const grant = { grant_type: 'authorization_code', code, redirect_uri: 'com.scee.psxandroid.scecompcall://redirect' };
    const first = await postToken(fetch, URL0, grant);
    expect(first.status).toBe(200);
    const tokens = await first.json();
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 3599, scope: 'psn:mobile.v2.core psn:clientapp', refresh_token_expires_in: 5_183_999 });
    expect(tokens.access_token.split('.')).toHaveLength(3);
    const again = await postToken(fetch, URL0, grant);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant', error_code: 4161 });
  });

  it("answers a bad or malformed NPSSO with Sony's login_required redirect (4165)", async () => {
    const { sim, fetch } = setup();
    const good = sim.credentialsOf(0).npsso;
    for (const npsso of [`${good.slice(0, 63)}x`, 'short', '']) {
      const { status, location } = await codeFor(fetch, npsso);
      expect(status).toBe(302);
      expect(location).toContain('error=login_required&error_code=4165');
      expect(location.startsWith('https://my.account.sony.com/sonyacct/signin/')).toBe(true);
    }
    const sso = await postToken(fetch, URL0, { grant_type: 'sso_token', npsso: 'x'.repeat(64), scope: 'psn:mobile.v2.core psn:clientapp' });
    expect(sso.status).toBe(400);
    expect(await sso.json()).toEqual({ error: 'invalid_grant', error_description: 'User is not authenticated', error_code: 4165 });
  });

  it('checks the Basic client credential and the grant type', async () => {
    const { sim, fetch } = setup();
    const form = { grant_type: 'sso_token', npsso: sim.credentialsOf(0).npsso };
    const wrong = await postToken(fetch, URL0, form, 'Basic d3Jvbmc6d3Jvbmc=');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    const unknown = await postToken(fetch, URL0, { grant_type: 'password' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('refresh returns the same refresh token with its life still counting down', async () => {
    const { sim, fetch } = setup();
    const tokens = await signIn(fetch, URL0, sim.credentialsOf(0).npsso);
    sim.clock.advance(10 * DAY);
    const refreshed = await postToken(fetch, URL0, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      scope: 'psn:mobile.v2.core psn:clientapp',
    });
    expect(refreshed.status).toBe(200);
    const body = await refreshed.json();
    expect(body.refresh_token).toBe(tokens.refresh_token);
    expect(body.refresh_token_expires_in).toBe(tokens.refresh_token_expires_in - 10 * 86_400);
    expect(body.access_token).not.toBe(tokens.access_token);
  });

  it('expires access tokens after about an hour and refresh tokens after 60 days', async () => {
    const { sim, fetch } = setup();
    const tokens = await signIn(fetch, URL0, sim.credentialsOf(0).npsso);
    const titles = `${URL0}/api/trophy/v1/users/me/trophySummary`;
    expect((await get(fetch, titles, tokens.access_token)).status).toBe(200);
    sim.clock.advance(3599_000);
    const expired = await get(fetch, titles, tokens.access_token);
    expect(expired.status).toBe(401);
    expect(expired.body.error).toMatchObject({ code: 2105857, message: 'Invalid access token' });
    expect(expired.body.error.referenceId).toMatch(/^[0-9a-f-]{36}$/);
    sim.clock.advance(60 * DAY);
    const late = await postToken(fetch, URL0, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(late.status).toBe(400);
    expect(await late.json()).toMatchObject({ error: 'invalid_grant', error_code: 4160 });
  });

  it('caps the refresh token by what is left of an old browser session (seed 004)', async () => {
    const { sim, fetch } = setup({ oldSessionRate: 1 });
    const old = sim.credentialsOf(1).npsso;
    const tokens = await signIn(fetch, URL0, old);
    expect(tokens.refresh_token_expires_in).toBeLessThanOrEqual(10 * 86_400);
    expect(tokens.refresh_token_expires_in).toBeGreaterThan(0);
    // Signing out and in again gives a fresh session and a full-length token.
    const fresh = await fetch(`${URL0}/__sim/accounts/${sim.credentialsOf(1).onlineId}/session`, { method: 'POST' });
    const { npsso } = await fresh.json();
    expect((await codeFor(fetch, old)).location).toContain('error_code=4165');
    expect((await signIn(fetch, URL0, npsso)).refresh_token_expires_in).toBe(5_183_999);
  });

  it('stops every token after "sign out of all devices"', async () => {
    const { sim, fetch } = setup();
    const tokens = await signIn(fetch, URL0, sim.credentialsOf(0).npsso);
    sim.clock.advance(1000);
    await fetch(`${URL0}/__sim/accounts/${sim.credentialsOf(0).accountId}/revoke`, { method: 'POST' });
    expect((await get(fetch, `${URL0}/api/trophy/v1/users/me/trophySummary`, tokens.access_token)).status).toBe(401);
    const refresh = await postToken(fetch, URL0, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('revokes only the tokens issued before the revoke, even within the same second', async () => {
    const { sim, fetch } = setup({ clock: Date.parse('2026-11-01T12:00:00.300Z') });
    const old = await signIn(fetch, URL0, sim.credentialsOf(0).npsso);
    const { npsso } = await (await fetch(`${URL0}/__sim/accounts/${sim.credentialsOf(0).accountId}/revoke`, { method: 'POST' })).json();
    const fresh = await signIn(fetch, URL0, npsso);
    const summary = `${URL0}/api/trophy/v1/users/me/trophySummary`;
    expect((await get(fetch, summary, old.access_token)).status).toBe(401);
    expect((await get(fetch, summary, fresh.access_token)).status).toBe(200);
    const refreshed = await postToken(fetch, URL0, { grant_type: 'refresh_token', refresh_token: fresh.refresh_token });
    expect(await refreshed.json()).toMatchObject({ token_type: 'bearer' });
  });

  it("serves a demo account's NPSSO on the ssocookie page", async () => {
    const { sim, fetch } = setup();
    const page = await fetch(`${URL0}/api/v1/ssocookie?onlineId=${sim.credentialsOf(2).onlineId}`);
    const body = await page.json();
    expect(body.npsso).toBe(sim.credentialsOf(2).npsso);
    expect(body.npsso).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(body.expires_in).toBeGreaterThan(0);
    expect((await fetch(`${URL0}/api/v1/ssocookie?onlineId=nobody`)).status).toBe(404);
  });
});
