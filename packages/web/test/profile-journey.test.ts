/**
 * The hunter's pages end to end, in headless Chromium, against the real server (in process, a
 * fresh SQLite folder) and the PSN simulator with a quarter of each library hunted to the
 * platinum: the profile page (level, the numbered platinum cabinet, the calendar and its table by
 * keyboard, months, rarest, platforms, time to platinum) in light and dark, on a phone; a trophy
 * flagged unobtainable from its game ("100 % of obtainable"); the library's DLC filters.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameDetail, GamesPage, Profile } from '../src/api/types.ts';
import { newContext, shot, statValue, watchErrors } from './browser.ts';
import { type RealServer, importLibrary, startRealServer } from './real-server.ts';

const EPOCH = Date.parse('2026-11-01T00:00:00Z');

describe('the profile page, unobtainable trophies and DLC filters against the real server', { timeout: 120_000 }, () => {
  let world: RealServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    world = await startRealServer({ name: 'profile', sim: { seed: 7, accounts: 2, titles: 48, huntedRate: 0.25, rateLimit: false }, startsAt: EPOCH });
    ({ browser, context, page, errors } = world);
    await importLibrary(world, 'hunter', (run) => run?.state === 'succeeded');
  }, 120_000);

  afterAll(() => world?.close());

  const apiGet = async <T>(path: string): Promise<T> => {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as T;
  };

  it('shows the profile: level, the numbered platinum cabinet, the year by day and month with tables, rarest, platforms, time to platinum', async () => {
    const profile = await apiGet<Profile>('/api/profile');
    expect(profile.platinums.length).toBeGreaterThan(3);
    // The profile carries the cabinet's first page (up to 100); the count is the whole cabinet's.
    expect(profile.platinums.length).toBe(Math.min(profile.platinumCount, 100));
    expect(profile.platinumsNext === null).toBe(profile.platinumCount <= 100);
    await page.goto('/');
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();

    expect(await page.getByRole('progressbar', { name: `Progress to level ${profile.level.level + 1}` }).getAttribute('aria-valuenow')).toBe(
      String(profile.level.progress),
    );
    expect(await statValue(page, 'Platinums')).toBe(profile.platinumCount.toLocaleString('en-GB'));
    const cabinet = page.getByRole('list', { name: 'Platinum trophies, first earned first' }).getByRole('listitem');
    expect(await cabinet.count()).toBe(profile.platinums.length);
    const last = profile.platinums.at(-1)!;
    expect(await cabinet.last().textContent()).toContain(`Platinum #${last.number}${last.name}`);
    expect(await cabinet.first().textContent()).toContain('Platinum #1');
    // A cabinet past one page comes a page a click from /api/profile/platinums, until the button goes.
    const more = page.getByRole('button', { name: /^Show [\d,]+ more of/ });
    expect(await more.count()).toBe(profile.platinumsNext ? 1 : 0);
    for (let shown = profile.platinums.length; shown < profile.platinumCount; ) {
      await more.click();
      await expect.poll(() => cabinet.count()).toBeGreaterThan(shown);
      shown = await cabinet.count();
    }
    expect(await cabinet.count()).toBe(profile.platinumCount);
    expect(await more.count()).toBe(0);
    expect(await cabinet.last().textContent()).toContain(`Platinum #${profile.platinumCount}`);

    // The calendar's text alternative, opened by keyboard: one row per day with trophies.
    const calendar = page.getByRole('img', { name: /Calendar of trophies per day/ });
    expect(await calendar.getAttribute('aria-label')).toContain(
      `${profile.calendar.total.toLocaleString('en-GB')} trophies on ${profile.calendar.days.length} days`,
    );
    const summary = page.getByText('Trophies per day as a table');
    await summary.focus();
    await page.keyboard.press('Enter');
    const dayRows = page
      .getByRole('table')
      .filter({ has: page.getByText('Days with trophies earned in the last year') })
      .locator('tbody tr');
    expect(await dayRows.count()).toBe(profile.calendar.days.length);
    await page.keyboard.press('Enter');

    expect(await page.getByRole('img', { name: /Trophies per month/ }).count()).toBe(1);
    const rarest = page.getByRole('heading', { name: 'Rarest trophies earned' }).locator('..').getByRole('listitem');
    expect(await rarest.count()).toBe(profile.rarest.length);
    expect(await rarest.first().textContent()).toContain(profile.rarest[0]!.name);
    const ttp = page.getByRole('heading', { name: 'Time to platinum' }).locator('..');
    expect(await ttp.textContent()).toContain(profile.timeToPlatinum.fastest!.name);
    expect(await ttp.textContent()).toContain(profile.timeToPlatinum.slowest!.name);
    for (const p of profile.platforms) expect(await page.getByRole('row', { name: new RegExp(`^${p.platform} ${p.games} ${p.completed}`) }).count()).toBe(1);

    await shot(page, 'real-profile', { fullPage: true, docs: 'profile.png' });
    // A platinum of the cabinet opens its game.
    await cabinet.first().getByRole('link').click();
    await page.getByRole('heading', { name: profile.platinums[0]!.name, level: 1 }).waitFor();
    expect(errors).toEqual([]);
  });

  it('reads in the dark theme and on a phone, without the page scrolling sideways', async () => {
    for (const options of [{ colorScheme: 'dark' as const }, { phone: true, colorScheme: 'dark' as const }, { phone: true }]) {
      const other = await newContext(browser, { baseURL: world.url, ...options });
      await other.addCookies(await context.cookies());
      const view = await other.newPage();
      const seen = watchErrors(view);
      await view.goto('/profile');
      await view.getByRole('heading', { name: 'Platinum cabinet' }).waitFor();
      await shot(view, `real-profile-${options.phone ? 'phone' : 'desktop'}-${options.colorScheme ?? 'light'}`, { fullPage: true });
      const wide = await view.evaluate(() =>
        [...document.querySelectorAll('main *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.heatmap__scroll'))
          .map((e) => `${e.className || e.tagName}:${(e.textContent ?? '').slice(0, 20)}:${Math.round(e.getBoundingClientRect().right)}`)
          .slice(0, 5),
      );
      expect(wide).toEqual([]);
      expect(await view.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      expect(seen).toEqual([]);
      await other.close();
    }
  });

  it('flags a trophy unobtainable from its game: both percentages shown, and the game counts complete of what is obtainable', async () => {
    const games = await apiGet<GamesPage>('/api/games?limit=100&sort=progress');
    // A game done but for one trophy (the platinum aside): flagging it completes what can be completed.
    let target: GameDetail | undefined;
    for (const g of games.items.filter((x) => x.progress > 0 && x.progress < 100)) {
      const detail = await apiGet<GameDetail>(`/api/games/${g.npCommunicationId}?reveal=true`);
      const open = detail.groups.flatMap((x) => x.trophies).filter((t) => !t.earned && t.type !== 'platinum');
      if (open.length === 1) {
        target = detail;
        break;
      }
    }
    expect(target, 'a game missing one trophy').toBeDefined();
    const trophy = target!.groups.flatMap((x) => x.trophies).find((t) => !t.earned && t.type !== 'platinum')!;
    await page.goto(`/games/${target!.game.npCommunicationId}?reveal=true`);
    await page.getByRole('button', { name: `Flag ${trophy.name} unobtainable` }).click();
    await page.getByText('100% of obtainable').first().waitFor();
    expect(await page.locator(`[data-trophy-id="${trophy.id}"]`).textContent()).toContain('Unobtainable');
    await shot(page, 'real-unobtainable');
    const after = await apiGet<GameDetail>(`/api/games/${target!.game.npCommunicationId}`);
    expect(after.game).toMatchObject({ progress: target!.game.progress, obtainableProgress: 100, unobtainable: 1 });

    await page.goto('/settings');
    const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Unobtainable trophies' }) });
    // The card fills after the page: wait for the row, then count it (a trophy's name may hold regex characters).
    const row = card.getByRole('row', { name: new RegExp(`${trophy.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*you`) });
    await row.first().waitFor();
    expect(await row.count()).toBe(1);

    await page.goto(`/games/${target!.game.npCommunicationId}?reveal=true`);
    await page.getByRole('button', { name: `Mark ${trophy.name} obtainable again` }).click();
    await page.getByRole('button', { name: `Flag ${trophy.name} unobtainable` }).waitFor();
    expect((await apiGet<GameDetail>(`/api/games/${target!.game.npCommunicationId}`)).game.unobtainable).toBe(0);
    expect(errors).toEqual([]);
  });

  it('filters the library: base game complete, complete with every DLC, platinum but DLC missing', async () => {
    await page.goto('/');
    for (const [value, label] of [
      ['base-complete', 'Base game complete'],
      ['dlc-complete', 'Complete with every DLC'],
      ['platinum-dlc-missing', 'Platinum, DLC missing'],
    ] as const) {
      const expected = await apiGet<GamesPage>(`/api/games?limit=100&status=${value}`);
      await page.getByLabel('Show').selectOption({ label });
      await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe(value);
      await expect.poll(() => page.locator('.game').count()).toBe(expected.items.length);
    }
    expect(errors).toEqual([]);
  });
});
