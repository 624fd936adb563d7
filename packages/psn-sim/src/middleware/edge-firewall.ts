/**
 * The edge firewall in front of PSN (Akamai): a burst of requests from one client draws an HTML
 * "Access Denied" 403 for a while, on every route, whatever the token. Reported by trackers in
 * 2024–26 after unthrottled bursts (blocks from minutes to days); the cure is a global pace and
 * backing off. Counted per account (per client address for the auth host), by the simulator's clock.
 * @module
 */

export interface EdgeFirewallOptions {
  /** More than this many requests within `windowMs` trip the block. */
  burst: number;
  /** The burst window. @default 10_000 */
  windowMs: number;
  /** How long the block lasts. @default 600_000 (10 minutes) */
  blockMs: number;
}

export class EdgeFirewall {
  readonly options: EdgeFirewallOptions;
  #recent = new Map<string, number[]>();
  #blockedUntil = new Map<string, number>();

  constructor(options: Partial<EdgeFirewallOptions> & { burst: number }) {
    this.options = { windowMs: 10_000, blockMs: 600_000, ...options };
  }

  /** Counts a request; returns whether the edge refuses it. */
  refuses(key: string, now: number): boolean {
    const until = this.#blockedUntil.get(key);
    if (until !== undefined) {
      if (now < until) return true;
      this.#blockedUntil.delete(key);
      this.#recent.delete(key);
    }
    const times = (this.#recent.get(key) ?? []).filter((t) => t > now - this.options.windowMs);
    times.push(now);
    this.#recent.set(key, times);
    if (times.length > this.options.burst) {
      this.#blockedUntil.set(key, now + this.options.blockMs);
      return true;
    }
    return false;
  }

  /** When the block of a key ends (ms), if it is blocked. */
  blockedUntil(key: string): number | undefined {
    return this.#blockedUntil.get(key);
  }

  reset(): void {
    this.#recent.clear();
    this.#blockedUntil.clear();
  }
}
