/** A user's imported PSN data: titles, trophies and sync runs (wiped on request at disconnect). */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export class UserDataRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Deletes everything imported for a user, in one transaction. */
  async wipe(userId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_trophies').where('user_id', '=', userId).execute();
      await trx.deleteFrom('user_titles').where('user_id', '=', userId).execute();
      await trx.deleteFrom('sync_runs').where('user_id', '=', userId).execute();
    });
  }
}
