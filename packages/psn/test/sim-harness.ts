/**
 * What the client's tests share: a simulator on loopback (closed when the test ends), its admin
 * API (`/__sim`), a `sleep` that moves the simulator's clock instead of waiting, and a recording
 * logger. Lives outside `src/` so that it never reaches the build.
 * @module
 */
import { type FaultRule, type RequestCounts, type Simulator, type SimulatorOptions, createSimulator } from 'psn-sim';
import { onTestFinished } from 'vitest';
import type { Fetch, Logger, PsnClientOptions, Sleep } from '../src/index.ts';
import { PsnClient } from '../src/index.ts';

/** The simulator's frozen "now" at start: whole seconds, so server delays come out exact. */
export const EPOCH = Date.parse('2026-11-01T12:00:00Z');
export const MINUTE = 60_000;
export const DAY = 86_400_000;

export interface SimHarness {
  sim: Simulator;
  url: string;
  /** Calls the admin API and returns its JSON. */
  admin(method: 'GET' | 'POST' | 'DELETE', path: string, body?: object): Promise<Record<string, unknown>>;
  /** Adds a fault rule (`POST /__sim/faults`). */
  fault(rule: FaultRule): Promise<void>;
  /** Request counters (`GET /__sim/requests`). */
  requests(): Promise<RequestCounts>;
  /** Empties the request counters, e.g. after signing in. */
  resetRequests(): Promise<void>;
  /** Every wait the client asked for, in ms, in order. */
  waits: number[];
  /** `METHOD path` of every request the clients sent through `options.fetch`, in order. */
  sent: string[];
  /** A sleep that moves the simulator's clock instead of waiting (virtual time). */
  sleep: Sleep;
  /** Client options for this simulator: base URL, its clock, virtual sleep, and loopback fetch. */
  options: PsnClientOptions;
}

/** Starts a simulator on loopback with a frozen clock; it closes when the test finishes. */
export async function startSim(options: SimulatorOptions = {}): Promise<SimHarness> {
  const sim = createSimulator({ seed: 7, accounts: 40, titles: 5, clock: EPOCH, ...options });
  const url = await sim.listen(0);
  onTestFinished(() => sim.close());
  const admin = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: object) => {
    const response = await fetch(`${url}/__sim${path}`, {
      method,
      ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const waits: number[] = [];
  const sent: string[] = [];
  const { sleep, fetch: trackedFetch } = virtualTime(sim, waits, sent);
  return {
    sim,
    url,
    admin,
    fault: async (rule) => {
      await admin('POST', '/faults', rule);
    },
    requests: async () => (await admin('GET', '/requests')) as unknown as RequestCounts,
    resetRequests: async () => {
      await admin('DELETE', '/requests');
    },
    waits,
    sent,
    sleep,
    options: { baseUrl: url, clock: sim.clock, sleep, fetch: trackedFetch },
  };
}

/**
 * Virtual time, as a discrete-event simulation: `sleep` registers a wake-up at (now + ms), and the
 * clock jumps to the earliest wake-up only when no request is in flight, so that concurrent
 * sleeps overlap as real ones do and no request is sent at one time and received at another.
 */
export function virtualTime(sim: Simulator, waits: number[] = [], sent: string[] = []): { sleep: Sleep; fetch: Fetch } {
  let inFlight = 0;
  let scheduled = false;
  const sleepers = new Set<{ until: number; wake: () => void }>();
  const flush = () => {
    scheduled = false;
    if (inFlight > 0 || sleepers.size === 0) return;
    const next = Math.min(...[...sleepers].map((s) => s.until));
    if (next > sim.clock.now()) sim.clock.advance(next - sim.clock.now());
    for (const s of sleepers) if (s.until <= sim.clock.now()) s.wake();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };
  const sleep: Sleep = (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      waits.push(ms);
      const sleeper = {
        until: sim.clock.now() + ms,
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
  const fetch: Fetch = async (input, init) => {
    inFlight += 1;
    sent.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
    try {
      return await globalThis.fetch(input, init);
    } finally {
      inFlight -= 1;
      if (inFlight === 0) schedule();
    }
  };
  return { sleep, fetch };
}

/** A sleep that only ends when aborted: for tests that abort a waiting call. */
export const sleepUntilAborted: Sleep = (_ms, signal) =>
  new Promise((_resolve, reject) => {
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

/** A client signed in as account `index` through the code flow. */
export async function signedIn(h: SimHarness, options: PsnClientOptions = {}, index = 0): Promise<PsnClient> {
  return PsnClient.fromNpsso(h.sim.credentialsOf(index).npsso, { ...h.options, ...options });
}

export interface LogLine {
  level: keyof Logger;
  message: string;
  fields: Record<string, unknown> | undefined;
}

/** A logger that keeps every line, at every level. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: keyof Logger) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, fields });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Runs `fn` and returns what it threw (fails the test when it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
