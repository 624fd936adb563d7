/**
 * An import that takes hours, in headless Chromium against the real server (in process, on a
 * fresh SQLite folder) and the PSN simulator with Sony's limit made small (40 requests per 15
 * minutes, in the simulator and in the server's budget): the import spends the window at once,
 * then the page says how long the rest takes at the budget's pace, and that it resumes by
 * itself; the import is paused and resumed from the page, and a game is put first.
 */
import type { Page } from 'playwright-core';
import type { Simulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../src/api/types.ts';
import { shot } from './browser.ts';
import { type RealServer, startRealServer } from './real-server.ts';

const LIMIT = { limit: 40, windowMs: 900_000 };

describe('a long import against the real server, at a small Sony limit', { timeout: 120_000 }, () => {
  let world: RealServer;
  let sim: Simulator;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    world = await startRealServer({
      name: 'long-import',
      sim: { seed: 12, accounts: 2, titles: 120, rateLimit: LIMIT, privateRate: 0 },
      server: { psnOptions: { budget: LIMIT } },
    });
    ({ sim, page, errors } = world);
  }, 120_000);

  afterAll(() => world?.close());

  const latestRun = async (): Promise<Run> => {
    const response = await page.request.get('/api/sync/runs?limit=1');
    return ((await response.json()) as { items: Run[] }).items[0] as Run;
  };

  it('shows the time left from the budget’s pace while the import waits for Sony’s window, and that it resumes by itself', async () => {
    await page.goto('/signup');
    await page.getByLabel('Username').fill('hunter');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Connected accounts' }).waitFor();
    await page.getByRole('button', { name: 'Connect PlayStation' }).click();
    await page.getByLabel('NPSSO').fill(sim.credentialsOf(0).npsso);
    await page.getByRole('button', { name: 'Verify & connect' }).click();
    await page.getByRole('heading', { name: 'Pick games to import' }).waitFor();
    await page.locator('.pick').first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Select all' }).click();
    await page.getByRole('button', { name: /^Import \d+ games$/ }).click();

    // The window is spent in seconds; then every request waits its turn (40 per 15 minutes: about 23 s each).
    // Once the window is spent, the estimate is the requests still needed at the budget's pace, not titles per second.
    const perRequest = (LIMIT.windowMs + 15_000) / LIMIT.limit / 1000;
    await expect
      .poll(async () => latestRun(), { timeout: 60_000, interval: 200 })
      .toSatisfy(
        (run: Run) =>
          run?.kind === 'import' &&
          run.state === 'running' &&
          run.remainingRequests > 0 &&
          run.estimatedSecondsLeft === Math.ceil(run.remainingRequests * perRequest),
      );
    const run = await latestRun();
    expect(run.estimatedSecondsLeft).toBeGreaterThan(3600);
    expect(run.remainingRequests).toBeGreaterThanOrEqual(run.total - run.done);
    const hours = Math.round((run.estimatedSecondsLeft ?? 0) / 3600);
    const line = page.locator('.run__line--left');
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toBe(`About ${hours} h left, resumes by itself.`);
    // The README's picture: the estimate during a long import, real server and simulator.
    await shot(page, 'real-long-import', { docs: 'long-import.png' });

    await page.getByRole('button', { name: 'Pause import' }).click();
    await expect.poll(() => line.textContent()).toMatch(/^Paused at \d+ of \d+ games; nothing is fetched until you resume\.$/);
    expect((await latestRun()).state).toBe('paused');
    await page.getByRole('button', { name: 'Resume import' }).click();
    await expect.poll(() => line.textContent()).toMatch(/^About \d+ h left, resumes by itself\.$/);
    expect((await latestRun()).state).toBe('running');
    // "This game first": the last game of the list goes to the front of the import.
    const last = page.locator('.pick').last();
    const lastId = await last.getAttribute('data-id');
    await last.getByRole('button', { name: 'Import first' }).click();
    await expect.poll(async () => (await latestRun()).priority).toEqual([lastId]);
    expect(errors).toEqual([]);
  });
});
