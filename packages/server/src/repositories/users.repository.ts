/**
 * App users: names unique regardless of case, an optional password hash, the admin flag. The
 * first admin is decided by the database: the settings row `admin` is claimed in the transaction
 * that creates the user, so of sign-ups racing on a fresh instance (in any number of processes)
 * exactly one becomes the admin.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database, User } from '../db/schema.ts';

/** The settings key whose row names the instance's first admin. */
export const ADMIN_CLAIM = 'admin';

export class UsersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates a user; throws the database's unique-violation error when the name is taken. */
  async create(name: string, now: Date, options: { passwordHash?: string; admin?: boolean } = {}): Promise<User> {
    const user = { id: randomUUID(), name, created_at: now.toISOString(), password_hash: options.passwordHash ?? null, admin: options.admin ? 1 : 0 };
    await this.db.insertInto('users').values(user).execute();
    return user;
  }

  /**
   * Creates a user who becomes the admin when the instance has none yet. The claim is one
   * statement on the settings table's primary key (`ON CONFLICT DO NOTHING`): a racing sign-up
   * waits for the winner's commit and then finds the key taken. A failed insert of the user (a
   * taken name) rolls the claim back. Instances from before the claim existed have an admin
   * user, which the `not exists` keeps from being claimed again.
   */
  async createClaimingAdmin(name: string, now: Date, passwordHash: string): Promise<User> {
    return this.db.transaction().execute(async (trx) => {
      const id = randomUUID();
      const claim = await trx
        .insertInto('settings')
        .columns(['key', 'value'])
        .expression(
          trx
            .selectNoFrom([sql<string>`cast(${ADMIN_CLAIM} as text)`.as('key'), sql<string>`cast(${id} as text)`.as('value')])
            .where(({ not, exists, selectFrom }) => not(exists(selectFrom('users').select('id').where('admin', '=', 1)))),
        )
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      const admin = Number(claim.numInsertedOrUpdatedRows ?? 0) > 0;
      const user = { id, name, created_at: now.toISOString(), password_hash: passwordHash, admin: admin ? 1 : 0 };
      await trx.insertInto('users').values(user).execute();
      return user;
    });
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
