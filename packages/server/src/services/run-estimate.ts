/**
 * A run's time left, from the PSN requests it still needs and its account's budget: the requests
 * the budget allows now go at once, every further one waits its turn at the budget's pace (about
 * one every 3 s at Sony's 300 per 15 minutes). Titles per second would be wrong for an import,
 * whose first minutes spend a full window in seconds and whose next 15 hours go at Sony's pace.
 * @module
 */

/** What the budget allows: requests free now, and the time each one after those costs. */
export interface BudgetPace {
  available: number;
  msPerRequest: number;
}

export interface RunEstimate {
  estimatedSecondsLeft: number | null;
  estimatedFinishAt: string | null;
}

/** The estimate for `remainingRequests` at `pace`, as of `now`; null fields when there is no pace to go by. */
export function estimateRun(remainingRequests: number, pace: BudgetPace | undefined, now: number): RunEstimate {
  if (!pace) return { estimatedSecondsLeft: null, estimatedFinishAt: null };
  const ms = Math.max(0, remainingRequests - pace.available) * pace.msPerRequest;
  return { estimatedSecondsLeft: Math.ceil(ms / 1000), estimatedFinishAt: new Date(now + ms).toISOString() };
}
