import { describe, expect, it } from 'vitest';
import { sleep } from './delay.ts';
import { retryAtFrom } from './retry-after.ts';

describe('sleep', () => {
  it('waits, and an abort cuts it short with the signal reason', async () => {
    const started = performance.now();
    await sleep(20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    await expect(sleep(5, AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
});

describe('retryAtFrom', () => {
  const now = Date.parse('2026-11-01T00:00:00Z');
  it("reads Sony's X-RateLimit-Next-Available, then Retry-After in seconds or as a date", () => {
    expect(retryAtFrom(new Headers({ 'x-ratelimit-next-available': String(now / 1000 + 90) }), now)?.getTime()).toBe(now + 90_000);
    expect(retryAtFrom(new Headers({ 'retry-after': '30' }), now)?.getTime()).toBe(now + 30_000);
    expect(retryAtFrom(new Headers({ 'retry-after': 'Sun, 01 Nov 2026 00:02:00 GMT' }), now)?.getTime()).toBe(now + 120_000);
    expect(retryAtFrom(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAtFrom(new Headers(), now)).toBeUndefined();
  });
});

describe('retryAtFrom with nonsense', () => {
  it('ignores a header that is not a representable date within a year', () => {
    const now = Date.parse('2026-11-01T00:00:00Z');
    expect(retryAtFrom(new Headers({ 'x-ratelimit-next-available': '99999999999999999999' }), now)).toBeUndefined();
    expect(retryAtFrom(new Headers({ 'retry-after': '999999999999' }), now)).toBeUndefined();
    expect(retryAtFrom(new Headers({ 'x-ratelimit-next-available': String(now / 1000 - 5) }), now)?.getTime()).toBe(now);
  });
});
