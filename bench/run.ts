/**
 * `npm run bench`: runs every benchmark one after the other, prints the table and writes it as
 * JSON to bench/results/latest.json. Exits non-zero only when a benchmark crashed; a missed
 * target is marked MISS in the table, an invalid measurement FAIL.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchApiLatency } from './api-latency.ts';
import { benchLibraryStory } from './library-story.ts';
import { benchBudget } from './psn-budget.ts';
import { benchScaleOut } from './scale-out.ts';
import { benchOverhead } from './psn-overhead.ts';
import { benchMemory } from './sim-memory.ts';
import { benchThroughput } from './sim-throughput.ts';
import { benchSyncRequests } from './sync-requests.ts';
import { type Row, formatTable, verdictOf } from './table.ts';
import { benchWebLibrary } from './web-library.ts';

const benchmarks: Array<{ name: string; run: () => Promise<Row[]> }> = [
  { name: 'simulator throughput', run: () => benchThroughput() },
  { name: 'simulator memory', run: () => benchMemory() },
  { name: 'client overhead', run: () => benchOverhead() },
  { name: 'client rate budget', run: () => benchBudget() },
  { name: 'sync engine requests', run: () => benchSyncRequests() },
  { name: 'API latency', run: () => benchApiLatency() },
  { name: 'web library', run: () => benchWebLibrary() },
  { name: 'scale-out daily sync', run: () => benchScaleOut() },
  { name: "the 18,516-title library at Sony's pace", run: () => benchLibraryStory() },
];

// A signal ends the run through process.exit, so that the benchmarks' child processes are killed.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const rows: Row[] = [];
const crashes: Array<{ name: string; error: string }> = [];
const started = Date.now();
// Both cores are in use during the throughput runs: anything else running skews the figures.
const loadAtStart = loadavg()[0] ?? 0;
if (loadAtStart > 0.5) process.stderr.write(`bench: load average is ${loadAtStart.toFixed(2)}; other work on the machine will lower the figures\n`);
for (const bench of benchmarks) {
  const t0 = Date.now();
  process.stderr.write(`bench: ${bench.name}…\n`);
  try {
    rows.push(...(await bench.run()));
    process.stderr.write(`bench: ${bench.name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    crashes.push({ name: bench.name, error: message });
    process.stderr.write(`bench: ${bench.name} CRASHED: ${message}\n`);
  }
}

process.stdout.write(`\n${formatTable(rows)}`);
process.stdout.write(`load average (1 min) at start ${loadAtStart.toFixed(2)}, at end ${(loadavg()[0] ?? 0).toFixed(2)}, on ${availableParallelism()} cores\n`);
for (const crash of crashes) process.stdout.write(`CRASHED: ${crash.name} (no figures)\n`);

const dir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(dir, { recursive: true });
const report = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: availableParallelism(),
  seconds: (Date.now() - started) / 1000,
  loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
  rows: rows.map((row) => ({ ...row, ratio: row.target ? row.value / row.target.value : null, ok: verdictOf(row) })),
  crashes,
};
writeFileSync(`${dir}latest.json`, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`\nwritten to bench/results/latest.json (${report.seconds.toFixed(0)} s)\n`);
process.exitCode = crashes.length > 0 ? 1 : 0;
