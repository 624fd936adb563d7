import { describe, expect, it } from 'vitest';
import { EPOCH, MINUTE, caught, signedIn, startSim } from '../../test/sim-harness.ts';
import { MemoryBudgetStore, RateLimitError, type RateLimitInfo } from '../index.ts';

const WINDOW = 15 * MINUTE;

describe('the rate budget', () => {
  it("pushes 1,000 calls through Sony's 300 per 15 minutes without a single 429", async () => {
    const h = await startSim();
    const client = await signedIn(h, { retry: { retries: 0 } });
    await h.resetRequests();
    const started = h.sim.clock.now();
    for (let done = 0; done < 1000; done += 10) {
      await Promise.all(Array.from({ length: 10 }, () => client.trophies.summary()));
    }
    const elapsed = h.sim.clock.now() - started;
    const counts = await h.requests();
    expect(counts.byStatus).toEqual({ '200': 1000 });
    expect(counts.byRoute).toEqual({ 'trophy.summary': 1000 });
    // 1,000 calls need four windows' worth of budget: three full waits, each one window plus the safety
    // margin (the request timeout, 15 s by default: a request reaches Sony within it).
    expect(elapsed).toBeGreaterThanOrEqual(3 * WINDOW);
    expect(elapsed).toBeLessThan(4 * WINDOW);
    expect(h.waits.every((w) => w <= WINDOW + 15_000)).toBe(true);
    expect(await client.budget?.remaining('default')).toBe(200);
  });

  it('is shared through one store by two clients of the same account (same budgetKey)', async () => {
    const h = await startSim();
    const store = new MemoryBudgetStore();
    const budget = { limit: 4, windowMs: MINUTE, safetyMarginMs: 0, store };
    const a = await signedIn(h, { budget, budgetKey: 'account-0' });
    const b = await signedIn(h, { budget, budgetKey: 'account-0' });
    const other = await signedIn(h, { budget, budgetKey: 'account-1' }, 1);
    await Promise.all([a.trophies.summary(), a.trophies.summary(), b.trophies.summary(), a.trophies.summary()]);
    expect(h.waits).toEqual([]);
    expect(await b.budget?.remaining('account-0')).toBe(0);
    // Another account's budget is its own.
    await other.trophies.summary();
    expect(h.waits).toEqual([]);
    // The fifth call of account-0, from either client, waits for the window to turn.
    await b.trophies.summary();
    expect(h.waits).toEqual([MINUTE]);
    expect(h.sim.clock.now()).toBe(EPOCH + MINUTE);
    expect((await h.requests()).byStatus['429']).toBeUndefined();
  });

  it('asks onRateLimit before waiting; false fails at once with a RateLimitError', async () => {
    const h = await startSim();
    const asked: RateLimitInfo[] = [];
    const onRateLimit = (info: RateLimitInfo) => {
      asked.push(info);
      return false;
    };
    const client = await signedIn(h, { budget: { limit: 1, windowMs: MINUTE, safetyMarginMs: 0, onRateLimit } });
    await client.trophies.summary();
    const error = await caught(() => client.trophies.summary());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ kind: 'rate_limited', endpoint: 'trophy.summary', status: undefined, retryable: true });
    expect((error as RateLimitError).retryAt.getTime()).toBe(EPOCH + MINUTE);
    expect(asked).toEqual([{ key: 'default', endpoint: 'trophy.summary', waitMs: MINUTE, reason: 'budget' }]);
    expect(h.waits).toEqual([]);
    expect(h.sim.clock.now()).toBe(EPOCH);
    expect((await h.requests()).byRoute['trophy.summary']).toBe(1);
  });

  it('waits when onRateLimit says so, and tells a server 429 from its own budget', async () => {
    const h = await startSim();
    const asked: RateLimitInfo[] = [];
    const client = await signedIn(h, { budget: { limit: 2, windowMs: MINUTE, safetyMarginMs: 0, onRateLimit: (info) => void asked.push(info) } });
    await h.fault({ kind: 'rate-limit', route: 'trophy.summary', retryAfterSeconds: 10, count: 1 });
    await client.trophies.summary();
    await client.trophies.summary();
    expect(asked.map((i) => [i.reason, i.waitMs])).toEqual([
      ['server', 10_000],
      ['budget', MINUTE - 10_000],
    ]);
    expect(h.sim.clock.now()).toBe(EPOCH + MINUTE);
  });

  it("throws Sony's own 429 (status, code, referenceId) when onRateLimit declines to wait it out", async () => {
    const h = await startSim();
    const client = await signedIn(h, { budget: { onRateLimit: (info) => info.reason !== 'server' } });
    await h.fault({ kind: 'rate-limit', route: 'trophy.summary', retryAfterSeconds: 20, count: 1 });
    const error = await caught(() => client.trophies.summary());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 2138635, endpoint: 'trophy.summary' });
    expect((error as RateLimitError).referenceId).toBeTypeOf('string');
    expect((error as RateLimitError).retryAt.getTime()).toBe(EPOCH + 20_000);
    expect(h.waits).toEqual([]);
  });

  it("holds every call after Sony's 429 until the time it names, instead of sending into it", async () => {
    const h = await startSim();
    const client = await signedIn(h, { retry: { retries: 0 } });
    await h.resetRequests();
    await h.fault({ kind: 'rate-limit', route: 'trophy.summary', retryAfterSeconds: 45, count: 1 });
    await expect(client.trophies.summary()).rejects.toBeInstanceOf(RateLimitError);
    await expect(client.trophies.summary()).resolves.toBeDefined();
    expect(h.waits).toEqual([45_000]);
    expect((await h.requests()).byStatus).toEqual({ '429': 1, '200': 1 });
  });

  it('can be turned off', async () => {
    const h = await startSim({ rateLimit: { limit: 3 } });
    const client = await signedIn(h, { budget: false, retry: { retries: 0 } });
    expect(client.budget).toBeUndefined();
    await Promise.all([client.trophies.summary(), client.trophies.summary(), client.trophies.summary()]);
    await expect(client.trophies.summary()).rejects.toBeInstanceOf(RateLimitError);
  });

  it('gives each client its own budget unless a store is shared', async () => {
    const h = await startSim();
    const a = await signedIn(h, { budget: { limit: 1 } });
    const b = await signedIn(h, { budget: { limit: 1 } });
    await Promise.all([a.trophies.summary(), b.trophies.summary()]);
    expect(h.waits).toEqual([]);
    expect(await a.budget?.remaining('default')).toBe(0);
    await a.trophies.summary();
    expect(h.waits).toEqual([WINDOW + 15_000]);
  });
});
