/**
 * Limits failed logins per account name and per client address in a sliding window, so a
 * password cannot be guessed at speed. In memory: each server process keeps its own count.
 * @module
 */
export interface LoginLimiterOptions {
  now: () => number;
  /** Failures allowed per key in the window. @default 10 */
  maxFailures?: number;
  /** @default 15 minutes */
  windowMs?: number;
}

export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #now: () => number;
  readonly #max: number;
  readonly #windowMs: number;

  constructor(options: LoginLimiterOptions) {
    this.#now = options.now;
    this.#max = options.maxFailures ?? 10;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.#windowMs;
    const times = (this.#failures.get(key) ?? []).filter((t) => t > since);
    if (times.length) this.#failures.set(key, times);
    else this.#failures.delete(key);
    return times;
  }

  /** Milliseconds until any of the keys may try again, or 0 when all may. */
  blockedFor(keys: readonly string[]): number {
    let wait = 0;
    for (const key of keys) {
      const times = this.#recent(key);
      if (times.length >= this.#max) wait = Math.max(wait, (times[times.length - this.#max] as number) + this.#windowMs - this.#now());
    }
    return wait;
  }

  fail(keys: readonly string[]): void {
    for (const key of keys) this.#failures.set(key, [...this.#recent(key), this.#now()]);
  }

  succeed(keys: readonly string[]): void {
    for (const key of keys) this.#failures.delete(key);
  }
}
