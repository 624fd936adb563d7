/**
 * Starts one real PostgreSQL server for the whole test run and provides its URL to the tests;
 * each suite then creates its own database on it. Set `TROPHYROOM_TEST_POSTGRES_URL` to use a
 * server of your own instead.
 */
import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.TROPHYROOM_TEST_POSTGRES_URL;
  if (external) {
    project.provide('postgresUrl', external);
    return async () => {};
  }
  const server = await startPostgresServer();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
