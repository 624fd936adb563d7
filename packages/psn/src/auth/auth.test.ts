import { describe, expect, it } from 'vitest';
import { DAY, EPOCH, MINUTE, caught, signedIn, startSim } from '../../test/sim-harness.ts';
import {
  AuthServiceError,
  type Fetch,
  NpssoRejectedError,
  PsnClient,
  RefreshTokenExpiredError,
  type TokenSet,
  UnauthorizedError,
  isReauthRequired,
  isRetryable,
} from '../index.ts';

const TOKEN_PATH = '/api/authz/v3/oauth/token';
const AUTHORIZE_PATH = '/api/authz/v3/oauth/authorize';

describe('sign-in', () => {
  it('exchanges an NPSSO through authorize then token, and keeps absolute expiries', async () => {
    const h = await startSim();
    const client = await signedIn(h);
    const tokens = client.tokens as TokenSet;
    expect(tokens).toMatchObject({ tokenType: 'bearer', scope: 'psn:mobile.v2.core psn:clientapp' });
    expect(tokens.accessToken.split('.')).toHaveLength(3);
    expect(tokens.idToken?.split('.')).toHaveLength(3);
    expect(tokens.accessTokenExpiresAt).toBe(EPOCH + 3599_000);
    expect(tokens.refreshTokenExpiresAt).toBe(EPOCH + 60 * DAY - 1000); // Sony grants 5,183,999 s
    expect(h.sent).toEqual([`GET ${AUTHORIZE_PATH}`, `POST ${TOKEN_PATH}`]);
    expect((await client.trophies.summary()).accountId).toBe(h.sim.credentialsOf(0).accountId);
  });

  it("signs in with the one-step sso_token grant when asked (flow: 'sso')", async () => {
    const h = await startSim();
    const client = await PsnClient.fromNpsso(h.sim.credentialsOf(0).npsso, { ...h.options, flow: 'sso' });
    expect(h.sent).toEqual([`POST ${TOKEN_PATH}`]);
    expect(client.tokens?.accessTokenExpiresAt).toBe(EPOCH + 3599_000);
    expect(client.tokens?.refreshTokenExpiresAt).toBe(EPOCH + 60 * DAY - 1000); // Sony grants 5,183,999 s
    await expect(client.trophies.summary()).resolves.toMatchObject({ accountId: h.sim.credentialsOf(0).accountId });
  });

  it('reports the shorter refresh token of an NPSSO from an old browser session', async () => {
    const h = await startSim();
    const old = [...Array(40).keys()].find((i) => h.sim.world.account(i).sessionAgeDays >= 50) as number;
    const client = await signedIn(h, {}, old);
    expect(client.tokens?.refreshTokenExpiresAt).toBe(h.sim.world.session(old).expiresMs);
    expect(client.tokens?.refreshTokenExpiresAt).toBeLessThanOrEqual(EPOCH + 10 * DAY);
  });

  it('turns an NPSSO Sony does not know into NpssoRejectedError (4165), in both flows', async () => {
    const h = await startSim();
    const unknown = 'Q'.repeat(64);
    const viaCode = await caught(() => PsnClient.fromNpsso(unknown, h.options));
    expect(viaCode).toBeInstanceOf(NpssoRejectedError);
    expect(viaCode).toMatchObject({ kind: 'npsso_rejected', code: 4165, status: 302, endpoint: 'auth.authorize', retryable: false });
    const viaSso = await caught(() => PsnClient.fromNpsso(unknown, { ...h.options, flow: 'sso' }));
    expect(viaSso).toBeInstanceOf(NpssoRejectedError);
    expect(viaSso).toMatchObject({ code: 4165, status: 400, endpoint: 'auth.token' });
    expect(isReauthRequired(viaSso) && !isRetryable(viaSso)).toBe(true);
  });

  it('rejects the NPSSO of a session the user signed out of, and accepts the new one', async () => {
    const h = await startSim();
    const { accountId, npsso: old } = h.sim.credentialsOf(1);
    const fresh = (await h.admin('POST', `/accounts/${accountId}/session`)).npsso as string;
    expect(fresh).not.toBe(old);
    for (const flow of ['code', 'sso'] as const) {
      const error = await caught(() => PsnClient.fromNpsso(old, { ...h.options, flow }));
      expect(error).toBeInstanceOf(NpssoRejectedError);
      expect((error as NpssoRejectedError).code).toBe(4165);
    }
    const client = await PsnClient.fromNpsso(fresh, h.options);
    expect((await client.trophies.summary()).accountId).toBe(accountId);
  });
});

describe('the token lifecycle', () => {
  it('hands every new token set to onTokens: on sign-in and on each refresh', async () => {
    const h = await startSim();
    const seen: TokenSet[] = [];
    const client = await signedIn(h, { onTokens: (t) => void seen.push(t) });
    expect(seen).toEqual([client.tokens]);
    h.sim.clock.advance(10 * MINUTE);
    const refreshed = await client.refresh();
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(refreshed);
    expect(client.tokens).toEqual(refreshed);
    expect(refreshed.accessToken).not.toBe(seen[0]?.accessToken);
    expect(refreshed.accessTokenExpiresAt).toBe(EPOCH + 10 * MINUTE + 3599_000);
    // Sony returns the same refresh token, whose expiry does not move.
    expect(refreshed.refreshToken).toBe(seen[0]?.refreshToken);
    expect(refreshed.refreshTokenExpiresAt).toBe(EPOCH + 60 * DAY - 1000); // Sony grants 5,183,999 s
  });

  it('refreshes the access token ahead of its expiry, before the call that needs it', async () => {
    const h = await startSim();
    const client = await signedIn(h);
    h.sent.length = 0;
    h.sim.clock.advance(50 * MINUTE);
    await client.trophies.summary();
    expect(h.sent).toEqual(['GET /api/trophy/v1/users/me/trophySummary']);
    h.sim.clock.advance(9 * MINUTE);
    await client.trophies.summary();
    expect(h.sent.slice(1)).toEqual([`POST ${TOKEN_PATH}`, 'GET /api/trophy/v1/users/me/trophySummary']);
    expect((await h.requests()).byStatus).toEqual({ '302': 1, '200': 4 });
    expect(client.tokens?.accessTokenExpiresAt).toBe(EPOCH + 59 * MINUTE + 3599_000);
  });

  it('keeps using a still-valid access token when the early refresh fails for a passing reason', async () => {
    const h = await startSim();
    const client = await signedIn(h, { retry: { retries: 0 } });
    h.sim.clock.advance(59 * MINUTE);
    await h.fault({ kind: 'error', route: 'auth.token', status: 503, count: 1 });
    const summary = await client.trophies.summary();
    expect(summary.accountId).toBe(h.sim.credentialsOf(0).accountId);
    // The next call tries the refresh again, and it works.
    await client.trophies.summary();
    expect(client.tokens?.accessTokenExpiresAt).toBe(EPOCH + 59 * MINUTE + 3599_000);
  });

  it('refreshes once after a 401 and repeats the call', async () => {
    const h = await startSim();
    const first = await signedIn(h);
    const seen: TokenSet[] = [];
    const client = new PsnClient({ ...h.options, tokens: { ...(first.tokens as TokenSet), accessToken: 'not-a-token' }, onTokens: (t) => void seen.push(t) });
    await h.resetRequests();
    const summary = await client.trophies.summary();
    expect(summary.accountId).toBe(h.sim.credentialsOf(0).accountId);
    const counts = await h.requests();
    expect(counts.byRoute).toEqual({ 'trophy.summary': 2, 'auth.token': 1 });
    expect(counts.byStatus).toEqual({ '401': 1, '200': 2 });
    expect(seen).toHaveLength(1);
    expect(client.tokens?.accessToken).not.toBe('not-a-token');
  });

  it('refreshes only once when the new token is refused too, then throws UnauthorizedError', async () => {
    const h = await startSim();
    const first = await signedIn(h);
    // Every data call carries a refused token, whatever the client holds.
    const refusing: Fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      if (headers.has('authorization') && !String(input).includes('/oauth/')) headers.set('authorization', 'Bearer refused');
      return (h.options.fetch as Fetch)(input, { ...init, headers });
    };
    const client = new PsnClient({ ...h.options, fetch: refusing, tokens: first.tokens });
    await h.resetRequests();
    const error = await caught(() => client.trophies.summary());
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: 2105857, endpoint: 'trophy.summary', retryable: false });
    expect((await h.requests()).byRoute).toEqual({ 'trophy.summary': 2, 'auth.token': 1 });
  });

  it('shares one refresh between concurrent calls, ahead of expiry and after 401s', async () => {
    const h = await startSim();
    const client = await signedIn(h);
    h.sim.clock.advance(60 * MINUTE);
    await h.resetRequests();
    await Promise.all(Array.from({ length: 10 }, () => client.trophies.summary()));
    expect((await h.requests()).byRoute).toEqual({ 'auth.token': 1, 'trophy.summary': 10 });

    const stale = new PsnClient({ ...h.options, tokens: { ...(client.tokens as TokenSet), accessToken: 'revoked' } });
    await h.resetRequests();
    await Promise.all(Array.from({ length: 10 }, () => stale.trophies.summary()));
    const counts = await h.requests();
    expect(counts.byRoute['auth.token']).toBe(1);
    expect(counts.byStatus['401']).toBe(10);
  });

  it('lets a caller abort its wait for the shared refresh without failing the others', async () => {
    const h = await startSim();
    const client = await signedIn(h);
    h.sim.clock.advance(60 * MINUTE);
    await h.fault({ kind: 'latency', route: 'auth.token', latencyMs: 300, count: 1 });
    const controller = new AbortController();
    const reason = new Error('user went away');
    const aborted = client.trophies.summary({ signal: controller.signal });
    const other = client.trophies.summary();
    setTimeout(() => controller.abort(reason), 30);
    await expect(aborted).rejects.toBe(reason);
    await expect(other).resolves.toMatchObject({ accountId: h.sim.credentialsOf(0).accountId });
    expect(client.tokens?.accessTokenExpiresAt).toBe(EPOCH + 60 * MINUTE + 3599_000);
  });

  it('throws RefreshTokenExpiredError once the refresh token is 60 days old, without asking Sony', async () => {
    const h = await startSim();
    const client = await signedIn(h);
    h.sim.clock.advance(60 * DAY);
    await h.resetRequests();
    const error = await caught(() => client.trophies.summary());
    expect(error).toBeInstanceOf(RefreshTokenExpiredError);
    expect(error).toMatchObject({ kind: 'refresh_expired', endpoint: 'auth.token', retryable: false });
    expect(isReauthRequired(error)).toBe(true);
    await expect(client.refresh()).rejects.toBeInstanceOf(RefreshTokenExpiredError);
    expect((await h.requests()).total).toBe(0);
  });

  it('throws RefreshTokenExpiredError when Sony says the refresh token expired (4160)', async () => {
    const h = await startSim();
    const first = await signedIn(h);
    // Tokens persisted with a wrong (later) expiry: only Sony knows better.
    const client = new PsnClient({ ...h.options, tokens: { ...(first.tokens as TokenSet), refreshTokenExpiresAt: EPOCH + 365 * DAY } });
    h.sim.clock.advance(61 * DAY);
    const error = await caught(() => client.trophies.summary());
    expect(error).toBeInstanceOf(RefreshTokenExpiredError);
    expect(error).toMatchObject({ status: 400, code: 4160, endpoint: 'auth.token' });
  });

  it('throws RefreshTokenExpiredError after "sign out of all devices" revoked the tokens (4159)', async () => {
    const h = await startSim();
    const client = await signedIn(h, {}, 1);
    h.sim.clock.advance(5_000);
    await h.admin('POST', `/accounts/${h.sim.credentialsOf(1).accountId}/revoke`);
    await h.resetRequests();
    const error = await caught(() => client.trophies.summary());
    expect(error).toBeInstanceOf(RefreshTokenExpiredError);
    expect(error).toMatchObject({ status: 400, code: 4159 });
    expect((await h.requests()).byStatus).toEqual({ '401': 1, '400': 1 });
    await expect(client.refresh()).rejects.toMatchObject({ name: 'RefreshTokenExpiredError', code: 4159 });
  });
});

describe('auth service failures', () => {
  it('turns a 5xx of the auth host into AuthServiceError, in both flows', async () => {
    const h = await startSim();
    const npsso = h.sim.credentialsOf(0).npsso;
    await h.fault({ kind: 'error', route: 'auth.authorize', status: 500, count: 1 });
    const viaCode = await caught(() => PsnClient.fromNpsso(npsso, { ...h.options, retry: { retries: 0 } }));
    expect(viaCode).toBeInstanceOf(AuthServiceError);
    expect(viaCode).toMatchObject({ kind: 'auth_service', status: 500, endpoint: 'auth.authorize', retryable: true });
    expect(isReauthRequired(viaCode)).toBe(false);
    await h.fault({ kind: 'error', route: 'auth.token', status: 503, count: 1 });
    const viaSso = await caught(() => PsnClient.fromNpsso(npsso, { ...h.options, flow: 'sso', retry: { retries: 0 } }));
    expect(viaSso).toBeInstanceOf(AuthServiceError);
    expect(viaSso).toMatchObject({ status: 503, endpoint: 'auth.token' });
  });

  it('retries the auth host like any other: two 503s, then signed in', async () => {
    const h = await startSim();
    await h.fault({ kind: 'error', route: 'auth.token', status: 503, count: 2 });
    const client = await signedIn(h);
    expect(client.tokens).toBeDefined();
    expect((await h.requests()).byRoute['auth.token']).toBe(3);
    expect(h.waits).toHaveLength(2);
  });

  it('does not multiply retries when the refresh before a call keeps failing', async () => {
    const h = await startSim();
    const client = await signedIn(h, { retry: { retries: 2 } });
    h.sim.clock.advance(61 * MINUTE);
    await h.resetRequests();
    await h.fault({ kind: 'error', route: 'auth.token', status: 503 });
    const error = await caught(() => client.trophies.summary());
    expect(error).toBeInstanceOf(AuthServiceError);
    // The refresh is tried 1 + 2 times; no data request goes out without a token.
    expect((await h.requests()).byRoute).toEqual({ 'auth.token': 3 });
  });
});
