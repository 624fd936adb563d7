/**
 * Reuses prepared SQLite statements: Kysely prepares every query it runs, and preparing costs
 * more than running the small indexed reads the API makes. Kysely's SQLite driver runs one query
 * at a time on its one connection, so a cached statement is never in use twice at once.
 * @module
 */
import type { Database as BetterSqlite, Statement } from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

export function withStatementCache(db: BetterSqlite, size = 256): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        // Most recently used last: the first entry is the one to drop.
        cache.delete(sql);
      } else {
        statement = db.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
