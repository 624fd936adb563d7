/** PSN connections: one per app user, tokens only as vault ciphertext. */
import type { Kysely } from 'kysely';
import type { Database, NewPsnConnection, PsnConnection, PsnConnectionUpdate } from '../db/schema.ts';

export class ConnectionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  get(userId: string): Promise<PsnConnection | undefined> {
    return this.db.selectFrom('psn_connections').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  /** Inserts the connection, or replaces the user's previous one (reconnecting replaces the tokens). */
  async upsert(connection: NewPsnConnection): Promise<void> {
    // A reconnect replaces the tokens and the account, but keeps the user's settings (auto-import).
    const { user_id: _userId, auto_import: _autoImport, ...rest } = connection;
    await this.db
      .insertInto('psn_connections')
      .values(connection)
      .onConflict((oc) => oc.column('user_id').doUpdateSet(rest))
      .execute();
  }

  async update(userId: string, changes: PsnConnectionUpdate): Promise<void> {
    await this.db.updateTable('psn_connections').set(changes).where('user_id', '=', userId).execute();
  }

  /** Updates only if the stored refresh token is still `expectedRefreshEnc` (no reconnect or rotation meanwhile). */
  async updateIfUnchanged(userId: string, expectedRefreshEnc: string, changes: PsnConnectionUpdate): Promise<boolean> {
    const r = await this.db
      .updateTable('psn_connections')
      .set(changes)
      .where('user_id', '=', userId)
      .where('refresh_token_enc', '=', expectedRefreshEnc)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async delete(userId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('psn_connections').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Every connection (for key rotation and the daily schedule). */
  /** Account and online ids of the usable connections. */
  active(): Promise<Array<{ account_id: string; online_id: string }>> {
    return this.db.selectFrom('psn_connections').select(['account_id', 'online_id']).where('state', '=', 'active').execute();
  }

  all(): Promise<PsnConnection[]> {
    return this.db.selectFrom('psn_connections').selectAll().orderBy('user_id').execute();
  }
}
