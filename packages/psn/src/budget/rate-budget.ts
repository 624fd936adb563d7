/**
 * The per-account rate budget: at most `limit` requests in any `windowMs` (Sony: ~300 per 15
 * minutes), enforced before sending, so that in normal use Sony never answers 429. Concurrent
 * calls share it; a waiting call can be aborted; the caller decides through `onRateLimit`
 * whether to wait or fail.
 * @module
 */
import { RateLimitError } from '../errors/kinds.ts';
import type { Sleep } from '../transport/delay.ts';
import { type BudgetStore, MemoryBudgetStore } from './budget-store.ts';

export interface RateLimitInfo {
  /** Budget key (one per PSN account). */
  key: string;
  endpoint: string;
  /** How long the call would wait. */
  waitMs: number;
  /** `budget`: the client's own window is full; `server`: Sony answered 429. */
  reason: 'budget' | 'server';
}

export interface RateBudgetOptions {
  /** Requests per window. @default 300 */
  limit?: number;
  /** Window length in ms. @default 900_000 (15 minutes) */
  windowMs?: number;
  /** Extra ms a request stays in the window, so network time and clock skew never tip Sony over. @default the client's timeoutMs (at least 1000) */
  safetyMarginMs?: number;
  /** Shared store; pass a database-backed one to share the budget between processes. @default new MemoryBudgetStore() */
  store?: BudgetStore;
  /** Called before waiting; return `false` to fail with a `RateLimitError` instead. */
  onRateLimit?: (info: RateLimitInfo) => boolean | undefined | Promise<boolean | undefined>;
}

export class RateBudget {
  readonly limit: number;
  readonly windowMs: number;
  readonly #store: BudgetStore;
  readonly #margin: number;
  readonly #onRateLimit: RateBudgetOptions['onRateLimit'];
  readonly #now: () => number;
  readonly #sleep: Sleep;

  constructor(options: RateBudgetOptions, now: () => number, sleep: Sleep) {
    this.limit = options.limit ?? 300;
    this.windowMs = options.windowMs ?? 900_000;
    this.#margin = options.safetyMarginMs ?? 1000;
    this.#store = options.store ?? new MemoryBudgetStore();
    this.#onRateLimit = options.onRateLimit;
    this.#now = now;
    this.#sleep = sleep;
  }

  /** Waits until one request for `key` may be sent, then counts it. */
  async acquire(key: string, endpoint: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#now();
      const taken = await this.#store.take(key, now, this.limit, this.windowMs + this.#margin);
      if (taken.ok) return;
      await this.wait({ key, endpoint, waitMs: Math.max(1, taken.retryAt - now), reason: 'budget' }, signal);
    }
  }

  /** Asks the caller, then sleeps; throws a `RateLimitError` when the caller says no. */
  async wait(info: RateLimitInfo, signal?: AbortSignal): Promise<void> {
    const decision = await this.#onRateLimit?.(info);
    if (decision === false) throw new RateLimitError(new Date(this.#now() + info.waitMs), { endpoint: info.endpoint });
    await this.#sleep(info.waitMs, signal);
  }

  /** Records Sony's 429: nothing more is sent for `key` before `until`. */
  async block(key: string, until: number): Promise<void> {
    await this.#store.block(key, until);
  }

  /** Requests `key` may still send in the current window. */
  remaining(key: string): number | Promise<number> {
    return this.#store.remaining(key, this.#now(), this.limit, this.windowMs + this.#margin);
  }
}
