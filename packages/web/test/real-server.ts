/**
 * The real stack the browser specs drive: the PSN simulator, the real server (`startServer` from
 * @trophyroom/server, in process, on a fresh SQLite folder, serving a fresh build of the UI) and
 * headless Chromium with one page whose errors are watched; and, for the specs that start from a
 * library, an account signed up, connected and imported through the API.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type RunningServer, type StartOptions, startServer } from '@trophyroom/server';
import { type Simulator, type SimulatorOptions, createSimulator } from 'psn-sim';
import { expect } from 'vitest';
import type { Run } from '../src/api/types.ts';
import { launch, newContext, watchErrors } from './browser.ts';
import { buildUi } from './static-files.ts';

export interface RealServerOptions {
  /** Names the temporary data folder: `trophyroom-web-<name>-…`. */
  name: string;
  /** The simulated PSN world. */
  sim: SimulatorOptions;
  /**
   * Runs the simulator's clock from this instant (so "recently played" means what the seed meant)
   * and has the server follow it, so moving the simulator's clock moves the server's.
   * @default the simulator's own clock, and the server on Date.now
   */
  startsAt?: number;
  /** More options for the server (its Sony budget, say). */
  server?: StartOptions;
}

export interface RealServer {
  sim: Simulator;
  simUrl: string;
  app: RunningServer;
  /** The server's address; the browser context's base URL. */
  url: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The page's uncaught errors and console errors (see `watchErrors`). */
  errors: string[];
  /** Closes the browser, the server and the simulator, and removes the build and the data folder. */
  close(): Promise<void>;
}

export async function startRealServer(options: RealServerOptions): Promise<RealServer> {
  const started = Date.now();
  const startsAt = options.startsAt;
  const sim = createSimulator(startsAt === undefined ? options.sim : { ...options.sim, clock: () => startsAt + (Date.now() - started) });
  let app: RunningServer | undefined;
  let browser: Browser | undefined;
  let dist: string | undefined;
  let dataDir: string | undefined;
  const close = async () => {
    await browser?.close();
    await app?.close();
    await sim.close();
    for (const dir of [dist, dataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const simUrl = await sim.listen(0);
    dataDir = mkdtempSync(join(tmpdir(), `trophyroom-web-${options.name}-`));
    [dist, browser] = await Promise.all([buildUi(), launch()]);
    app = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      psnBaseUrl: simUrl,
      webDir: dist,
      ...(startsAt === undefined ? {} : { now: () => sim.clock.now() }),
      workerPollMs: 50,
      eventPollMs: 100,
      logLevel: 'silent',
      env: {},
      ...options.server,
    });
    const url = app.url as string;
    const context = await newContext(browser, { baseURL: url });
    const page = await context.newPage();
    return { sim, simUrl, app, url, browser, context, page, errors: watchErrors(page), close };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

/**
 * Signs up, connects the simulator's first account and imports its whole library through the API
 * (the journey spec covers doing it by hand), then waits until `finished` says the import's run is done.
 */
export async function importLibrary(world: RealServer, username: string, finished: (run: Run | undefined) => boolean): Promise<void> {
  const { page } = world;
  const post = (path: string, data: unknown) => page.request.post(path, { data, headers: { origin: world.url } });
  expect((await post('/api/auth/signup', { username, password: 'a long enough password' })).status()).toBe(201);
  expect((await post('/api/connections/psn', { npsso: world.sim.credentialsOf(0).npsso })).status()).toBe(201);
  await until(async () => (await (await page.request.get('/api/psn/titles?limit=1')).json()).state === 'ready');
  const { ids } = await (await page.request.get('/api/psn/titles/ids')).json();
  const { jobId } = await (await post('/api/psn/import', { npCommunicationIds: ids })).json();
  await until(async () => finished((await (await page.request.get(`/api/sync/runs?jobId=${jobId}`)).json()).items[0]));
}

/** Polls `check` until it holds, or fails after a minute (set-up runs outside a test, where `expect.poll` is not allowed). */
async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the server never got there');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
