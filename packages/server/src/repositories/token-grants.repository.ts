/** What Sony granted on every link (an NPSSO exchanged) and every refresh: the lifetimes it stated and when. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface TokenGrant {
  kind: 'link' | 'refresh';
  grantedAt: string;
  /** The refresh token's life in seconds as Sony stated it (after a refresh: what was left). */
  refreshLifetimeS: number | null;
  accessLifetimeS: number | null;
  refreshExpiresAt: string;
}

/** Grants kept per user (a daily sync refreshes about once a day). */
const KEEP = 100;

export class TokenGrantsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async record(userId: string, grant: TokenGrant): Promise<void> {
    await this.db
      .insertInto('token_grants')
      .values({
        user_id: userId,
        kind: grant.kind,
        granted_at: grant.grantedAt,
        refresh_lifetime_s: grant.refreshLifetimeS,
        access_lifetime_s: grant.accessLifetimeS,
        refresh_expires_at: grant.refreshExpiresAt,
      })
      .execute();
    const old = await this.db
      .selectFrom('token_grants')
      .select('granted_at')
      .where('user_id', '=', userId)
      .orderBy('granted_at', 'desc')
      .offset(KEEP)
      .limit(1)
      .executeTakeFirst();
    if (old) await this.db.deleteFrom('token_grants').where('user_id', '=', userId).where('granted_at', '<=', old.granted_at).execute();
  }

  /** The user's grants, newest first. */
  async list(userId: string, limit = 20): Promise<TokenGrant[]> {
    const rows = await this.db.selectFrom('token_grants').selectAll().where('user_id', '=', userId).orderBy('granted_at', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      kind: r.kind as TokenGrant['kind'],
      grantedAt: r.granted_at,
      refreshLifetimeS: r.refresh_lifetime_s,
      accessLifetimeS: r.access_lifetime_s,
      refreshExpiresAt: r.refresh_expires_at,
    }));
  }
}
