/**
 * The stacked library at 20,000 titles: one user's library of 20,000 imported titles holding
 * 2,000 stacks of two lists (a PS4 and a PS5 version), on SQLite. Measures, as the API's service
 * runs them (the store's queries and the view, no HTTP): the first page of 50 stacks, a page deep
 * in the list (offset 1,000), and one game's stack (its page's "other versions"). Goal: p99 < 20 ms.
 *
 * Run alone: `npx tsx bench/stacks-library.ts`.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { openStore } from '../packages/server/src/db/database.ts';
import { writeAllStackKeys } from '../packages/server/src/db/stack-keys.ts';
import { StacksRepository } from '../packages/server/src/repositories/stacks.repository.ts';
import { StacksService } from '../packages/server/src/services/stacks.service.ts';
import type { Row } from './table.ts';

const TITLES = 20_000;
const RUNS = 300;
const GOAL_MS = 20;
const USER = '00000000-0000-4000-8000-000000000001';
const id = (g: number) => `NPWR${String(10_000 + g).padStart(5, '0')}_00`;

/** Writes the user, the titles' stored sets (every tenth title a version of the one before) and the library. */
async function seed(file: string): Promise<void> {
  await (await openStore(file)).close();
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.prepare(`insert into users (id, name, created_at, password_hash, admin) values (?, 'stacker', '2026-01-01T00:00:00.000Z', null, 0)`).run(USER);
  const title = db.prepare(`insert into titles values (?, 'en-US', '01.00', ?, ?, null, ?, ?, 0, 30, 8, 2, 1, '2026-01-01T00:00:00.000Z', ?)`);
  const owned = db.prepare(
    `insert into user_titles (user_id, np_communication_id, np_service_name, name, icon_url, platform, trophy_set_version, has_trophy_groups, picked, hidden, progress,
      defined_bronze, defined_silver, defined_gold, defined_platinum, earned_bronze, earned_silver, earned_gold, earned_platinum,
      last_updated_at, last_played_at, play_seconds, earned_synced_at, definitions_version, first_seen_at, announced)
     values (?, ?, ?, ?, ?, ?, '01.00', 0, 1, 0, ?, 30, 8, 2, 1, ?, 3, 1, 0, ?, null, null, ?, '01.00', '2026-01-01T00:00:00.000Z', 1)`,
  );
  db.transaction(() => {
    for (let g = 0; g < TITLES; g++) {
      const version = g % 10 === 1;
      const root = version ? g - 1 : g;
      const [service, platform] = version ? ['trophy2', 'PS5'] : ['trophy', 'PS4'];
      const icon = `https://image.api.playstation.com/trophy/np/${id(g)}_00ABCDEF/icon.PNG`;
      title.run(id(g), service, `Game ${root}`, icon, platform, `signature-${root}`);
      const updated = new Date(Date.UTC(2026, 10, 1) - g * 3_600_000).toISOString();
      owned.run(USER, id(g), service, `Game ${root}`, icon, platform, g % 100, g % 30, updated, updated);
    }
  })();
  db.close();
}

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] as number;
}

async function timed(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples;
}

export async function benchStacksLibrary(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'trophyroom-bench-stacks-'));
  const file = join(dir, 'trophyroom.db');
  try {
    await seed(file);
    const store = await openStore(file);
    try {
      await writeAllStackKeys(store.db);
      const stacks = new StacksService({ stacks: new StacksRepository(store.db), now: Date.now });
      const first = await stacks.page(USER, { limit: 50, offset: 0 });
      const failure = first.total === TITLES / 10 && first.items.length === 50 ? undefined : `expected ${TITLES / 10} stacks, got ${first.total}`;
      const rows: Array<[string, number[]]> = [
        ['stacks, first page of 50 (p99)', await timed(() => stacks.page(USER, { limit: 50, offset: 0 }))],
        ['stacks, page at offset 1,000 (p99)', await timed(() => stacks.page(USER, { limit: 50, offset: 1000 }))],
        ["a game's stack (p99)", await timed(() => stacks.stackOf(USER, id(10_001)))],
      ];
      return rows.map(([metric, samples]) => ({
        benchmark: 'stacked library, 20,000 titles',
        metric,
        value: p99(samples),
        unit: 'ms',
        target: { value: GOAL_MS, kind: 'ceiling' as const },
        ...(failure ? { failure } : {}),
      }));
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatTable } = await import('./table.ts');
  process.stdout.write(`${formatTable(await benchStacksLibrary())}\n`);
}
