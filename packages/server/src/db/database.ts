/**
 * Opens the store: a SQLite file by default (nothing to install), PostgreSQL when the URL says
 * `postgres://`. Both speak through one Kysely query layer; migrations run on open.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import * as initial from './migrations/20261123T0001-initial.ts';
import * as announced from './migrations/20261123T0002-announced-and-job-singletons.ts';
import * as accounts from './migrations/20261125T0003-accounts-and-library-indexes.ts';
import * as sharedBudget from './migrations/20261125T0004-shared-rate-budget.ts';
import * as runLifecycle from './migrations/20261205T0005-run-lifecycle.ts';
import * as world from './migrations/20261206T0301-notifications-sharing-history.ts';
import * as longRuns from './migrations/20261206T1101-long-runs.ts';
import * as libraryVersions from './migrations/20261206T1201-library-versions.ts';
import * as stacks from './migrations/20261206T1301-stacks.ts';
import * as stats from './migrations/20261206T1401-stats-unobtainable-dlc.ts';
import * as pickerCounts from './migrations/20261206T1501-picker-counts-index.ts';
import * as profileSnapshots from './migrations/20261206T1601-profile-snapshots.ts';
import * as dlcComplete from './migrations/20261206T1602-dlc-complete-index.ts';
import * as snapshotMaker from './migrations/20261206T1701-profile-snapshot-maker.ts';
import type { Database } from './schema.ts';
import { withStatementCache } from './statement-cache.ts';

/** Every migration, in order. New ones are appended with a timestamped name. */
export const migrations = {
  '20261123T0001-initial': initial,
  '20261123T0002-announced-and-job-singletons': announced,
  '20261125T0003-accounts-and-library-indexes': accounts,
  '20261125T0004-shared-rate-budget': sharedBudget,
  '20261205T0005-run-lifecycle': runLifecycle,
  '20261206T0301-notifications-sharing-history': world,
  '20261206T1101-long-runs': longRuns,
  '20261206T1201-library-versions': libraryVersions,
  '20261206T1301-stacks': stacks,
  '20261206T1401-stats-unobtainable-dlc': stats,
  '20261206T1501-picker-counts-index': pickerCounts,
  '20261206T1601-profile-snapshots': profileSnapshots,
  '20261206T1602-dlc-complete-index': dlcComplete,
  '20261206T1701-profile-snapshot-maker': snapshotMaker,
};

export interface Store {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** Resolves when the database answers a query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens a store from a database URL: `postgres://…` or `postgresql://…` for PostgreSQL,
 * `sqlite:PATH`, a file path, or `:memory:` for SQLite. Runs pending migrations.
 */
export async function openStore(url: string): Promise<Store> {
  let db: Kysely<Database>;
  let dialect: Store['dialect'];
  if (/^postgres(ql)?:\/\//.test(url)) {
    dialect = 'postgres';
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection the server drops (restart, failover) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    dialect = 'sqlite';
    const file = url.replace(/^sqlite:/, '');
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sqlite = new SqliteDatabase(file);
    // WAL lets readers work while a sync writes; foreign keys are off by default in SQLite.
    sqlite.pragma('journal_mode = WAL');
    // In WAL mode NORMAL never corrupts the file; a power cut may lose the last commits, which the next sync refetches.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  }
  const { error, results } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`The database migration "${failed}" failed: ${(error as Error).message}`);
  }
  const ping = async () => {
    await sql`select 1`.execute(db);
  };
  return { db, dialect, ping, close: () => db.destroy() };
}
