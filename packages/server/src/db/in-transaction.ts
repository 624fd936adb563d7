/**
 * Runs work in a transaction, or inside the one the executor already is: repositories built on a
 * transaction (`new LibraryRepository(trx, …)`) join it, so several repositories' writes commit
 * together (a title's definitions and its earned trophies).
 *
 * A transaction PostgreSQL ends for a deadlock or a serialization failure is run again from the
 * start (its work rolled back, so nothing is done twice): PostgreSQL picks one of two colliding
 * transactions to abort and expects the application to retry it. Workers saving the same title's
 * definitions for two accounts at once can collide so.
 * @module
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** PostgreSQL's `deadlock_detected` and `serialization_failure`: the transaction may be run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 5;

export async function inTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  // Inside a transaction already: the outermost one is what runs again.
  if (db.isTransaction) return work(db as Transaction<Database>);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (attempt >= ATTEMPTS || !RETRYABLE.has((error as { code?: unknown }).code as string)) throw error;
      // A short, growing, jittered pause, so the two do not collide again at once.
      await new Promise((resolve) => setTimeout(resolve, attempt * 20 + Math.random() * 20));
    }
  }
}
