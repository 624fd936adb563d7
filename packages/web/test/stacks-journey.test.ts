/**
 * Stacks and artwork end to end, in headless Chromium, against the real server and the PSN
 * simulator: a library whose PS4 and PS5 lists of one game are stacked (their trophy sets match),
 * one card with every version's progress, icons served from our own origin under the CSP
 * (`img-src 'self'`, no request to any other host), a game page listing its siblings, a split, a
 * join refused for an unknown id in plain words, and a join by hand.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StacksPage } from '../src/api/types.ts';
import { shot } from './browser.ts';
import { type RealServer, importLibrary, startRealServer } from './real-server.ts';

describe('stacks and artwork against the real server and the PSN simulator', { timeout: 120_000 }, () => {
  let world: RealServer;
  let page: Page;
  let errors: string[];
  const requested: string[] = [];

  beforeAll(async () => {
    // Seed 7's first account owns the PS4 and PS5 lists of a few games.
    world = await startRealServer({ name: 'stacks', sim: { seed: 7, accounts: 2, titles: 24, rateLimit: false } });
    ({ page, errors } = world);
    page.on('request', (request) => requested.push(request.url()));
    await importLibrary(world, 'stacker', (run) => run !== undefined && run.state !== 'running');
  }, 120_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page)
      await shot(page, `stacks-failed-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`, { fullPage: true }).catch(() => {});
  });

  afterAll(() => world?.close());

  const stacks = async () => (await (await page.request.get('/api/stacks?limit=100')).json()) as StacksPage;

  /** Waits until every image on the page has loaded from our origin (no broken icon). */
  const iconsLoaded = async (selector: string) => {
    await expect
      .poll(() => page.locator(selector).evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)), {
        timeout: 15_000,
      })
      .not.toContain(false);
  };

  it('shows each stack as one card with its versions and their progress, icons from our own origin', async () => {
    const answer = await stacks();
    expect(answer.total).toBeGreaterThan(0);
    await page.goto('/');
    await page.getByRole('heading', { name: /Stacks/ }).waitFor();
    const cards = page.locator('.stack-card');
    await expect.poll(() => cards.count()).toBe(answer.items.length);
    const first = answer.items[0]!;
    const card = cards.first();
    expect(await card.locator('h3').textContent()).toBe(first.name);
    for (const v of first.versions) {
      await card.getByRole('progressbar', { name: `${v.platforms.join('/')} progress` }).waitFor();
      expect(await card.getByRole('progressbar', { name: `${v.platforms.join('/')} progress` }).getAttribute('aria-valuenow')).toBe(String(v.progress));
    }
    await card.scrollIntoViewIfNeeded();
    await iconsLoaded('.stack-card img.icon');
    expect(await page.locator('.stack-card .icon--empty').count()).toBe(0);
    await page.locator('.stacks').scrollIntoViewIfNeeded();
    await shot(page, 'real-stacks-library', { docs: 'stacks.png' });
    // Every icon came from the server itself: the browser never asked Sony or the simulator.
    const origin = new URL(world.url).origin;
    expect(requested.filter((url) => !url.startsWith(origin))).toEqual([]);
    expect(requested.some((url) => url.startsWith(`${origin}/api/images/`))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('lists a game’s other versions on its page; splits it off, refuses an unknown id in plain words, and joins by hand', async () => {
    const stack = (await stacks()).items[0]!;
    const [here, sibling] = stack.versions as [(typeof stack.versions)[0], (typeof stack.versions)[0]];
    await page.goto(`/games/${here.npCommunicationId}`);
    await page.getByRole('heading', { name: 'Versions of this game' }).waitFor();
    const panel = page.locator('.stack-panel');
    await panel.getByRole('link', { name: `${sibling.platforms.join('/')} version` }).waitFor();
    expect(await panel.locator('[aria-current="page"]').count()).toBe(1);
    await iconsLoaded('.game-detail__head img.icon, .stack-panel img.icon');
    await page.locator('.trophy img.icon').first().scrollIntoViewIfNeeded();
    await iconsLoaded('.trophy:nth-child(-n+3) img.icon');
    await page.locator('.game-detail__head').scrollIntoViewIfNeeded();
    await shot(page, 'real-stacks-game', { docs: 'stack-game.png' });

    await panel.getByRole('button', { name: 'Split this list from the stack' }).click();
    await panel.getByText('Split off: this list now stands alone.').waitFor();
    expect((await stacks()).items.some((s) => s.versions.some((v) => v.npCommunicationId === here.npCommunicationId))).toBe(false);

    const field = panel.getByLabel('Stack with another list (its id, NPWR…)');
    await field.fill('NPWR99999_00');
    await panel.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => panel.getByRole('alert').textContent()).toContain('Not in your library: NPWR99999_00');
    expect((await stacks()).items.some((s) => s.versions.some((v) => v.npCommunicationId === here.npCommunicationId))).toBe(false);

    await field.fill(sibling.npCommunicationId);
    await panel.getByRole('button', { name: 'Join' }).click();
    await panel.getByText('Joined by hand.').waitFor();
    await panel.getByText('Stacked by hand.').waitFor();
    const joined = (await stacks()).items.find((s) => s.versions.some((v) => v.npCommunicationId === here.npCommunicationId));
    expect(joined?.joinedByHand).toBe(true);
    expect(joined?.versions.map((v) => v.npCommunicationId).sort()).toEqual([here.npCommunicationId, sibling.npCommunicationId].sort());
    expect(errors).toEqual([]);
  });
});
