/**
 * The simulator's notion of "now". Tests and the admin API move it forward (token expiry, rate
 * windows, "60 days later") instead of sleeping.
 * @module
 */

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** A clock that follows a base clock plus an offset that only ever grows. */
export class SimClock implements Clock {
  #base: () => number;
  #offsetMs = 0;

  /** @param base where time comes from; a fixed number freezes the clock (byte-identical runs). */
  constructor(base: number | (() => number) = Date.now) {
    this.#base = typeof base === 'number' ? () => base : base;
  }

  now(): number {
    return this.#base() + this.#offsetMs;
  }

  /** Moves time forward; moving backwards is refused because Sony's clock never does. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.#offsetMs += ms;
    return this.now();
  }

  /** Jumps to an absolute time, which must not be in the past. */
  set(epochMs: number): number {
    return this.advance(epochMs - this.now());
  }
}
