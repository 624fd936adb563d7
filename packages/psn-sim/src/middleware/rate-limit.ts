/**
 * Sony's per-account limit as a sliding window: at most `limit` requests in any `windowMs`.
 * Only accepted requests count; a refused one reports when the oldest counted request leaves
 * the window (`X-RateLimit-Next-Available`).
 * @module
 */
import type { RateLimitOptions } from '../options.ts';

interface Window {
  times: Float64Array;
  head: number;
  size: number;
}

export class SlidingWindowLimiter {
  readonly options: RateLimitOptions;
  #windows = new Map<string, Window>();

  constructor(options: RateLimitOptions) {
    this.options = options;
  }

  /** Counts a request at `now`, or returns the instant (ms) when the next one will be accepted. */
  take(key: string, now: number): { ok: true; remaining: number } | { ok: false; nextAvailableMs: number } {
    const { limit, windowMs } = this.options;
    let w = this.#windows.get(key);
    if (!w) {
      w = { times: new Float64Array(limit), head: 0, size: 0 };
      this.#windows.set(key, w);
    }
    while (w.size > 0 && (w.times[w.head] as number) <= now - windowMs) {
      w.head = (w.head + 1) % limit;
      w.size -= 1;
    }
    if (w.size >= limit) return { ok: false, nextAvailableMs: (w.times[w.head] as number) + windowMs };
    w.times[(w.head + w.size) % limit] = now;
    w.size += 1;
    return { ok: true, remaining: limit - w.size };
  }

  /** Requests still allowed for a key at `now`. */
  remaining(key: string, now: number): number {
    const w = this.#windows.get(key);
    if (!w) return this.options.limit;
    let used = 0;
    for (let i = 0; i < w.size; i++) if ((w.times[(w.head + i) % this.options.limit] as number) > now - this.options.windowMs) used += 1;
    return this.options.limit - used;
  }

  reset(): void {
    this.#windows.clear();
  }
}
