/**
 * A real server for the commands that talk to one (`stats`, `stacks`, `library`): `startServer`
 * in process on a fresh data folder, a user signed up with a personal API token, and the
 * simulator's first library connected and imported through the API.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, startServer } from '@trophyroom/server';
import { type Simulator, type SimulatorOptions, createSimulator } from 'psn-sim';
import { expect } from 'vitest';

/** Signs a user up on a server and returns a personal API token for scripts, and the session cookie. */
export async function tokenFor(url: string, username: string): Promise<{ token: string; cookie: string }> {
  const signup = await fetch(`${url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username, password: 'a long enough password' }),
  });
  expect(signup.status).toBe(201);
  const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const created = await fetch(`${url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie },
    body: JSON.stringify({ name: 'cli' }),
  });
  return { token: ((await created.json()) as { token: string }).token, cookie };
}

/**
 * Connects the account of `npsso` for the signed-in user and imports every title, polling the run
 * every 50 ms until it has stopped running (at most `polls` times; the tests then read what is there).
 */
export async function importLibrary(url: string, cookie: string, npsso: string, polls = 400): Promise<void> {
  const headers = { 'content-type': 'application/json', origin: url, cookie };
  await fetch(`${url}/api/connections/psn`, { method: 'POST', headers, body: JSON.stringify({ npsso }) });
  let ids: string[] = [];
  for (let i = 0; i < 200 && ids.length === 0; i++) {
    ids = ((await (await fetch(`${url}/api/psn/titles/ids`, { headers })).json()) as { ids: string[] }).ids;
    if (ids.length === 0) await new Promise((r) => setTimeout(r, 50));
  }
  const { jobId } = (await (await fetch(`${url}/api/psn/import`, { method: 'POST', headers, body: JSON.stringify({ npCommunicationIds: ids }) })).json()) as {
    jobId: string;
  };
  for (let i = 0; i < polls; i++) {
    const runs = (await (await fetch(`${url}/api/sync/runs?jobId=${jobId}`, { headers })).json()) as { items: Array<{ state: string }> };
    if (runs.items[0] && runs.items[0].state !== 'running') break;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface LibraryServerOptions {
  /** The simulated PSN world; its first account's library is imported. */
  sim: SimulatorOptions;
  /** Names the temporary data folder: `trophyroom-<name>-…`. */
  name: string;
  username: string;
  /** The server reads the simulator's clock. @default false (Date.now) */
  followSimClock?: boolean;
  /** How many times the import's run is polled, 50 ms apart. @default 400 */
  polls?: number;
  /** The server's PSN budget (a library past Sony's 300 requests needs more, with the simulator's limit raised too). */
  psnBudget?: { limit: number; windowMs: number };
}

export interface LibraryServer {
  sim: Simulator;
  server: RunningServer;
  url: string;
  /** The user's personal API token (`TROPHYROOM_TOKEN`). */
  token: string;
  /** The server's data folder, removed on close (a test may write its files there). */
  dir: string;
  /** Closes the server and the simulator and removes the data folder. */
  close(): Promise<void>;
}

export async function startLibraryServer(options: LibraryServerOptions): Promise<LibraryServer> {
  const sim = createSimulator(options.sim);
  const dir = mkdtempSync(join(tmpdir(), `trophyroom-${options.name}-`));
  const simUrl = await sim.listen(0);
  const server = await startServer({
    port: 0,
    logLevel: 'silent',
    env: {},
    psnBaseUrl: simUrl,
    workerPollMs: 20,
    dataDir: dir,
    ...(options.followSimClock ? { now: () => sim.clock.now() } : {}),
    ...(options.psnBudget ? { psnOptions: { budget: options.psnBudget } } : {}),
  });
  const url = server.url as string;
  const close = async () => {
    await Promise.all([server.close(), sim.close()]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const { token, cookie } = await tokenFor(url, options.username);
    await importLibrary(url, cookie, sim.npssoOf(0), options.polls);
    return { sim, server, url, token, dir, close };
  } catch (error) {
    await close();
    throw error;
  }
}
