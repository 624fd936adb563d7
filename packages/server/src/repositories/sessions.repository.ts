/** Browser sessions and personal API tokens, both kept as SHA-256 hashes of the secret. */
import type { Kysely } from 'kysely';
import type { ApiToken, Database, User } from '../db/schema.ts';

export class SessionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(session: { idHash: string; userId: string; createdAt: string; expiresAt: string }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ id_hash: session.idHash, user_id: session.userId, created_at: session.createdAt, expires_at: session.expiresAt })
      .execute();
  }

  /** The user of a live session. */
  userOf(idHash: string, now: string): Promise<User | undefined> {
    return this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .where('sessions.id_hash', '=', idHash)
      .where('sessions.expires_at', '>', now)
      .executeTakeFirst();
  }

  async delete(idHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
  }

  async deleteExpired(now: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }
}

export class ApiTokensRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(token: { id: string; userId: string; name: string; tokenHash: string; createdAt: string }): Promise<void> {
    await this.db
      .insertInto('api_tokens')
      .values({ id: token.id, user_id: token.userId, name: token.name, token_hash: token.tokenHash, created_at: token.createdAt, last_used_at: null })
      .execute();
  }

  list(userId: string): Promise<ApiToken[]> {
    return this.db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
  }

  /** Deletes one of the user's tokens; false when it is not theirs or does not exist. */
  async delete(userId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('api_tokens').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  userOf(tokenHash: string): Promise<(User & { token_id: string; token_last_used_at: string | null }) | undefined> {
    return this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .selectAll('users')
      .select(['api_tokens.id as token_id', 'api_tokens.last_used_at as token_last_used_at'])
      .where('api_tokens.token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  async touch(id: string, now: string): Promise<void> {
    await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
  }
}

export class SettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
}
