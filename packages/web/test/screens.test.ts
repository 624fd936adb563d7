/**
 * Every screen in real headless Chromium against the in-memory API of fake-api.ts: sign-up,
 * connect (malformed and rejected NPSSO first), the picker, import progress, the library, a
 * game, sync, the countdown colours, disconnect; light, dark and phone screenshots.
 */
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launch, newContext, shot, statValue, watchErrors } from './browser.ts';
import { contractViolations, FakeApi, type FakeOptions } from './fake-api.ts';
import { buildUi, fileServer } from './static-files.ts';

const BASE = 'http://trophyroom.test';
const DAY = 86_400_000;
const NPSSO = 'a'.repeat(32) + 'B1'.repeat(16);

let browser: Browser;
let dist: string;

beforeAll(async () => {
  [browser, dist] = await Promise.all([launch(), buildUi()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (dist) rmSync(dist, { recursive: true, force: true });
});

// An answer of the fake that broke the contract fails the test that got it.
afterEach(() => {
  expect(contractViolations.splice(0)).toEqual([]);
});

async function open(fake: FakeApi, options: { colorScheme?: 'light' | 'dark'; phone?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await newContext(browser, { baseURL: BASE, ...options });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await fake.install(page, fileServer(dist));
  return { page, errors };
}

/** A fake with a signed-in user, a connection and `count` imported games. */
function importedFake(count = 12, titles = 60, options: FakeOptions = {}): FakeApi {
  const fake = new FakeApi({ titles, loadingPolls: 0, ...options });
  fake.user = { id: 'u1', username: 'alex', admin: true, createdAt: new Date(fake.now).toISOString() };
  fake.signedIn = true;
  fake.answer('POST', new URL(`${BASE}/api/connections/psn`), { npsso: NPSSO });
  for (const title of fake.titles.slice(0, count)) fake.imported.add(title.entry.npCommunicationId);
  return fake;
}

describe('web UI against the fake API', () => {
  it('signs up, connects after a malformed and a rejected NPSSO, picks, imports, opens a game and syncs', async () => {
    const fake = new FakeApi({ titles: 450 });
    const { page, errors } = await open(fake);

    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shot(page, '01-sign-in');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Username').fill('alex');
    await page.getByLabel('Password').fill('correct horse');
    await page.getByRole('button', { name: 'Create account' }).click();

    // A new account lands in Settings, the PlayStation card closed.
    await page.getByRole('heading', { name: 'Connected accounts' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings');
    const connect = page.getByRole('button', { name: 'Connect PlayStation' });
    expect(await connect.getAttribute('aria-expanded')).toBe('false');
    await connect.click();
    expect(await page.getByRole('button', { name: 'Cancel' }).getAttribute('aria-expanded')).toBe('true');
    const steps = page.locator('.steps > li');
    expect(await steps.count()).toBe(3);
    expect(await page.getByRole('link', { name: 'https://ca.account.sony.com/api/v1/ssocookie' }).getAttribute('href')).toBe(
      'https://ca.account.sony.com/api/v1/ssocookie',
    );
    await shot(page, '02-connect-steps', { fullPage: true });

    // Malformed: caught before anything is sent.
    const field = page.getByLabel('NPSSO');
    await field.fill('uZBsLT-too-short');
    await page.getByRole('button', { name: 'Verify & connect' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('64 characters');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(fake.requests.filter((r) => r.startsWith('POST /api/connections'))).toEqual([]);
    // Masked like a password; "Show" reveals it and hides it again.
    expect(await field.getAttribute('type')).toBe('password');
    const show = page.getByRole('button', { name: 'Show' });
    await show.click();
    expect(await field.getAttribute('type')).toBe('text');
    expect(await show.getAttribute('aria-pressed')).toBe('true');
    await show.click();
    expect(await field.getAttribute('type')).toBe('password');
    await shot(page, '03-npsso-malformed');

    // Rejected by Sony (422), in plain words.
    await field.fill(`rejected${'x'.repeat(56)}`);
    await page.getByRole('button', { name: 'Verify & connect' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('didn’t accept that NPSSO');
    // The refused value is cleared, not left on screen.
    expect(await field.inputValue()).toBe('');
    await shot(page, '04-npsso-rejected');

    // The whole ssocookie JSON is accepted; the picker follows.
    await field.fill(JSON.stringify({ npsso: NPSSO, expires_in: 5181380 }));
    await page.getByRole('button', { name: 'Verify & connect' }).click();
    await page.getByRole('heading', { name: 'Pick games to import' }).waitFor();
    expect(fake.requests).toContain('POST /api/connections/psn');
    await page.getByRole('status').filter({ hasText: 'Fetching your trophy list' }).waitFor();
    await shot(page, '05-picker-loading');

    const rows = page.locator('.pick');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(200);
    const names = await page.locator('.pick__name').allTextContents();
    expect(names.slice(0, 3)).toEqual(fake.titles.slice(0, 3).map((t) => t.entry.name));
    // The recent ones (the first eight) are pre-selected, the rest not.
    await expect.poll(() => page.locator('.pick__check:checked').count()).toBe(8);
    expect(await rows.nth(7).locator('.pick__check').isChecked()).toBe(true);
    expect(await rows.nth(8).locator('.pick__check').isChecked()).toBe(false);
    expect(await page.getByRole('note').first().textContent()).toContain('at least one trophy');
    await shot(page, '06-picker');

    // Paging: the next 200 arrive on scroll (or the button).
    await page.getByRole('button', { name: 'Show more' }).click();
    await expect.poll(() => rows.count()).toBe(400);

    // Search and platform filter ask the server.
    await page.getByLabel('Search').fill('crimson');
    await expect.poll(async () => (await page.locator('.pick__name').allTextContents()).every((n) => n.toLowerCase().includes('crimson'))).toBe(true);
    await page.getByLabel('Search').fill('');
    await expect.poll(() => fake.requests.at(-1)).toBe('GET /api/psn/titles?limit=200');
    await page.getByLabel('Platform', { exact: true }).selectOption('PS3');
    await expect.poll(() => fake.requests.at(-1)).toBe('GET /api/psn/titles?platform=PS3&limit=200');
    await expect.poll(async () => (await page.locator('.pick .platforms').allTextContents()).every((p) => p.includes('PS3'))).toBe(true);
    // Select all / unselect under a filter act on every matching title, not just the loaded ones.
    const allPs3 = fake.titles.filter((t) => t.entry.platforms.includes('PS3'));
    const ps3Recent = allPs3.filter((t) => t.entry.preselected).length;
    await page.getByRole('button', { name: 'Select all matching' }).click();
    await expect.poll(() => page.locator('.import-bar__count').textContent()).toContain(`${8 - ps3Recent + allPs3.length} of ${allPs3.length}`);
    // One ids call with the filter, no paging through the titles.
    expect(fake.requests.at(-1)).toBe('GET /api/psn/titles/ids?platform=PS3');
    await page.getByRole('button', { name: 'Unselect matching' }).click();
    await expect.poll(() => page.locator('.import-bar__count').textContent()).toContain(`${8 - ps3Recent} of ${allPs3.length}`);
    await page.getByLabel('Platform', { exact: true }).selectOption('');

    // Select all / none, then back to a choice of nine.
    await page.getByRole('button', { name: 'Select all' }).click();
    await expect.poll(() => page.locator('.import-bar__count').textContent()).toContain('450 of 450');
    await page.getByRole('button', { name: 'Select none' }).click();
    await expect.poll(() => page.locator('.import-bar__count').textContent()).toContain('0 of 450');
    expect(await page.getByRole('button', { name: /^Import/ }).isDisabled()).toBe(true);
    for (let i = 0; i < 9; i++) await rows.nth(i).locator('.pick__check').check();
    await page.getByRole('button', { name: 'Import 9 games' }).click();
    await page.locator('.run[data-state="succeeded"]').waitFor();
    expect(await page.locator('.run').textContent()).toContain('Import finished: 9 of 9 games');
    expect(await page.getByRole('progressbar', { name: 'Import progress' }).getAttribute('aria-valuenow')).toBe('9');
    await shot(page, '07-import-finished');

    // The library: stats on top, nine games, most recently played first.
    await page.getByRole('link', { name: 'Open your library' }).click();
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    await expect.poll(() => page.locator('.game').count()).toBe(9);
    expect(await page.locator('.stats').textContent()).toContain('Games9');
    await shot(page, '08-library');

    // A game: groups, hidden trophies masked, the reveal toggle.
    const title = fake.titles[2]!; // has a DLC group and hidden trophies
    await page.getByRole('link', { name: title.entry.name }).click();
    await page.getByRole('heading', { level: 1, name: title.entry.name }).waitFor();
    expect(await page.getByRole('heading', { name: 'Base game' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: /The Sunken Isles/ }).count()).toBe(1);
    const masked = page.locator('.trophy--masked');
    const maskedCount = await masked.count();
    expect(maskedCount).toBeGreaterThan(0);
    expect(await masked.first().textContent()).toContain('Hidden trophy');
    // Earned dates in the browser's time zone (the context runs in Europe/Berlin).
    const earnedTrophy = title.groups[0]!.trophies.find((t) => t.earned && t.earnedAt)!;
    const local = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
      new Date(earnedTrophy.earnedAt!),
    );
    expect(await page.locator(`.trophy[data-trophy-id="${earnedTrophy.id}"] time`).textContent()).toBe(local);
    // PS5 progress trophies not yet earned show their progress.
    for (const trophy of title.groups.flatMap((group) => group.trophies).filter((t) => t.progressTarget && !t.earned))
      expect(await page.locator(`.trophy[data-trophy-id="${trophy.id}"] [role="progressbar"]`).getAttribute('aria-valuetext')).toBe(
        `${trophy.progress} of ${trophy.progressTarget}`,
      );
    await shot(page, '09-game', { fullPage: true });
    await page.getByLabel(/Reveal hidden trophies/).check();
    await expect.poll(() => masked.count()).toBe(0);
    expect(new URL(page.url()).search).toBe('?reveal=true');
    await page.getByLabel(/Reveal hidden trophies/).uncheck();
    await expect.poll(() => masked.count()).toBe(maskedCount);

    // A PS3 title (no rarity, no progress, no play time): shown without gaps or errors.
    const ps3 = fake.titles.slice(0, 9).find((t) => t.entry.platforms.includes('PS3'))!;
    await page.goto(`/games/${ps3.entry.npCommunicationId}`);
    await page.locator('.trophy').first().waitFor();
    expect(await page.locator('.trophy').count()).toBe(ps3.groups.reduce((sum, group) => sum + group.trophies.length, 0));
    expect(await page.locator('.rarity').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toMatch(/undefined|NaN|null/);
    await shot(page, '09b-game-ps3');
    await page.goBack();
    await page.locator('.trophy').first().waitFor();

    // Earn a locked trophy "on PSN", sync now, see it earned.
    const locked = title.groups[0]!.trophies.find((t) => !t.earned && !t.hidden)!;
    const row = page.locator(`.trophy[data-trophy-id="${locked.id}"]`);
    expect(await row.textContent()).toContain('Not earned');
    fake.earn(title.entry.npCommunicationId, locked.id);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.locator('.run[data-state="succeeded"]').waitFor();
    await expect.poll(() => page.locator('.connected__last-sync').textContent()).toContain('Sync');
    await page.goto(`/games/${title.entry.npCommunicationId}`);
    await expect.poll(() => page.locator(`.trophy[data-trophy-id="${locked.id}"]`).textContent()).toContain('Earned');

    expect(errors).toEqual([]);
  });

  it('colours the token countdown at 20, 10, 1 and −1 days, explains a short token, and disconnects with a wipe', async () => {
    const fake = importedFake();
    const { page, errors } = await open(fake);
    const connectedAt = fake.now;
    const badge = page.locator('.badge');
    for (const [daysLeft, state, text] of [
      [20, 'green', '20 days left'],
      [10, 'amber', '10 days left'],
      [1.5, 'red', '2 days left'],
      [0.5, 'red', '1 day left'],
      [-1, 'expired', 'Expired'],
    ] as const) {
      fake.now = connectedAt + (60 - daysLeft) * DAY;
      await page.goto('/settings');
      await badge.waitFor();
      expect(await badge.getAttribute('data-state')).toBe(state);
      expect(await badge.textContent()).toBe(text);
      // The warning says the same as the badge (never "in a day" on the last day).
      if (state === 'red') expect(await page.locator('.callout--danger').textContent()).toContain(`${text}.`);
      await shot(page, `10-countdown-${state}`);
    }
    // Expired: syncing is off and the connect steps are offered again.
    expect(await page.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true);
    expect(await page.getByLabel('NPSSO').count()).toBe(1);

    // A short token (old PSN session) says why and what to do.
    fake.now = connectedAt;
    fake.answer('POST', new URL(`${BASE}/api/connections/psn`), { npsso: `short${'x'.repeat(59)}` });
    await page.goto('/settings');
    await page.getByText('This token came back short.').waitFor();
    expect(await badge.getAttribute('data-state')).toBe('amber');
    await shot(page, '11-short-token');

    // Disconnect asks whether to delete the data.
    await page.getByRole('button', { name: 'Disconnect' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disconnect PlayStation?' });
    await dialog.waitFor();
    await dialog.getByLabel('Delete them too').check();
    await shot(page, '12-disconnect');
    await dialog.getByRole('button', { name: 'Disconnect and delete data' }).click();
    await page.getByRole('button', { name: 'Connect PlayStation' }).waitFor();
    expect(fake.requests).toContain('DELETE /api/connections/psn?wipe=true');
    expect(fake.imported.size).toBe(0);
    expect(errors).toEqual([]);
  });

  it('filters and sorts the library through the API, keeping them in the URL', async () => {
    const fake = importedFake(30);
    const { page, errors } = await open(fake);
    await page.goto('/');
    await expect.poll(() => page.locator('.game').count()).toBe(30);
    await page.getByLabel('Sort by').selectOption('name');
    await expect.poll(() => fake.requests.at(-1)).toContain('sort=name&order=asc');
    const names = await page.locator('.game__name').allTextContents();
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    await page.getByLabel('Show').selectOption('in-progress');
    await expect.poll(() => fake.requests.at(-1)).toContain('status=in-progress');
    await page.getByLabel('Platform', { exact: true }).selectOption('PS5');
    await expect.poll(async () => (await page.locator('.game .platforms').allTextContents()).every((p) => p.includes('PS5'))).toBe(true);
    expect(new URL(page.url()).search).toBe('?sort=name&status=in-progress&platform=PS5');
    await page.getByRole('button', { name: 'List' }).click();
    await page.locator('.games--list').waitFor();
    await shot(page, '13-library-list');
    await page.reload();
    await page.locator('.games--list').waitFor();
    expect(await page.getByLabel('Sort by').inputValue()).toBe('name');
    expect(errors).toEqual([]);
  });

  it('offers the connect steps again when Sync now finds the token refused (409)', async () => {
    const fake = importedFake();
    fake.refuseSync = true;
    const { page, errors } = await open(fake);
    await page.goto('/settings');
    const sync = page.getByRole('button', { name: 'Sync now' });
    await sync.click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('no longer accepts this connection');
    // The connection is reloaded: revoked, syncing off, the NPSSO field offered.
    await page.getByText('PlayStation signed this token out').waitFor();
    expect(await sync.isDisabled()).toBe(true);
    expect(await page.getByLabel('NPSSO').count()).toBe(1);
    await shot(page, '11b-sync-refused');
    expect(errors).toEqual([]);
  });

  it('says which games failed during an import and when they are tried again by themselves', async () => {
    const fake = importedFake(0);
    const failing = fake.titles.find((t) => t.entry.preselected)!.entry.npCommunicationId;
    fake.failingTitles.add(failing);
    const { page, errors } = await open(fake);
    await page.goto('/picker');
    await expect.poll(() => page.locator('.pick__check:checked').count()).toBe(8);
    await page.getByRole('button', { name: 'Import 8 games' }).click();
    // While it runs: the game waiting for its retry, and when.
    await page.locator('.run__line--retry').waitFor();
    expect(await page.locator('.run__line--retry').textContent()).toMatch(/^1 game waits for a retry at .+\.$/);
    await page.locator('.run[data-state="partial"]').waitFor();
    expect(await page.locator('.run').textContent()).toMatch(/Import finished with problems: 1 of 8 games failed\. It is tried again by itself at .+\./);
    await shot(page, '07b-import-partial');
    expect(errors).toEqual([]);
  });

  it('merges the pre-selected titles into rows ticked before they arrived', async () => {
    const fake = importedFake(0);
    const { page, errors } = await open(fake);
    // Hold the pre-selected ids back until a row has been ticked.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/psn/titles/ids?preselected=true', async (route) => {
      await held;
      await route.fallback();
    });
    await page.goto('/picker');
    const rows = page.locator('.pick');
    await rows.first().waitFor();
    await rows.nth(20).locator('.pick__check').check();
    release();
    await expect.poll(() => page.locator('.pick__check:checked').count()).toBe(9);
    expect(await rows.nth(20).locator('.pick__check').isChecked()).toBe(true);
    expect(await rows.nth(0).locator('.pick__check').isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('says when a game’s trophies are still importing, instead of 0 of N', async () => {
    const fake = importedFake(12);
    const title = fake.titles[1]!;
    fake.unsynced.add(title.entry.npCommunicationId);
    const { page, errors } = await open(fake);
    await page.goto('/');
    const card = page.locator(`.game[data-id="${title.entry.npCommunicationId}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain('Trophies still importing');
    expect(await card.getByRole('progressbar').count()).toBe(0);
    expect(await card.locator('.counts').count()).toBe(0);
    await shot(page, '08b-library-importing');
    await card.getByRole('link').click();
    await page.getByRole('status').filter({ hasText: 'still importing' }).waitFor();
    expect(await page.locator('.game-detail__head').textContent()).not.toMatch(/\b0 of \d+ trophies/);
    expect(await page.locator('.trophy__locked').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toMatch(/not earned/i);
    expect(await page.locator('.trophy').count()).toBeGreaterThan(0);
    await shot(page, '08c-game-importing');
    expect(errors).toEqual([]);
  });

  it('keeps the search box in step with the URL, and shows a stats error', async () => {
    const fake = importedFake(12);
    fake.failStats = true;
    const { page, errors } = await open(fake);
    const name = fake.titles[3]!.entry.name;
    await page.goto(`/?q=${encodeURIComponent(name)}`);
    const search = page.getByLabel('Search');
    expect(await search.inputValue()).toBe(name);
    await expect.poll(() => page.locator('.game').count()).toBe(1);
    // The stats failed: said, not swallowed.
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Something went wrong on the server');
    // The Library link (no q) while the page stays: the box empties and every game is back.
    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await expect.poll(() => search.inputValue()).toBe('');
    await expect.poll(() => page.locator('.game').count()).toBe(12);
    expect(errors).toEqual([]);
  });

  it('reads well in dark mode and on a phone', async () => {
    const fake = importedFake(12);
    for (const [name, options] of [
      ['dark', { colorScheme: 'dark' as const }],
      ['phone', { phone: true }],
      ['phone-dark', { phone: true, colorScheme: 'dark' as const }],
    ] as const) {
      const { page, errors } = await open(fake, options);
      // Nothing wider than the screen on a phone.
      const fits = async (screen: string) => {
        if ('phone' in options) expect(await page.evaluate(() => document.documentElement.scrollWidth), screen).toBeLessThanOrEqual(390);
      };
      await page.goto('/');
      await expect.poll(() => page.locator('.game').count()).toBe(12);
      await shot(page, `14-library-${name}`);
      await fits('library');
      await page.goto(`/games/${fake.titles[2]!.entry.npCommunicationId}`);
      await page.locator('.trophy').first().waitFor();
      await shot(page, `15-game-${name}`);
      await fits('game');
      await page.goto('/picker');
      await page.locator('.pick').first().waitFor();
      await shot(page, `16-picker-${name}`);
      await fits('picker');
      await page.goto('/settings');
      await page.locator('.badge').waitFor();
      await shot(page, `17-settings-${name}`);
      await fits('settings');
      await page.getByRole('button', { name: 'Disconnect' }).click();
      await page.getByRole('dialog').waitFor();
      await shot(page, `18-disconnect-${name}`);
      await fits('disconnect dialog');
      await page.keyboard.press('Escape');
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('keeps a 2,000-game library responsive: first page fast, more on scroll', async () => {
    const fake = importedFake(2000, 2000);
    const { page, errors } = await open(fake);
    const started = Date.now();
    await page.goto('/');
    await page.locator('.game').first().waitFor();
    const firstRender = Date.now() - started;
    expect(await page.locator('.game').count()).toBe(50);
    expect(await page.locator('.load-more').textContent()).toContain('Showing 50 of 2,000 games');
    for (let i = 0; i < 5; i++) {
      await page.locator('.load-more').scrollIntoViewIfNeeded();
      await expect.poll(() => page.locator('.game').count()).toBe(100 + i * 50);
    }
    expect(firstRender).toBeLessThan(5000);
    expect(errors).toEqual([]);
  });

  it('shows a hunter’s 230 platinums a page at a time: 100, a failed page kept to retry, then the rest numbered on', async () => {
    const fake = importedFake(230, 230, { hunter: true });
    const { page, errors } = await open(fake);
    await page.goto('/profile');
    await page.getByRole('heading', { name: 'Platinum cabinet' }).waitFor();
    const cabinet = page.getByRole('list', { name: 'Platinum trophies, first earned first' });
    const items = cabinet.getByRole('listitem');
    expect(await items.count()).toBe(100);
    // The stat counts the whole cabinet, not the page the profile carries.
    expect(await statValue(page, 'Platinums')).toBe('230');
    const status = page.locator('.cabinet + .load-more [aria-live="polite"]');
    expect(await status.textContent()).toBe('Showing 100 of 230 platinums');

    // A page that fails: said in words, nothing appended, the button kept to try again.
    await page.route('**/api/profile/platinums?*', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{}' }), { times: 1 });
    await page.getByRole('button', { name: 'Show 100 more of 130' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('503');
    expect(await items.count()).toBe(100);

    // While the page is on its way the button is disabled and says so.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(
      '**/api/profile/platinums?*',
      async (route) => {
        await held;
        await route.fallback();
      },
      { times: 1 },
    );
    await page.getByRole('button', { name: 'Show 100 more of 130' }).click();
    const loading = page.getByRole('button', { name: 'Loading more platinums…' });
    expect(await loading.getAttribute('aria-disabled')).toBe('true');
    await loading.click({ force: true });
    expect(await page.getByRole('alert').count()).toBe(0);
    release();
    await expect.poll(() => items.count()).toBe(200);
    expect(await items.nth(100).locator('.cabinet__number').textContent()).toBe('Platinum #101');
    // The cabinet is a scroll box: it scrolls to the page it appended, and the focus stays on the button for the next.
    const inView = (n: number) =>
      cabinet.evaluate((box, i) => {
        const [outer, item] = [box.getBoundingClientRect(), box.children[i]!.getBoundingClientRect()];
        return item.top >= outer.top - 1 && item.bottom <= outer.bottom + 1;
      }, n);
    expect(await inView(100)).toBe(true);
    expect(await inView(0)).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Show 30 more of 30');
    expect(await status.textContent()).toBe('Showing 200 of 230 platinums');
    await shot(page, '30-cabinet-more', { fullPage: false });

    // The last page: the button goes, and the focus it held moves to that page's first platinum.
    await page.getByRole('button', { name: 'Show 30 more of 30' }).click();
    await expect.poll(() => items.count()).toBe(230);
    expect(await page.getByRole('button', { name: /^Show \d+ more/ }).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.querySelector('.cabinet__number')?.textContent)).toBe('Platinum #201');
    expect(await cabinet.locator('.cabinet__number').allTextContents()).toEqual(Array.from({ length: 230 }, (_, i) => `Platinum #${i + 1}`));
    expect(fake.requests.filter((r) => r.startsWith('GET /api/profile/platinums'))).toHaveLength(2);
    expect(errors).toEqual([]);
  });
});

describe('notifications, sharing, the library file and token health (issue 18)', () => {
  it('adds a webhook (secret shown once), tests it and reads its log; shares the profile and takes it back; refuses an import into a full library', async () => {
    const fake = importedFake(6);
    const { page, errors } = await open(fake);
    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();

    // A private address is refused with the server's words.
    await page.getByLabel('Receiver URL').fill('http://192.168.1.20/hook');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByRole('alert').filter({ hasText: 'private' }).waitFor();

    await page.getByLabel('Receiver URL').fill('https://ntfy.example/trophies');
    await page.getByLabel('Format').selectOption('ntfy');
    await page.getByLabel('A sync failed').check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByText('whsec_fakesecret0123456789abcdef').waitFor();
    const hook = page.locator('.hook');
    await hook.getByText('https://ntfy.example/trophies').waitFor();
    expect(fake.webhooks[0]).toMatchObject({ format: 'ntfy', events: ['trophy.earned', 'platinum.earned', 'token.expiring', 'sync.failed'] });
    await hook.getByRole('button', { name: 'Send a test' }).click();
    await hook.getByText(/Delivered .*\(HTTP 200\)/).waitFor();
    await hook.getByRole('button', { name: 'Deliveries' }).click();
    await hook.getByRole('table').getByRole('cell', { name: 'test' }).waitFor();
    await shot(page, '40-webhooks', { fullPage: true });

    // Sharing: off, on (its address shown), off again.
    const share = page.getByLabel(/Share my profile/);
    expect(await share.isChecked()).toBe(false);
    // The box follows the server's answer (a click, then its state).
    await share.click();
    await page.getByRole('link', { name: /\/u\/share1token/ }).waitFor();
    expect(await share.isChecked()).toBe(true);
    await share.click();
    await expect.poll(() => page.getByRole('link', { name: /\/u\/share1token/ }).count()).toBe(0);
    expect(fake.shareToken).toBeNull();

    // The library file: downloads are plain links; an import into a library with games is refused.
    expect(await page.getByRole('link', { name: 'Download JSON' }).getAttribute('href')).toBe('/api/library/export');
    expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe('/api/library/export.csv');
    await page.getByLabel(/Import a JSON export/).setInputFiles({
      name: 'library.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ format: 'trophyroom-library', version: 1, exportedAt: 'x', language: 'en-US', account: null, titles: [] })),
    });
    await page.getByRole('alert').filter({ hasText: 'already holds titles' }).waitFor();
    await page.getByLabel(/Import a JSON export/).setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not json') });
    await page.getByRole('alert').filter({ hasText: 'notes.txt is not JSON' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('shows what Sony granted and a banner on every screen for a token about to expire, or for Sony’s outage', async () => {
    const fake = new FakeApi({ titles: 20, loadingPolls: 0 });
    fake.user = { id: 'u1', username: 'alex', admin: true, createdAt: new Date(fake.now).toISOString() };
    fake.signedIn = true;
    fake.answer('POST', new URL(`${BASE}/api/connections/psn`), { npsso: `short${NPSSO.slice(5)}` });
    const { page, errors } = await open(fake);
    await page.goto('/');
    const banner = page.locator('.banner');
    await banner.waitFor();
    expect(await banner.getAttribute('data-health')).toBe('expiring');
    expect(await banner.textContent()).toContain('expires in 10 days');
    await page.goto('/settings');
    await page.getByText('Sony granted 10 days').waitFor();
    await shot(page, '41-token-granted');

    (fake.connection as NonNullable<typeof fake.connection>).health = {
      kind: 'sony_outage',
      message: "Sony's sign-in service is failing: an outage on Sony's side. Your token is fine and nothing needs reconnecting.",
      since: new Date(fake.now).toISOString(),
      retryAt: new Date(fake.now + 900_000).toISOString(),
    };
    await page.goto('/picker');
    await page.locator('.banner[data-health="sony_outage"]').getByText("Sony's sign-in is down.").waitFor();
    await shot(page, '42-sony-outage-banner');
    expect(errors).toEqual([]);
  });
});
