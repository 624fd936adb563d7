import { inspect } from 'node:util';
import { expect, it } from 'vitest';
import { DAY, EPOCH, type LogLine, MINUTE, recordingLogger, startSim } from '../test/sim-harness.ts';
import { type Fetch, PsnClient, type PsnClientOptions, type PsnErrorKind, type SignInOptions, type TokenSet, isPsnError } from './index.ts';

/** Every way an error can be printed, logged or shipped, down its `cause` chain. */
function renderings(error: unknown): string[] {
  const out: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    out.push(JSON.stringify(e) ?? '', inspect(e, { depth: 10 }), inspect(e, { depth: 10, showHidden: true }), String(e), (e as Error).stack ?? '');
  }
  return out;
}

it('never puts an NPSSO or a token in an error, a cause, a log line or the printed client', async () => {
  const h = await startSim();
  const logger = recordingLogger();
  const tokenSets: TokenSet[] = [];
  const base: PsnClientOptions = { ...h.options, logger, onTokens: (t) => void tokenSets.push(t) };
  const npssos: string[] = [];
  const errors: unknown[] = [];
  const clients: PsnClient[] = [];
  const attempt = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      errors.push(new Error('expected a failure'));
    } catch (error) {
      errors.push(error);
    }
  };
  const signIn = async (index: number, options: PsnClientOptions & SignInOptions = {}) => {
    const npsso = h.sim.credentialsOf(index).npsso;
    npssos.push(npsso);
    const client = await PsnClient.fromNpsso(npsso, { ...base, ...options });
    clients.push(client);
    return client;
  };

  // Malformed NPSSOs that carry a real one.
  const npsso = h.sim.credentialsOf(0).npsso;
  npssos.push(npsso);
  for (const bad of [`${npsso}x`, `${npsso.slice(0, 63)}-`, `{"npsso":"${npsso}x","expires_in":5183999}`, `{"npsso":"${npsso}"`, `npsso=${npsso}!; Path=/`]) {
    await attempt(() => PsnClient.fromNpsso(bad, base));
    await attempt(() => PsnClient.fromNpsso(bad, { ...base, flow: 'sso' }));
  }

  // A rejected NPSSO: the user signed out of the session it came from.
  const old = h.sim.credentialsOf(1).npsso;
  npssos.push(old);
  npssos.push((await h.admin('POST', `/accounts/${h.sim.credentialsOf(1).accountId}/session`)).npsso as string);
  await attempt(() => PsnClient.fromNpsso(old, base));
  await attempt(() => PsnClient.fromNpsso(old, { ...base, flow: 'sso' }));

  // Every data error kind, from real answers.
  const client = await signIn(0, { retry: { retries: 0 }, timeoutMs: 150 });
  const ps4 = (await client.trophies.titles()).trophyTitles.find((t) => t.npServiceName === 'trophy');
  const hidden = [...Array(40).keys()].find((i) => i > 0 && h.sim.world.account(i).privateTrophies) as number;
  await attempt(() => client.trophies.titles({ limit: 801 }));
  await attempt(() => client.trophies.titles({ accountId: h.sim.world.account(hidden).accountId }));
  await attempt(() => client.trophies.titleGroups(ps4?.npCommunicationId as string));
  for (const fault of [
    { kind: 'rate-limit', retryAfterSeconds: 30 },
    { kind: 'error', status: 500 },
    { kind: 'html' },
    { kind: 'malformed', variant: 'truncated' },
    { kind: 'malformed', variant: 'wrong-type' },
    { kind: 'drop' },
    { kind: 'latency', latencyMs: 400 },
  ] as const) {
    await h.fault({ ...fault, route: 'trophy.summary', count: 1 });
    await attempt(() => client.trophies.summary());
  }
  h.sim.clock.advance(MINUTE);

  // The budget's own refusal.
  const frugal = await signIn(0, { budget: { limit: 1, onRateLimit: () => false } });
  await frugal.trophies.summary();
  await attempt(() => frugal.trophies.summary());

  // Auth service failures: on sign-in (both flows) and on a refresh.
  await h.fault({ kind: 'error', route: 'auth.*', status: 503, count: 2 });
  await attempt(() => signIn(2, { retry: { retries: 0 } }));
  await attempt(() => signIn(2, { retry: { retries: 0 }, flow: 'sso' }));
  const refreshing = await signIn(3, { retry: { retries: 0 } });
  // Past the access token's expiry, so the failed refresh cannot fall back on it.
  h.sim.clock.advance(61 * MINUTE);
  await h.fault({ kind: 'error', route: 'auth.token', status: 502, count: 1 });
  await attempt(() => refreshing.trophies.summary());

  // 401 twice: a real but expired access token on every data call, even after a refresh.
  const first = await signIn(4);
  const expired = (first.tokens as TokenSet).accessToken;
  h.sim.clock.advance(2 * 60 * MINUTE);
  const stale: Fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    if (headers.has('authorization') && !String(input).includes('/oauth/')) headers.set('authorization', `Bearer ${expired}`);
    return (h.options.fetch as Fetch)(input, { ...init, headers });
  };
  const refused = new PsnClient({ ...base, fetch: stale, tokens: first.tokens });
  clients.push(refused);
  await attempt(() => refused.trophies.summary());

  // Refresh tokens: 60 days old (caught by the client), past their time (caught by Sony), revoked.
  const aging = await signIn(5);
  const lying = new PsnClient({ ...base, tokens: { ...(aging.tokens as TokenSet), refreshTokenExpiresAt: EPOCH + 365 * DAY } });
  clients.push(lying);
  const revoked = await signIn(6);
  h.sim.clock.advance(1000);
  await h.admin('POST', `/accounts/${h.sim.credentialsOf(6).accountId}/revoke`);
  await attempt(() => revoked.trophies.summary());
  await attempt(() => revoked.refresh());
  h.sim.clock.advance(61 * DAY);
  await attempt(() => aging.trophies.summary());
  await attempt(() => lying.trophies.summary());

  const kinds = new Set(errors.map((e) => (isPsnError(e) ? e.kind : `not a PsnError: ${String(e)}`)));
  const every: PsnErrorKind[] = [
    'npsso_malformed',
    'npsso_rejected',
    'refresh_expired',
    'auth_service',
    'unauthorized',
    'bad_request',
    'not_found',
    'forbidden',
    'rate_limited',
    'server',
    'malformed_response',
    'network',
    'timeout',
  ];
  expect([...kinds].sort()).toEqual([...every].sort());

  const secrets = [...new Set([...npssos, ...tokenSets.flatMap((t) => [t.accessToken, t.refreshToken, t.idToken ?? ''])])].filter(Boolean);
  expect(tokenSets.length).toBeGreaterThanOrEqual(8);
  // Pieces worth stealing on their own: half an NPSSO, a JWT's payload and signature.
  const needles = secrets.flatMap((s) => (s.includes('.') ? [s, ...s.split('.').slice(1)] : [s, s.slice(0, 32), s.slice(32)]));

  const texts = [
    ...errors.flatMap(renderings),
    ...logger.lines.flatMap((line: LogLine) => [JSON.stringify(line), inspect(line, { depth: 10 })]),
    ...clients.flatMap((c) => [inspect(c), inspect(c, { depth: 10, showHidden: true }), JSON.stringify(c), String(c), inspect(c.api, { depth: 10 })]),
  ];
  expect(logger.lines.some((l) => l.level === 'debug')).toBe(true);
  const leaks = needles.filter((needle) => texts.some((text) => text.includes(needle)));
  expect(leaks).toEqual([]);
});
