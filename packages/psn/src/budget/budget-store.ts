/**
 * Where a rate budget keeps its windows. The in-memory store serves one process; a store backed
 * by a database lets several processes share one account's budget (the server's scale-out path).
 * @module
 */

export type TakeResult = { ok: true } | { ok: false; retryAt: number };

export interface BudgetStore {
  /**
   * Atomically takes one request for `key` at `now` if fewer than `limit` were taken in the last
   * `windowMs` and the key is not blocked; otherwise says when the next one can be taken.
   */
  take(key: string, now: number, limit: number, windowMs: number): TakeResult | Promise<TakeResult>;
  /** Refuses `key` until `until` (ms), after Sony answered 429. */
  block(key: string, until: number): void | Promise<void>;
  /** Requests left for `key` at `now`. */
  remaining(key: string, now: number, limit: number, windowMs: number): number | Promise<number>;
}

/** A budget store for one process: a ring of send times per key. */
export class MemoryBudgetStore implements BudgetStore {
  #windows = new Map<string, { times: number[]; blockedUntil: number }>();

  #window(key: string) {
    let w = this.#windows.get(key);
    if (!w) {
      w = { times: [], blockedUntil: 0 };
      this.#windows.set(key, w);
    }
    return w;
  }

  take(key: string, now: number, limit: number, windowMs: number): TakeResult {
    const w = this.#window(key);
    if (w.blockedUntil > now) return { ok: false, retryAt: w.blockedUntil };
    let drop = 0;
    while (drop < w.times.length && (w.times[drop] as number) <= now - windowMs) drop++;
    if (drop) w.times.splice(0, drop);
    if (w.times.length >= limit) return { ok: false, retryAt: (w.times[w.times.length - limit] as number) + windowMs };
    w.times.push(now);
    return { ok: true };
  }

  block(key: string, until: number): void {
    const w = this.#window(key);
    w.blockedUntil = Math.max(w.blockedUntil, until);
  }

  remaining(key: string, now: number, limit: number, windowMs: number): number {
    const w = this.#windows.get(key);
    if (!w) return limit;
    if (w.blockedUntil > now) return 0;
    return Math.max(0, limit - w.times.filter((t) => t > now - windowMs).length);
  }
}
