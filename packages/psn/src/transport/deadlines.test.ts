import { afterEach, describe, expect, it, vi } from 'vitest';
import { Deadlines, TIMED_OUT } from './deadlines.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('Deadlines', () => {
  it('hands on what the request settles with, and keeps nothing of a request that has ended', async () => {
    const deadlines = new Deadlines(15_000);
    const answer = { text: 'x'.repeat(1000) };
    await expect(deadlines.within(Promise.resolve(answer))).resolves.toBe(answer);
    await expect(deadlines.within(Promise.reject(new Error('reset')))).rejects.toThrow('reset');
    // A window holds only requests still running: an answer is never kept alive for the whole timeout.
    expect(deadlines.running).toBe(0);
  });

  it('fails a request still running after its timeout (at most a tenth more) with TIMED_OUT, one timer per window', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    const deadlines = new Deadlines(1000);
    const hanging = deadlines.within(new Promise<never>(() => {}));
    const quick = deadlines.within(new Promise<string>((resolve) => setTimeout(() => resolve('ok'), 50)));
    const outcome = hanging.then(
      () => 'answered',
      (reason: unknown) => reason,
    );
    expect(deadlines.running).toBe(2);
    await vi.advanceTimersByTimeAsync(999);
    await expect(quick).resolves.toBe('ok');
    expect(deadlines.running).toBe(1);
    await vi.advanceTimersByTimeAsync(101);
    expect(await outcome).toBe(TIMED_OUT);
    expect(deadlines.running).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('starts a new window once the width (a tenth of the timeout, at most 1 s) has passed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    const deadlines = new Deadlines(1000);
    const first = deadlines.within(new Promise<never>(() => {})).catch((reason: unknown) => reason);
    await vi.advanceTimersByTimeAsync(100);
    const second = deadlines.within(new Promise<never>(() => {})).catch((reason: unknown) => reason);
    expect(vi.getTimerCount()).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await first).toBe(TIMED_OUT);
    await vi.advanceTimersByTimeAsync(100);
    expect(await second).toBe(TIMED_OUT);
  });
});
