import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dialect, type TestStore, dialects, freshStore } from '../../test/stores.ts';
import { openStore, type Store } from '../db/database.ts';
import { BudgetRepository } from './budget.repository.ts';

describe.each(dialects)('the rate budget in the store on %s', (dialect: Dialect) => {
  let store: TestStore;
  let second: Store;
  beforeAll(async () => {
    store = await freshStore(dialect);
    // A second connection pool to the same database, as another process would have. (SQLite's
    // driver waits for a lock synchronously, so two connections in one process would deadlock: one
    // process shares one connection there, and its transactions serialize all the same.)
    second = dialect === 'postgres' ? await openStore(store.url) : { ...store, close: async () => {} };
  });
  afterAll(async () => {
    await second.close();
    await store.dispose();
  });

  it('never lets two processes together take more than the limit in a window', async () => {
    const a = new BudgetRepository(store.db, store.dialect);
    const b = new BudgetRepository(second.db, second.dialect);
    const now = 1_000_000;
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).take('acct', now + i, 25, 60_000)));
    expect(results.filter((r) => r.ok)).toHaveLength(25);
    // The first send leaves the window 60 s after it was made.
    const refused = results.find((r) => !r.ok);
    expect(refused).toEqual({ ok: false, retryAt: expect.any(Number) });
    expect(await a.remaining('acct', now + 100, 25, 60_000)).toBe(0);
    expect(await b.remaining('other', now + 100, 25, 60_000)).toBe(25);
    // Once the window has moved on, sends are free again (and the old ones are forgotten).
    expect(await a.take('acct', now + 70_000, 25, 60_000)).toEqual({ ok: true });
    expect(await b.remaining('acct', now + 70_000, 25, 60_000)).toBe(24);
    // What the metrics read: every key's spending in one query.
    await a.block('blocked', now + 90_000);
    expect(await a.spentByKey(now + 70_000, 60_000, 25)).toEqual(
      new Map([
        ['acct', 1],
        ['blocked', 25],
      ]),
    );
  });

  it('says when the next request may go, and honours a 429 block across processes', async () => {
    const a = new BudgetRepository(store.db, store.dialect);
    const b = new BudgetRepository(second.db, second.dialect);
    expect(await a.take('k', 0, 2, 1000)).toEqual({ ok: true });
    expect(await a.take('k', 10, 2, 1000)).toEqual({ ok: true });
    expect(await b.take('k', 20, 2, 1000)).toEqual({ ok: false, retryAt: 1000 });
    await a.block('k', 5000);
    await b.block('k', 3000);
    expect(await b.take('k', 2000, 2, 1000)).toEqual({ ok: false, retryAt: 5000 });
    expect(await b.remaining('k', 2000, 2, 1000)).toBe(0);
    expect(await b.take('k', 5001, 2, 1000)).toEqual({ ok: true });
  });
});
