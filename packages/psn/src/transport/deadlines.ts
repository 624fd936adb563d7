/**
 * Request timeouts as deadlines shared by the requests that start within the same short window:
 * one promise and one timer per window, raced against each request. A request's timeout then lies
 * between `timeoutMs` and `timeoutMs` plus the window (at most 1 s, a tenth of the timeout).
 *
 * Why not an `AbortSignal` per request: on a loopback request its controller, timer and undici's
 * abort wiring cost as much as 7 % of a bare `fetch` (measured, bench/README.md), and a signal
 * shared by many requests is worse (every request adds a listener that stays until GC). A request
 * that times out is therefore abandoned, not aborted: its answer, if any, is ignored and undici
 * closes the connection by its own timeouts. A caller's own signal still aborts the request.
 * @module
 */

/** What a deadline rejects with: told apart from any error of the request itself. */
export const TIMED_OUT: unique symbol = Symbol('psn request timed out');

interface Window {
  endsAt: number;
  deadline: Promise<never>;
}

export class Deadlines {
  readonly timeoutMs: number;
  readonly #width: number;
  #current: Window | undefined;

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
    this.#width = Math.max(1, Math.min(1000, Math.floor(timeoutMs / 10)));
  }

  /** A promise that rejects with `TIMED_OUT` once a request starting now has had its `timeoutMs`. */
  deadline(): Promise<never> {
    const now = performance.now();
    const window = this.#current;
    if (window && now < window.endsAt) return window.deadline;
    const deadline = new Promise<never>((_resolve, reject) => {
      setTimeout(() => reject(TIMED_OUT), this.timeoutMs + this.#width).unref?.();
    });
    // Nobody may be racing it any more when it fires.
    deadline.catch(() => {});
    this.#current = { endsAt: now + this.#width, deadline };
    return deadline;
  }
}
