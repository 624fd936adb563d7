import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStore, type TestStore } from '../../test/stores.ts';
import { inTransaction } from './in-transaction.ts';

describe('a transaction PostgreSQL aborts for a deadlock', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await freshStore('postgres');
    await sql`create table probe (id int primary key, n int not null)`.execute(store.db);
    await sql`insert into probe values (1, 0), (2, 0)`.execute(store.db);
  });
  afterAll(() => store?.dispose());

  it('runs again from the start: both colliding writers commit, each once', async () => {
    // Two writers lock the rows in opposite orders, each waiting until the other holds its first row.
    let arrived = 0;
    let release!: () => void;
    const bothHoldOne = new Promise<void>((resolve) => {
      release = resolve;
    });
    const attempts = { a: 0, b: 0 };
    const writer = (name: 'a' | 'b', first: number, second: number) =>
      inTransaction(store.db, async (trx) => {
        attempts[name]++;
        await sql`update probe set n = n + 1 where id = ${first}`.execute(trx);
        if (++arrived === 2) release();
        await bothHoldOne;
        await sql`update probe set n = n + 1 where id = ${second}`.execute(trx);
      });
    await Promise.all([writer('a', 1, 2), writer('b', 2, 1)]);
    // One of them was the deadlock's victim and ran twice; its first run left nothing behind.
    expect(attempts.a + attempts.b).toBe(3);
    const rows = await sql<{ id: number; n: number }>`select id, n from probe order by id`.execute(store.db);
    expect(rows.rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });
});
