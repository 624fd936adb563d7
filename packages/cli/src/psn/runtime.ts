/**
 * Time for the PSN client: the wall clock, or — with `--sim-clock` / `TROPHYROOM_SIM_CLOCK=1`
 * against the simulator — the simulator's virtual clock, where every wait (rate limit, backoff)
 * moves that clock forward through its admin API instead of sleeping. Token expiry, `status` and
 * the rate budget then all agree with the simulator, and an hour of rate-limit waiting takes
 * milliseconds (tests, demos).
 * @module
 */
import { type Sleep, sleep as realSleep } from '@trophyroom/psn';
import type { CommandContext } from '../command.ts';
import { CliError, UsageError } from '../errors/cli-error.ts';
import { EXIT } from '../errors/exit-codes.ts';

export interface Runtime {
  clock: { now(): number };
  sleep: Sleep;
  /** Whether time is the simulator's. */
  virtual: boolean;
}

/** The runtime of this command: the wall clock, or the simulator's when asked for. */
export async function runtimeOf(context: CommandContext): Promise<Runtime> {
  if (!context.global.simClock) return { clock: Date, sleep: realSleep, virtual: false };
  const base = context.global.baseUrl;
  if (!base) throw new UsageError('--sim-clock follows the simulator, so it needs --base-url (or TROPHYROOM_PSN_BASE_URL).');
  const admin = `${base}/__sim/clock`;
  const read = async (response: Response) => {
    if (!response.ok) throw new UsageError(`--sim-clock: ${admin} answered ${response.status}; is --base-url a psn-sim simulator?`);
    return ((await response.json()) as { epochMs: number }).epochMs;
  };
  let first: Response;
  try {
    first = await fetch(admin, { signal: context.signal });
  } catch (error) {
    if (context.signal.aborted) throw error;
    throw new CliError(`--sim-clock: cannot reach the simulator at ${base}; is it running?`, EXIT.unavailable);
  }
  let offset = (await read(first)) - Date.now();
  const sleep: Sleep = async (ms, signal) => {
    signal?.throwIfAborted();
    const advanceMs = Math.max(0, Math.ceil(ms));
    const response = await fetch(admin, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs }), signal });
    offset = (await read(response)) - Date.now();
    // Let other work run, as a real wait would.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { clock: { now: () => Date.now() + offset }, sleep, virtual: true };
}
