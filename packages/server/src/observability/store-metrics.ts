/**
 * The metrics read from the store at scrape time: job queue, sync runs and durations, PSN budgets.
 * No player is named unless the operator opts in (`playerLabels`): the budgets are aggregated
 * across accounts (the lowest left, how many accounts are spending, how many have none left).
 * @module
 */
import type { Metrics, Sample } from './metrics.ts';

const BUCKETS = [1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 16 * 3600];

/** Where the figures come from (the services, wired by the server's start). */
export interface StoreFigures {
  /** Jobs by name and state. */
  jobs(): Promise<Array<{ name: string; state: string; count: number }>>;
  /** Runs by kind and state. */
  runs(): Promise<Array<{ kind: string; state: string; count: number }>>;
  /** Start and finish times of the runs finished since `since`. */
  runsFinishedSince(since: string): Promise<Array<{ kind: string; started_at: string; finished_at: string | null }>>;
  /** Each usable connection's PSN requests left in its window. */
  budgets(): Promise<Array<{ onlineId: string; left: number }>>;
  /** Requests in a full window. */
  budgetLimit: number;
}

export interface StoreMetricsOptions {
  /** Label `trophyroom_psn_budget_remaining` with each spending account's online id. @default false */
  playerLabels?: boolean;
}

export function registerStoreMetrics(metrics: Metrics, figures: StoreFigures, now: () => number, options: StoreMetricsOptions = {}): void {
  const { budgetLimit } = figures;
  metrics.collect('trophyroom_jobs', 'Jobs in the queue by name and state', 'gauge', async () =>
    (await figures.jobs()).map((d) => ({ labels: { name: d.name, state: d.state }, value: d.count })),
  );
  metrics.collect('trophyroom_sync_runs_total', 'Sync runs (title list, import, sync) by kind and outcome', 'counter', async () =>
    (await figures.runs()).map((r) => ({ labels: { kind: r.kind, state: r.state }, value: r.count })),
  );
  metrics.collect('trophyroom_sync_run_duration_seconds', 'Durations of runs finished in the last 24 hours', 'histogram', async () => {
    const runs = await figures.runsFinishedSince(new Date(now() - 86_400_000).toISOString());
    const byKind = new Map<string, number[]>();
    for (const r of runs) {
      if (!r.finished_at) continue;
      const list = byKind.get(r.kind) ?? [];
      list.push((Date.parse(r.finished_at) - Date.parse(r.started_at)) / 1000);
      byKind.set(r.kind, list);
    }
    return [...byKind].flatMap(([kind, seconds]): Sample[] => [
      ...BUCKETS.map((le) => ({ labels: { __suffix: '_bucket', kind, le }, value: seconds.filter((s) => s <= le).length })),
      { labels: { __suffix: '_bucket', kind, le: '+Inf' }, value: seconds.length },
      { labels: { __suffix: '_sum', kind }, value: seconds.reduce((a, b) => a + b, 0) },
      { labels: { __suffix: '_count', kind }, value: seconds.length },
    ]);
  });
  // Accounts with their whole budget left are left out, so thousands of idle accounts add nothing.
  // The budget families of one scrape share one read.
  let read: { at: number; spending: Promise<Array<{ onlineId: string; left: number }>> } | undefined;
  const spending = () => {
    if (!read || Date.now() - read.at > 1000) read = { at: Date.now(), spending: figures.budgets().then((all) => all.filter((b) => b.left < budgetLimit)) };
    return read.spending;
  };
  if (options.playerLabels) {
    metrics.collect('trophyroom_psn_budget_remaining', 'PSN requests left in the window, per connected account that spent some', 'gauge', async () =>
      (await spending()).map((b) => ({ labels: { online_id: b.onlineId }, value: b.left })),
    );
  }
  metrics.collect('trophyroom_psn_budget_remaining_min', 'The fewest PSN requests any connected account has left in its window', 'gauge', async () => [
    { value: Math.min(budgetLimit, ...(await spending()).map((b) => b.left)) },
  ]);
  metrics.collect('trophyroom_psn_budget_accounts_spending', 'Connected accounts that spent some of their PSN budget in the window', 'gauge', async () => [
    { value: (await spending()).length },
  ]);
  metrics.collect('trophyroom_psn_budget_accounts_exhausted', 'Connected accounts with no PSN requests left in the window', 'gauge', async () => [
    { value: (await spending()).filter((b) => b.left <= 0).length },
  ]);
}
