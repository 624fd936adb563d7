import { describe, expect, it } from 'vitest';
import { MINUTE, caught, signedIn, startSim } from '../../test/sim-harness.ts';
import { PsnClient } from '../index.ts';

const TOKEN_PATH = '/api/authz/v3/oauth/token';

describe('token lifecycle edge cases', () => {
  it('never lets a refresh that was in flight overwrite the tokens of a newer sign-in', async () => {
    const h = await startSim();
    const saved: string[] = [];
    const client = await signedIn(h, { onTokens: (t) => void saved.push(t.accessToken) });
    h.sim.clock.advance(59 * MINUTE);
    await h.fault({ kind: 'latency', route: 'auth.token', latencyMs: 150, count: 1 });
    const refreshing = client.refresh();
    // Meanwhile the user signs in again as another account.
    await client.signIn(h.sim.credentialsOf(1).npsso);
    await refreshing;
    const summary = await client.trophies.summary();
    expect(summary.accountId).toBe(h.sim.credentialsOf(1).accountId);
    expect(saved.at(-1)).toBe(client.tokens?.accessToken);
  });

  it('refreshes a short-lived access token at half its life, not before every call', async () => {
    const h = await startSim({ accessTokenTtl: 60 });
    const client = await signedIn(h);
    h.sent.length = 0;
    for (let i = 0; i < 5; i++) await client.trophies.summary();
    expect(h.sent.filter((s) => s.includes(TOKEN_PATH))).toHaveLength(0);
    h.sim.clock.advance(31_000);
    await client.trophies.summary();
    expect(h.sent.filter((s) => s.includes(TOKEN_PATH))).toHaveLength(1);
  });

  it('does not replay a single-use code after a lost answer: signs in with a fresh code instead', async () => {
    const h = await startSim();
    // The first code exchange is answered too late: Sony used the code, the client timed out.
    await h.fault({ kind: 'latency', route: 'auth.token', latencyMs: 400, count: 1 });
    const client = new PsnClient({ ...h.options, sleep: undefined, timeoutMs: 200 });
    await client.signIn(h.sim.credentialsOf(0).npsso);
    expect(client.tokens).toBeDefined();
    // Authorize, token (timed out), then a fresh authorize and token: the used code is never sent twice.
    expect(h.sent).toEqual(['GET /api/authz/v3/oauth/authorize', `POST ${TOKEN_PATH}`, 'GET /api/authz/v3/oauth/authorize', `POST ${TOKEN_PATH}`]);
  });

  it('gives up after the one fresh-code attempt when sign-in keeps timing out', async () => {
    const h = await startSim();
    await h.fault({ kind: 'latency', route: 'auth.token', latencyMs: 400, count: 5 });
    const client = new PsnClient({ ...h.options, sleep: undefined, timeoutMs: 150 });
    const error = await caught(() => client.signIn(h.sim.credentialsOf(0).npsso));
    expect(error).toMatchObject({ kind: 'timeout', endpoint: 'auth.token' });
    expect((await h.requests()).byRoute['auth.authorize']).toBe(2);
  });
});
