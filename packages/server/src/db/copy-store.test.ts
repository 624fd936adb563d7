import { randomBytes } from 'node:crypto';
import { type Simulator, createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestStore, freshStore } from '../../test/stores.ts';
import { createEngine } from '../engine.ts';
import { BudgetRepository } from '../repositories/budget.repository.ts';
import { ApiTokensRepository, SessionsRepository, SettingsRepository } from '../repositories/sessions.repository.ts';
import { UsersRepository } from '../repositories/users.repository.ts';
import { Vault } from '@trophyroom/vault';
import { CopyStoreError, copyStore, storeTables } from './copy-store.ts';
import type { Store } from './database.ts';

/** Every row of a table, PostgreSQL's bigint text read as numbers, in a stable order. */
async function rowsOf(store: Store, table: (typeof storeTables)[number]): Promise<string[]> {
  const rows = (await store.db.selectFrom(table).selectAll().execute()) as Array<Record<string, unknown>>;
  return rows
    .map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k === 'sent_at' || k === 'blocked_until' ? Number(v) : v]))))
    .sort();
}

describe('copying a SQLite instance into PostgreSQL', () => {
  let sqlite: TestStore;
  let postgres: TestStore;
  let sim: Simulator;
  beforeAll(async () => {
    sqlite = await freshStore('sqlite');
    postgres = await freshStore('postgres');
    sim = createSimulator({ seed: 61, accounts: 3, titles: 25, privateRate: 0 });
  });
  afterAll(async () => {
    await sqlite.dispose();
    await postgres.dispose();
    await sim.close();
  });

  it('preserves every row of every table, and refuses a target that is not empty', { timeout: 60_000 }, async () => {
    const url = await sim.listen(0);
    const engine = createEngine({
      store: sqlite,
      vault: new Vault([randomBytes(32)]),
      psnOptions: { baseUrl: url },
      // A public address for the hook (no delivery runs here: nothing is sent).
      notifications: { resolve: async () => [{ address: '93.184.216.34', family: 4 }] },
    });
    const now = new Date().toISOString();
    for (const [i, name] of ['ana', 'ben'].entries()) {
      const user = await new UsersRepository(sqlite.db).create(name, new Date(), { passwordHash: `scrypt$${name}`, admin: i === 0 });
      await engine.connection.connect(user.id, sim.credentialsOf(i).npsso);
      await engine.picker.refreshTitleList(user.id, { playTimes: true });
      const ids = (await engine.picker.entries(user.id)).map((p) => p.npCommunicationId);
      await engine.picker.pick(user.id, ids.slice(0, 12));
      await engine.library.importTitles(user.id, ids.slice(0, 12));
      await engine.library.sync(user.id);
      await engine.library.requestSync(user.id);
      await new SessionsRepository(sqlite.db).create({ idHash: `h-${name}`, userId: user.id, createdAt: now, expiresAt: now });
      await new ApiTokensRepository(sqlite.db).create({ id: `t-${name}`, userId: user.id, name: 'script', tokenHash: `th-${name}`, createdAt: now });
      const { webhook } = await engine.notifications.create(user.id, { url: `https://hooks.example/${name}`, format: 'json', events: ['trophy.earned'] });
      await engine.notifications.test(user.id, webhook.id);
      await engine.sharing.enable(user.id);
    }
    await new SettingsRepository(sqlite.db).set('signup', 'closed');
    const budget = new BudgetRepository(sqlite.db, 'sqlite');
    await budget.take('acct', Date.now(), 300, 900_000);
    await budget.block('acct', Date.now() + 60_000);

    const before = Object.fromEntries(await Promise.all(storeTables.map(async (t) => [t, await rowsOf(sqlite, t)] as const)));
    for (const table of storeTables) expect(before[table]?.length, table).toBeGreaterThan(0);

    const seen: string[] = [];
    const counts = await copyStore({ from: sqlite.url, to: postgres.url, batchSize: 100, onTable: (t) => seen.push(t) });
    expect(seen).toEqual([...storeTables]);
    for (const table of storeTables) {
      expect(counts[table], table).toBe(before[table]?.length);
      if (table !== 'library_versions') expect(await rowsOf(postgres, table), table).toEqual(before[table]);
    }
    // Library versions only move forward (the target's triggers count the copied rows too): no old ETag comes back.
    const versions = async (store: Store) =>
      new Map((await store.db.selectFrom('library_versions').selectAll().execute()).map((r) => [r.user_id, Number(r.version)]));
    const [source, target] = [await versions(sqlite), await versions(postgres)];
    expect([...target.keys()].sort()).toEqual([...source.keys()].sort());
    for (const [userId, version] of source) expect(target.get(userId)).toBeGreaterThan(version);
    await expect(copyStore({ from: sqlite.url, to: postgres.url })).rejects.toThrow(CopyStoreError);
    await expect(copyStore({ from: sqlite.url, to: sqlite.url })).rejects.toThrow(/not a postgres/);
  });
});
