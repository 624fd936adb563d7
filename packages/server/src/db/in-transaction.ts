/**
 * Runs work in a transaction, or inside the one the executor already is: repositories built on a
 * transaction (`new LibraryRepository(trx, …)`) join it, so several repositories' writes commit
 * together (a title's definitions and its earned trophies).
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

export function inTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}
