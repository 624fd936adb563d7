/**
 * What the client's tests share: a simulator on loopback (closed when the test ends), its admin
 * API (`/__sim`), a `sleep` that moves the simulator's clock instead of waiting, and a recording
 * logger. Lives outside `src/` so that it never reaches the build.
 * @module
 */
import { type FaultRule, type RequestCounts, type Simulator, type SimulatorOptions, createSimulator, virtualTime as simVirtualTime } from 'psn-sim';
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

/** Virtual time over the simulator's clock (see psn-sim's `virtualTime`), recording waits and requests sent. */
export function virtualTime(sim: Simulator, waits: number[] = [], sent: string[] = []): { sleep: Sleep; fetch: Fetch } {
  return simVirtualTime(sim.clock, {
    onWait: (ms) => waits.push(ms),
    onSend: (input, init) => sent.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`),
  });
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
