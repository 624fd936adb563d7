import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@trophyroom/server';
import { afterAll, describe, expect, it } from 'vitest';
// The server's test helper: a fresh database on the test run's PostgreSQL server.
import { type TestStore, freshStore } from '../../server/test/stores.ts';
import { runCli } from './harness.ts';

describe('trophyroom migrate', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'trophyroom-migrate-'));
  let target: TestStore | undefined;
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await target?.dispose();
  });

  it('copies a SQLite instance into an empty PostgreSQL database, and refuses one that is not empty', async () => {
    const file = join(dir, 'trophyroom.db');
    const store = await openStore(file);
    await store.db.insertInto('users').values({ id: 'u1', name: 'ana', created_at: new Date().toISOString(), password_hash: null }).execute();
    await store.db.insertInto('settings').values({ key: 'signup', value: 'closed' }).execute();
    await store.close();
    target = await freshStore('postgres');
    const to = target.url;

    const run = await runCli(['migrate', '--from', file, '--to', to, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ users: 1, settings: 1, user_titles: 0 });
    expect(run.stderr).toContain('users: 1 rows');

    const again = await runCli(['migrate', '--from', file, '--to', to]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not empty/);
    expect((await runCli(['migrate', '--from', file])).code).toBe(2);
  });
});
