/**
 * Limits failed logins per account name and per client address in a sliding window, so a
 * password cannot be guessed at speed. In memory: each server process keeps its own count.
 * @module
 */
export interface LoginLimiterOptions {
  now: () => number;
  /** Failures allowed per account name in the window. @default 10 */
  maxPerName?: number;
  /** Failures allowed per client address (many names from one place). @default 50 */
  maxPerAddress?: number;
  /** @default 15 minutes */
  windowMs?: number;
}

export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #now: () => number;
  readonly #maxPerName: number;
  readonly #maxPerAddress: number;
  readonly #windowMs: number;

  constructor(options: LoginLimiterOptions) {
    this.#now = options.now;
    this.#maxPerName = options.maxPerName ?? 10;
    this.#maxPerAddress = options.maxPerAddress ?? 50;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.#windowMs;
    const times = (this.#failures.get(key) ?? []).filter((t) => t > since);
    if (times.length) this.#failures.set(key, times);
    else this.#failures.delete(key);
    return times;
  }

  /** The keys a login attempt counts against. */
  keys(name: string, address: string): string[] {
    return [`name:${name.toLowerCase()}`, `addr:${address}`];
  }

  /** Milliseconds until any of the keys may try again, or 0 when all may. */
  blockedFor(keys: readonly string[]): number {
    let wait = 0;
    for (const key of keys) {
      const max = key.startsWith('addr:') ? this.#maxPerAddress : this.#maxPerName;
      const times = this.#recent(key);
      if (times.length >= max) wait = Math.max(wait, (times[times.length - max] as number) + this.#windowMs - this.#now());
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
