/** App users (sign-up and sessions come with the HTTP API). */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export class UsersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(name: string, now: Date): Promise<{ id: string; name: string }> {
    const user = { id: randomUUID(), name, created_at: now.toISOString() };
    await this.db.insertInto('users').values(user).execute();
    return { id: user.id, name };
  }

  get(id: string) {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
