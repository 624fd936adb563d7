/**
 * Moves an instance from SQLite to PostgreSQL (`trophyroom migrate --from <sqlite> --to
 * postgres://…`): both stores are migrated to the latest schema, then every table is copied in
 * batches inside one PostgreSQL transaction (a failure leaves the target as it was), and the row
 * counts are compared table by table. The target must be empty. Values need no conversion: times
 * are ISO text, flags integers and ids text in both dialects.
 * @module
 */
import { type Kysely, sql } from 'kysely';
import { openStore } from './database.ts';
import type { Database } from './schema.ts';

/** Every table, parents before children (`users` and `webhooks` are referenced). */
export const storeTables = [
  'users',
  'sessions',
  'api_tokens',
  'settings',
  'psn_connections',
  'titles',
  'title_groups',
  'trophy_definitions',
  'user_titles',
  'user_trophies',
  'jobs',
  'sync_runs',
  'psn_budget_sends',
  'psn_budget_blocks',
  'webhooks',
  'webhook_deliveries',
  'profile_shares',
  'token_grants',
  // Copied too: the target's triggers then only move versions forward, so no tag a browser holds comes back.
  'library_versions',
  'unobtainable_trophies',
  // Not `profile_snapshots`: a cache, made again on the first view (the copied versions have moved on anyway).
] as const satisfies ReadonlyArray<keyof Database>;

export type StoreTable = (typeof storeTables)[number];

export interface CopyStoreOptions {
  /** The SQLite store: `sqlite:PATH` or a file path. */
  from: string;
  /** The PostgreSQL store: `postgres://…`. */
  to: string;
  /** Called after each table with its row count. */
  onTable?: (table: StoreTable, rows: number) => void;
  /** Rows per read and per insert (capped so one insert stays under PostgreSQL's 65,535 parameters). @default 1000 */
  batchSize?: number;
}

export class CopyStoreError extends Error {
  override readonly name = 'CopyStoreError';
}

/** Copies every row of a SQLite store into an empty PostgreSQL store; returns the rows per table. */
export async function copyStore(options: CopyStoreOptions): Promise<Record<StoreTable, number>> {
  if (!/^postgres(ql)?:\/\//.test(options.to)) throw new CopyStoreError(`The target "${options.to}" is not a postgres:// URL.`);
  if (/^postgres(ql)?:\/\//.test(options.from)) throw new CopyStoreError(`The source "${options.from}" must be a SQLite file (sqlite:PATH or a path).`);
  const from = await openStore(options.from);
  try {
    const to = await openStore(options.to);
    try {
      for (const table of storeTables) {
        const row = await to.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow();
        if (Number(row.n) > 0) throw new CopyStoreError(`The target database is not empty (${table} has ${row.n} rows): migrate into a new database.`);
      }
      const counts = {} as Record<StoreTable, number>;
      await to.db.transaction().execute(async (trx) => {
        for (const table of storeTables) {
          counts[table] = await copyTable(from.db, trx, table, options.batchSize ?? 1000);
          options.onTable?.(table, counts[table]);
        }
      });
      for (const table of storeTables) {
        const row = await to.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow();
        if (Number(row.n) !== counts[table]) throw new CopyStoreError(`${table}: copied ${counts[table]} rows but the target holds ${row.n}.`);
      }
      return counts;
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}

async function copyTable(from: Kysely<Database>, to: Kysely<Database>, table: StoreTable, batchSize: number): Promise<number> {
  let last = 0;
  let copied = 0;
  for (;;) {
    // Paged by SQLite's rowid: each page is one indexed range read, however large the table.
    const { rows } = await sql<
      Record<string, unknown> & { __rowid: number }
    >`select rowid as __rowid, * from ${sql.table(table)} where rowid > ${last} order by rowid limit ${batchSize}`.execute(from);
    if (rows.length === 0) return copied;
    last = rows[rows.length - 1]?.__rowid ?? last;
    const values = rows.map(({ __rowid: _, ...row }) => row);
    const columns = Object.keys(values[0] ?? {}).length || 1;
    const perInsert = Math.max(1, Math.floor(60_000 / columns));
    for (let i = 0; i < values.length; i += perInsert) {
      await to
        .insertInto(table)
        .values(values.slice(i, i + perInsert) as never)
        .execute();
    }
    copied += rows.length;
  }
}
