/**
 * Waiting on a promise that a caller's `AbortSignal` can cut short, with the listener removed
 * as soon as the promise settles: a signal that lives for a whole run (thousands of requests)
 * never gathers listeners. Handing the signal to `fetch` instead leaves one listener per request
 * on it until garbage collection (Node warned of 1,900 during an 18,516-title import).
 * @module
 */

/** Settles as `promise` does, or rejects with the signal's reason as soon as it aborts (the work itself is abandoned). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
