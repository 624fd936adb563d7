/** App users: names unique regardless of case, an optional password hash, the admin flag. */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database, User } from '../db/schema.ts';

export class UsersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates a user; throws the database's unique-violation error when the name is taken. */
  async create(name: string, now: Date, options: { passwordHash?: string; admin?: boolean } = {}): Promise<User> {
    const user = { id: randomUUID(), name, created_at: now.toISOString(), password_hash: options.passwordHash ?? null, admin: options.admin ? 1 : 0 };
    await this.db.insertInto('users').values(user).execute();
    return user;
  }

  get(id: string): Promise<User | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byName(name: string): Promise<User | undefined> {
    return this.db.selectFrom('users').selectAll().where(sql<string>`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
