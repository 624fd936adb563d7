// CI's canary: the run's real PostgreSQL server is up (so the failures above happened with it started).
import pg from 'pg';
import { expect, inject, it } from 'vitest';

it('reaches the PostgreSQL server of the test run', async () => {
  const client = new pg.Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  const { rows } = await client.query<{ one: number }>('select 1 as one');
  await client.end();
  expect(rows[0]?.one).toBe(1);
});
