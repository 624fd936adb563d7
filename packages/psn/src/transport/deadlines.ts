/**
 * Request timeouts as deadlines shared by the requests that start within the same short window:
 * one timer per window, which fails the window's requests still running when it fires. A
 * request's timeout then lies between `timeoutMs` and `timeoutMs` plus the window (at most 1 s, a
 * tenth of the timeout).
 *
 * Why not an `AbortSignal` per request: on a loopback request its controller, timer and undici's
 * abort wiring cost as much as 7 % of a bare `fetch` (measured, bench/README.md), and a signal
 * shared by many requests is worse (every request adds a listener that stays until GC). Why not
 * `Promise.race` against one shared deadline promise: every race leaves a reaction on that
 * promise until it settles, and the reaction keeps the race's result — the whole answer — alive
 * for the full timeout (3,000 title-list pages held 180 MB). Here a window holds only the requests
 * still running, and each leaves it as it ends. A request that times out is abandoned, not
 * aborted: its answer, if any, is ignored and undici closes the connection by its own timeouts. A
 * caller's own signal abandons the request the same way (`until-aborted.ts`).
 * @module
 */

/** What a timed-out request rejects with: told apart from any error of the request itself. */
export const TIMED_OUT: unique symbol = Symbol('psn request timed out');

interface Window {
  endsAt: number;
  /** Rejects of the requests of this window still running. */
  running: Set<(reason: unknown) => void>;
}

export class Deadlines {
  readonly timeoutMs: number;
  readonly #width: number;
  #current: Window | undefined;

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
    this.#width = Math.max(1, Math.min(1000, Math.floor(timeoutMs / 10)));
  }

  /** Settles as `request` does, or rejects with `TIMED_OUT` once a request starting now has had its `timeoutMs`. */
  within<T>(request: Promise<T>): Promise<T> {
    const window = this.#window();
    return new Promise<T>((resolve, reject) => {
      window.running.add(reject);
      request.then(
        (value) => {
          window.running.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          window.running.delete(reject);
          reject(error);
        },
      );
    });
  }

  /** Requests of the current window still running (for tests and metrics). */
  get running(): number {
    return this.#current?.running.size ?? 0;
  }

  #window(): Window {
    const now = performance.now();
    const current = this.#current;
    if (current && now < current.endsAt) return current;
    const window: Window = { endsAt: now + this.#width, running: new Set() };
    setTimeout(() => {
      for (const reject of window.running) reject(TIMED_OUT);
      window.running.clear();
    }, this.timeoutMs + this.#width).unref?.();
    this.#current = window;
    return window;
  }
}
