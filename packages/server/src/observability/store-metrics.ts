/** The metrics read from the store at scrape time: job queue, sync runs and durations, PSN budgets. */
import type { Engine } from '../engine.ts';
import type { Metrics, Sample } from './metrics.ts';

const BUCKETS = [1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 16 * 3600];

export function registerStoreMetrics(metrics: Metrics, engine: Engine, now: () => number): void {
  metrics.collect('trophyroom_jobs', 'Jobs in the queue by name and state', 'gauge', async () =>
    (await engine.queue.depth()).map((d) => ({ labels: { name: d.name, state: d.state }, value: d.count })),
  );
  metrics.collect('trophyroom_sync_runs_total', 'Sync runs (title list, import, sync) by kind and outcome', 'counter', async () =>
    (await engine.runs.counts()).map((r) => ({ labels: { kind: r.kind, state: r.state }, value: r.count })),
  );
  metrics.collect('trophyroom_sync_run_duration_seconds', 'Durations of runs finished in the last 24 hours', 'histogram', async () => {
    const runs = await engine.runs.finishedSince(new Date(now() - 86_400_000).toISOString());
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
  metrics.collect(
    'trophyroom_psn_budget_remaining',
    'PSN requests left in the window, for connected accounts that spent some (this process, or shared by all with role web/worker)',
    'gauge',
    async () => {
      const active = await engine.connections.active();
      const remaining = await engine.budgetRemainingOf(active.map((c) => c.account_id));
      const samples = active.map((c) => ({ labels: { online_id: c.online_id }, value: remaining.get(c.account_id) ?? engine.budgetLimit }));
      // Accounts with their whole budget left are omitted, so thousands of idle accounts add no series.
      return samples.filter((s) => s.value < engine.budgetLimit);
    },
  );
}
