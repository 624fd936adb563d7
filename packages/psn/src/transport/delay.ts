/** Sleeping that an `AbortSignal` can cut short; injectable so that tests move a clock instead. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real sleep, on timers. */
export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
