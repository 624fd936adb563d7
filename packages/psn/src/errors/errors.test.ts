import { describe, expect, it } from 'vitest';
import { EPOCH, caught, signedIn, startSim } from '../../test/sim-harness.ts';
import {
  BadRequestError,
  ForbiddenError,
  MalformedResponseError,
  NetworkError,
  NotFoundError,
  PsnClient,
  type PsnError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  isBadRequestError,
  isForbiddenError,
  isMalformedResponseError,
  isNotFoundError,
  isPsnError,
  isRateLimitError,
  isReauthRequired,
  isRetryable,
} from '../index.ts';

const REFERENCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/;

/** A signed-in client that does not retry: each test sees the first answer's error. */
async function setup() {
  const h = await startSim();
  const client = await signedIn(h, { retry: { retries: 0 } });
  await h.resetRequests();
  return { h, client };
}

describe('errors from Sony answers', () => {
  it('400 (a limit above 800) is a BadRequestError', async () => {
    const { client } = await setup();
    const error = await caught(() => client.trophies.titles({ limit: 801 }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ name: 'BadRequestError', kind: 'bad_request', status: 400, code: 2240513, endpoint: 'trophy.titles', retryable: false });
    expect((error as PsnError).referenceId).toMatch(REFERENCE_ID);
    expect((error as PsnError).message).toContain('Bad Request (query: limit)');
    expect(isBadRequestError(error) && !isRetryable(error) && !isReauthRequired(error)).toBe(true);
  });

  it("403 (another user's private trophies) is a ForbiddenError with Sony's code 2240526", async () => {
    const { h, client } = await setup();
    const hidden = [...Array(40).keys()].find((i) => i > 0 && h.sim.world.account(i).privateTrophies) as number;
    const error = await caught(() => client.trophies.titles({ accountId: h.sim.world.account(hidden).accountId }));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ kind: 'forbidden', status: 403, code: 2240526, endpoint: 'trophy.titles', retryable: false });
    expect((error as PsnError).referenceId).toMatch(REFERENCE_ID);
    expect(isForbiddenError(error)).toBe(true);
  });

  it("404 for a PS4 title asked without npServiceName says to pass npServiceName: 'trophy'", async () => {
    const { client } = await setup();
    const ps4 = (await client.trophies.titles()).trophyTitles.find((t) => t.npServiceName === 'trophy');
    if (!ps4) throw new Error('fixture: no PS4 title in the library');
    const error = await caught(() => client.trophies.titleGroups(ps4.npCommunicationId));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ kind: 'not_found', status: 404, code: 2240525, endpoint: 'trophy.titleGroups', retryable: false });
    expect((error as NotFoundError).message).toContain("npServiceName: 'trophy'");
    expect((error as NotFoundError).hint).toContain(ps4.npCommunicationId);
    expect(isNotFoundError(error)).toBe(true);
    // Named with its own npServiceName (as the title list gives it), the same title is found.
    await expect(client.trophies.titleGroups(ps4)).resolves.toMatchObject({ trophyTitleName: ps4.trophyTitleName });
  });

  it('429 is a RateLimitError whose retryAt comes from X-RateLimit-Next-Available', async () => {
    const { h, client } = await setup();
    await h.fault({ kind: 'rate-limit', route: 'trophy.summary', retryAfterSeconds: 30, count: 1 });
    const error = await caught(() => client.trophies.summary());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, code: 2138635, endpoint: 'trophy.summary', retryable: true });
    expect((error as RateLimitError).retryAt.getTime()).toBe(EPOCH + 30_000);
    expect((error as RateLimitError).message).toContain(new Date(EPOCH + 30_000).toISOString());
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'RateLimitError', retryAt: new Date(EPOCH + 30_000).toISOString() });
    expect(isRateLimitError(error) && isRetryable(error)).toBe(true);
  });

  it('5xx is a retryable ServerError', async () => {
    const { h, client } = await setup();
    await h.fault({ kind: 'error', route: 'trophy.summary', status: 500, count: 1 });
    const error = await caught(() => client.trophies.summary());
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ name: 'ServerError', kind: 'server', status: 500, code: 2240512, endpoint: 'trophy.summary', retryable: true });
    expect((error as PsnError).referenceId).toMatch(REFERENCE_ID);
  });

  it("the edge's HTML Access Denied page is a ServerError, not a crash", async () => {
    const { h, client } = await setup();
    await h.fault({ kind: 'html', route: 'trophy.titles', count: 1 });
    const error = await caught(() => client.trophies.titles());
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 403, endpoint: 'trophy.titles', code: undefined, referenceId: undefined });
    expect((error as PsnError).message).toMatch(/HTML "Access Denied" page/);
    expect(error).toMatchObject({ edgeBlocked: true });
    expect((error as PsnError).message).not.toContain('<');
  });

  it('truncated JSON is a MalformedResponseError with the empty path', async () => {
    const { h, client } = await setup();
    await h.fault({ kind: 'malformed', variant: 'truncated', route: 'trophy.summary', count: 1 });
    const error = await caught(() => client.trophies.summary());
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ kind: 'malformed_response', path: '', status: 200, endpoint: 'trophy.summary' });
    expect((error as PsnError).message).toMatch(/not JSON/);
    expect(isMalformedResponseError(error)).toBe(true);
  });

  it('a field of the wrong type is a MalformedResponseError naming the field', async () => {
    const { h, client } = await setup();
    await h.fault({ kind: 'malformed', variant: 'wrong-type', route: 'trophy.summary', count: 1 });
    const error = await caught(() => client.trophies.summary());
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ path: 'accountId', status: 200, endpoint: 'trophy.summary', retryable: false });
    expect((error as PsnError).message).toContain('"accountId"');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ path: 'accountId' });

    await h.fault({ kind: 'malformed', variant: 'wrong-type', route: 'trophy.titles', count: 1 });
    const list = await caught(() => client.trophies.titles());
    expect(list).toMatchObject({ name: 'MalformedResponseError', path: 'totalItemCount', endpoint: 'trophy.titles' });
  });

  it('a dropped connection is a retryable NetworkError', async () => {
    const { h, client } = await setup();
    await h.fault({ kind: 'drop', route: 'trophy.summary', count: 1 });
    const error = await caught(() => client.trophies.summary());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ name: 'NetworkError', kind: 'network', status: undefined, endpoint: 'trophy.summary', retryable: true });
  });

  it('no answer within timeoutMs is a retryable TimeoutError', async () => {
    const h = await startSim();
    const client = await signedIn(h, { retry: { retries: 0 }, timeoutMs: 100 });
    await h.fault({ kind: 'latency', route: 'trophy.summary', latencyMs: 500, count: 1 });
    const started = performance.now();
    const error = await caught(() => client.trophies.summary());
    expect(performance.now() - started).toBeLessThan(450);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ name: 'TimeoutError', kind: 'timeout', endpoint: 'trophy.summary', retryable: true });
    expect((error as PsnError).message).toContain('100 ms');
  });

  it('a call before sign-in is an UnauthorizedError, and nothing is sent', async () => {
    const h = await startSim();
    const error = await caught(() => new PsnClient(h.options).trophies.summary());
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ kind: 'unauthorized', retryable: false });
    expect((await h.requests()).total).toBe(0);
  });
});

describe('guards', () => {
  it('recognise errors by kind, without instanceof, and nothing else', () => {
    const foreign = Object.assign(new Error('from another copy of the client'), { name: 'NotFoundError', kind: 'not_found', retryable: false });
    expect(isPsnError(foreign) && isNotFoundError(foreign)).toBe(true);
    expect(isForbiddenError(foreign) || isRateLimitError(foreign) || isBadRequestError(foreign) || isMalformedResponseError(foreign)).toBe(false);
    for (const value of [new Error('plain'), { kind: 'not_found' }, Object.assign(new Error('x'), { kind: 'other' }), null, undefined, 'not_found']) {
      expect(isPsnError(value)).toBe(false);
      expect(isRetryable(value)).toBe(false);
      expect(isReauthRequired(value)).toBe(false);
    }
  });
});
