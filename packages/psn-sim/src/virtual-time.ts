/**
 * Virtual time for clients of the simulator, as a discrete-event simulation: `sleep` registers a
 * wake-up at (now + ms), and the simulator's clock jumps to the earliest wake-up only when no
 * request is in flight, so concurrent sleeps overlap as real ones do and no request is sent at one
 * time and received at another. Hours of rate-limit waiting run in milliseconds.
 * @module
 */

export interface VirtualClock {
  now(): number;
  advance(ms: number): number;
}

export interface VirtualTimeHooks {
  /** Every wait asked for, in ms. */
  onWait?: (ms: number) => void;
  /** Every request sent, before it goes out. */
  onSend?: (input: string | URL | Request, init: RequestInit | undefined) => void;
}

export interface VirtualTime {
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
}

/** A `sleep` that moves `clock` instead of waiting, and a `fetch` that tells it when requests are in flight. */
export function virtualTime(clock: VirtualClock, hooks: VirtualTimeHooks = {}): VirtualTime {
  let inFlight = 0;
  let scheduled = false;
  const sleepers = new Set<{ until: number; wake: () => void }>();
  const flush = () => {
    scheduled = false;
    if (inFlight > 0 || sleepers.size === 0) return;
    let next = Number.POSITIVE_INFINITY;
    for (const s of sleepers) next = Math.min(next, s.until);
    if (next > clock.now()) clock.advance(next - clock.now());
    for (const s of sleepers) if (s.until <= clock.now()) s.wake();
  };
  // After the current turn of the event loop, so that every caller ready to send has sent first.
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };
  const sleep: VirtualTime['sleep'] = (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      hooks.onWait?.(ms);
      const sleeper = {
        until: clock.now() + ms,
        wake: () => {
          sleepers.delete(sleeper);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        sleepers.delete(sleeper);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      sleepers.add(sleeper);
      schedule();
    });
  const fetch: VirtualTime['fetch'] = async (input, init) => {
    inFlight += 1;
    hooks.onSend?.(input, init);
    try {
      return await globalThis.fetch(input, init);
    } finally {
      inFlight -= 1;
      if (inFlight === 0) schedule();
    }
  };
  return { sleep, fetch };
}
