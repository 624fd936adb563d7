/**
 * Does the client's rate budget keep Sony's 429s away? 1,000 calls go through one client with its
 * default budget (300 per 15 minutes) against a simulator with its default limit (also 300 per
 * 15 minutes, a sliding window), and the simulator counts the 429s it answered.
 *
 * The run takes seconds, not 45 minutes: the simulator (in this process, on loopback) has a frozen
 * clock, the client reads that clock, and the client's `sleep` moves it instead of waiting. That
 * virtual time is a discrete-event simulation: a sleep registers a wake-up, and the clock jumps to
 * the earliest wake-up only when no request is in flight. Concurrent sleeps therefore overlap as
 * real ones do (ten callers waiting 15 minutes make 15 minutes, not 150), and no request is sent
 * at one time and answered at another.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { PsnClient } from '../packages/psn/src/index.ts';
import type { Row } from './table.ts';

export interface BudgetOptions {
  /** Calls pushed through the client. */
  calls: number;
  /** Callers making them at once. */
  concurrency: number;
  /** Longest the run may take in real time before it is abandoned. */
  timeLimitMs: number;
}

export const defaultBudgetOptions: BudgetOptions = { calls: 1000, concurrency: 10, timeLimitMs: 60_000 };

/** The simulator's frozen "now" at start. */
const EPOCH = Date.parse('2026-11-01T12:00:00Z');
/** Sony's limit, and the simulator's and the client's default. */
const LIMIT = 300;
const WINDOW_MINUTES = 15;

interface RequestCounts {
  total: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
}

/** Runs the benchmark; the simulator is closed before it returns or throws. */
export async function benchBudget(options: BudgetOptions = defaultBudgetOptions): Promise<Row[]> {
  const { createSimulator, virtualTime } = await import('../packages/psn-sim/src/index.ts');
  const sim = createSimulator({ accounts: 2, titles: 50, clock: EPOCH });
  const url = await sim.listen(0);
  const admin = async (method: 'GET' | 'DELETE', path: string) => {
    const response = await fetch(`${url}/__sim${path}`, { method, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  let deadline: NodeJS.Timeout | undefined;
  try {
    const time = virtualTime(sim.clock);
    const client = await PsnClient.fromNpsso(sim.credentialsOf(0).npsso, { baseUrl: url, clock: sim.clock, sleep: time.sleep, fetch: time.fetch });
    // Only the data calls count: signing in used the auth host, which has a window of its own.
    await admin('DELETE', '/requests');

    const virtualStart = sim.clock.now();
    const realStart = performance.now();
    const errors: string[] = [];
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < options.calls; i = next++) {
        try {
          await (i % 2 === 0 ? client.trophies.summary() : client.trophies.titles());
        } catch (error) {
          errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
        }
      }
    };
    const timedOut = new Promise<never>((_, reject) => {
      deadline = setTimeout(() => reject(new Error(`psn-budget: not done after ${options.timeLimitMs} ms of real time`)), options.timeLimitMs);
    });
    await Promise.race([Promise.all(Array.from({ length: options.concurrency }, worker)), timedOut]);
    const realSeconds = (performance.now() - realStart) / 1000;
    const virtualMinutes = (sim.clock.now() - virtualStart) / 60_000;
    const counts = (await admin('GET', '/requests')) as RequestCounts;

    const tooMany = counts.byStatus['429'] ?? 0;
    const other = Object.entries(counts.byStatus).filter(([status]) => status !== '200' && status !== '429');
    const problems: string[] = [];
    if (errors.length > 0) problems.push(`${errors.length} calls failed (${errors[0]})`);
    if (other.length > 0) problems.push(`answers other than 200 and 429: ${other.map(([s, n]) => `${n} × ${s}`).join(', ')}`);
    const failure = problems.length > 0 ? problems.join('; ') : undefined;
    // The first window's requests go at once; each further full window costs its 15 minutes.
    const floorMinutes = (Math.ceil(options.calls / LIMIT) - 1) * WINDOW_MINUTES;
    const benchmark = `rate budget: ${options.calls.toLocaleString('en-US')} calls, ${options.concurrency} at a time, limit ${LIMIT}/${WINDOW_MINUTES} min`;
    return [
      { benchmark, metric: '429 answers from the simulator', value: tooMany, unit: '', target: { value: 1, kind: 'ceiling' }, failure },
      { benchmark, metric: 'requests the simulator answered', value: counts.total, unit: '', failure },
      {
        benchmark,
        metric: `virtual minutes elapsed, vs the floor (${Math.ceil(options.calls / LIMIT) - 1} windows)`,
        value: virtualMinutes,
        unit: 'min',
        target: { value: floorMinutes, kind: 'baseline' },
        failure,
      },
      { benchmark, metric: 'real time', value: realSeconds, unit: 's', failure },
    ];
  } finally {
    clearTimeout(deadline);
    await sim.close();
  }
}

// `npx tsx bench/psn-budget.ts` runs this benchmark alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { formatTable } = await import('./table.ts');
  process.stdout.write(formatTable(await benchBudget()));
}
