/**
 * Request counters per account and route, read by tests and benchmarks through
 * `GET /__sim/requests` to measure how many requests a client spent.
 * @module
 */

export interface RequestCounts {
  total: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  /** 429s of the simulator's own rate limit (not the injected `rate-limit` faults). */
  rateLimited: number;
}

function empty(): RequestCounts {
  return { total: 0, byRoute: {}, byStatus: {}, rateLimited: 0 };
}

export class RequestCounters {
  #all = empty();
  #byAccount = new Map<string, RequestCounts>();

  /** Counts one answer; `limited` when the simulator's own rate limit refused it. */
  record(route: string, status: number, accountId: string | undefined, limited = false): void {
    const bump = (c: RequestCounts) => {
      c.total += 1;
      c.byRoute[route] = (c.byRoute[route] ?? 0) + 1;
      c.byStatus[status] = (c.byStatus[status] ?? 0) + 1;
      if (limited) c.rateLimited += 1;
    };
    bump(this.#all);
    if (accountId) {
      let counts = this.#byAccount.get(accountId);
      if (!counts) {
        counts = empty();
        this.#byAccount.set(accountId, counts);
      }
      bump(counts);
    }
  }

  /** Counts for one account, or for every request when no account is given. */
  get(accountId?: string): RequestCounts {
    const counts = accountId ? this.#byAccount.get(accountId) : this.#all;
    return structuredClone(counts ?? empty());
  }

  /** Counts of every account that made a request. */
  accounts(): Record<string, RequestCounts> {
    return Object.fromEntries([...this.#byAccount].map(([id, c]) => [id, structuredClone(c)]));
  }

  reset(): void {
    this.#all = empty();
    this.#byAccount.clear();
  }
}
