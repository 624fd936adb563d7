/**
 * The user journey end to end, in headless Chromium, against the real server
 * (`startServer` from @trophyroom/server, in process, on a fresh SQLite folder) and the PSN
 * simulator, the server following the simulator's clock: sign up, a malformed and a rejected
 * NPSSO, connect, the picker in order with the recent games pre-selected, the import watched
 * while it runs (Sony slowed down) and to the end, a game and its trophies, a PS3/Vita game, a
 * trophy earned on "PSN" and synced, the countdown colours at 20, 10, 1 and −1 days, disconnect,
 * and a short token explained.
 */
import type { Page } from 'playwright-core';
import type { Simulator } from 'psn-sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, GameDetail, PickerPage } from '../src/api/types.ts';
import { shot } from './browser.ts';
import { type RealServer, startRealServer } from './real-server.ts';

const DAY = 86_400_000;
const EPOCH = Date.parse('2026-11-01T00:00:00Z');

describe('the journey against the real server and the PSN simulator', { timeout: 90_000 }, () => {
  let world: RealServer;
  let sim: Simulator;
  let simUrl: string;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    // A running clock that starts at the world's epoch, so "recently played" means what the seed meant.
    world = await startRealServer({ name: 'journey', sim: { seed: 11, accounts: 3, titles: 36, rateLimit: false }, startsAt: EPOCH });
    ({ sim, simUrl, page, errors } = world);
  }, 90_000);

  // On a failure: what the page showed and what the server's runs said.
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail' || !page) return;
    await shot(page, `real-failed-${context.task.name.slice(0, 30).replace(/\W+/g, '-')}`, { fullPage: true }).catch(() => {});
    const runs = await page.request.get('/api/sync/runs?limit=5').then((r) => r.text(), String);
    console.error(`journey failed at ${page.url()}; runs: ${runs.slice(0, 2000)}`);
  });

  afterAll(() => world?.close());

  const apiGet = async <T>(path: string): Promise<T> => {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as T;
  };

  const signIn = async () => {
    await page.getByLabel('Username').fill('journey');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('signs up (a common password refused in the server’s words) and refuses a malformed and a rejected NPSSO in plain words', async () => {
    const response = await page.goto('/signup');
    // The page runs under the server's Content-Security-Policy; `errors` collects any violation.
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    await page.getByLabel('Username').fill('journey');
    await page.getByLabel('Password').fill('password1234');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('one of the most common passwords');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Connected accounts' }).waitFor();
    await page.getByRole('button', { name: 'Connect PlayStation' }).click();
    await shot(page, 'real-01-connect');

    const field = page.getByLabel('NPSSO');
    const verify = page.getByRole('button', { name: 'Verify & connect' });
    await field.fill('{"npsso": "too-short"}');
    await verify.click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('64 characters');
    await shot(page, 'real-02-malformed');

    // Well-formed but unknown to Sony: 422 npsso_rejected.
    await field.fill('Zq'.repeat(32));
    await verify.click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 }).toContain('didn’t accept that NPSSO');
    expect(await field.inputValue()).toBe('');
    expect(await field.getAttribute('type')).toBe('password');
    await shot(page, 'real-03-rejected');
  });

  it('connects and shows the picker in order, the recent games pre-selected, then imports to the end', async () => {
    const { npsso } = sim.credentialsOf(0);
    await page.getByLabel('NPSSO').fill(JSON.stringify({ npsso, expires_in: 5181380 }));
    await page.getByRole('button', { name: 'Verify & connect' }).click();
    await page.getByRole('heading', { name: 'Pick games to import' }).waitFor();
    const rows = page.locator('.pick');
    await rows.first().waitFor({ timeout: 30_000 });

    const answer = await apiGet<PickerPage>('/api/psn/titles?limit=1000');
    expect(answer.state).toBe('ready');
    await expect.poll(() => rows.count()).toBe(answer.items.length);
    const shown = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-id')));
    expect(shown).toEqual(answer.items.map((item) => item.npCommunicationId));
    const played = answer.items.map((item) => Date.parse(item.lastPlayedAt ?? item.lastUpdatedAt ?? ''));
    expect(played).toEqual([...played].sort((a, b) => b - a));

    const { ids: preselected } = await apiGet<{ ids: string[] }>('/api/psn/titles/ids?preselected=true');
    expect(preselected.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.pick__check:checked').count()).toBe(preselected.length);
    const checked = await page.locator('.pick:has(.pick__check:checked)').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-id')));
    expect(new Set(checked)).toEqual(new Set(preselected));
    await shot(page, 'real-04-picker');

    // One PS3 or Vita title too (fewer fields from Sony): seed 11's first account has some.
    legacyId = answer.items.find((item) => !item.preselected && item.platforms.some((p) => p === 'PS3' || p === 'PSVITA'))?.npCommunicationId ?? '';
    expect(legacyId, 'a PS3 or Vita title that is not pre-selected').not.toBe('');
    await page.locator(`.pick[data-id="${legacyId}"] .pick__check`).check();
    imported = await page.locator('.pick:has(.pick__check:checked)').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-id')!));
    expect(imported.length).toBeGreaterThan(1);

    // Sony answering slowly, so the import is watched while it runs, not only at its end.
    const slow = await fetch(`${simUrl}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'latency', route: 'trophy.*', latencyMs: 150 }),
    });
    expect(slow.status).toBeLessThan(300);
    try {
      await page.getByRole('button', { name: /^Import \d+ games?$/ }).click();
      await page.locator('.run[data-state="running"]').waitFor({ timeout: 30_000 });
      const bar = page.getByRole('progressbar', { name: 'Import progress' });
      expect(await bar.getAttribute('aria-valuemax')).toBe(String(imported.length));
      // Part of the way: some games done, the run still running.
      await expect
        .poll(
          () =>
            page.locator('.run').evaluate((element) => ({
              state: element.getAttribute('data-state'),
              done: Number(element.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')),
              text: element.textContent ?? '',
            })),
          { timeout: 30_000, interval: 50 },
        )
        .toMatchObject({
          state: 'running',
          done: expect.toSatisfy((done: number) => done > 0 && done < imported.length),
          text: expect.stringMatching(/^Importing \d+ of \d+/),
        });
      await shot(page, 'real-05a-importing');
    } finally {
      await fetch(`${simUrl}/__sim/faults`, { method: 'DELETE' });
    }
    await page.locator('.run[data-state="succeeded"], .run[data-state="partial"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('.run').getAttribute('data-state')).toBe('succeeded');
    expect(await page.getByRole('progressbar', { name: 'Import progress' }).getAttribute('aria-valuenow')).toBe(String(imported.length));
    await shot(page, 'real-05-imported');
  });

  let gameId = '';
  let legacyId = '';
  let imported: string[] = [];
  let trophyId = -1;

  it('lists the imported games and opens one with its trophies', async () => {
    await page.getByRole('link', { name: 'Open your library' }).click();
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    const cards = page.locator('.game');
    await cards.first().waitFor();
    await expect.poll(() => cards.count()).toBe(imported.length);
    expect(new Set(await cards.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-id'))))).toEqual(new Set(imported));
    await page.locator('.stats').waitFor();
    // The README's picture: this library, imported from the simulator by the real server.
    await shot(page, 'real-06-library', { docs: 'library.png' });

    // A game with a locked trophy that is not hidden: the one to earn later.
    for (const id of imported) {
      const detail = await apiGet<GameDetail>(`/api/games/${encodeURIComponent(id)}`);
      const locked = detail.groups.flatMap((group) => group.trophies).find((trophy) => !trophy.earned && !trophy.hidden && trophy.type !== 'platinum');
      if (locked) {
        gameId = id;
        trophyId = locked.id;
        break;
      }
    }
    expect(gameId).not.toBe('');
    await page.locator(`.game[data-id="${gameId}"] a`).click();
    await page.locator('.trophy').first().waitFor();
    const detail = await apiGet<GameDetail>(`/api/games/${encodeURIComponent(gameId)}`);
    expect(await page.locator('.trophy').count()).toBe(detail.groups.reduce((sum, group) => sum + group.trophies.length, 0));
    expect(await page.locator('.group').count()).toBe(detail.groups.length);
    expect(await page.locator(`.trophy[data-trophy-id="${trophyId}"]`).textContent()).toContain('Not earned');
    await shot(page, 'real-07-game', { fullPage: true });

    // The browser keeps the game's answer and asks again with its tag (Cache-Control: private, no-cache + ETag).
    const gamePath = `/api/games/${encodeURIComponent(gameId)}`;
    const asked = page.waitForResponse((response) => new URL(response.url()).pathname === gamePath);
    await page.reload();
    const revalidated = await asked;
    const sent = await revalidated.request().allHeaders();
    expect(sent['if-none-match']).toMatch(/^"[0-9a-z]+-[\w-]{16}"$/);
    expect(await revalidated.headerValue('etag')).toBe(sent['if-none-match']);
    await page.locator('.trophy').first().waitFor();
    expect(await page.locator('.trophy').count()).toBe(detail.groups.reduce((sum, group) => sum + group.trophies.length, 0));

    await page.goto(`/games/${encodeURIComponent(legacyId)}`);
    await page.locator('.trophy').first().waitFor();
    const legacy = await apiGet<GameDetail>(`/api/games/${encodeURIComponent(legacyId)}`);
    expect(legacy.game.platforms.some((p) => p === 'PS3' || p === 'PSVITA')).toBe(true);
    expect(await page.locator('.trophy').count()).toBe(legacy.groups.reduce((sum, group) => sum + group.trophies.length, 0));
    expect(await page.locator('main').textContent()).not.toMatch(/undefined|NaN|null/);
    await shot(page, 'real-07b-game-legacy', { fullPage: true });
  });

  it('shows a trophy earned on PSN after Sync now', async () => {
    const { accountId } = sim.credentialsOf(0);
    const earned = await fetch(`${simUrl}/__sim/accounts/${accountId}/trophies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ npCommunicationId: gameId, trophyId }),
    });
    expect(earned.status).toBeLessThan(300);

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.locator('.run[data-state="succeeded"], .run[data-state="partial"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('.connected__last-sync').textContent()).toContain('Sync');
    await shot(page, 'real-08-synced');

    // The browser holds the game from before the sync: its tag no longer matches, so it gets the new one.
    const asked = page.waitForResponse((response) => new URL(response.url()).pathname === `/api/games/${encodeURIComponent(gameId)}`);
    await page.goto(`/games/${encodeURIComponent(gameId)}`);
    const fresh = await asked;
    expect((await fresh.request().allHeaders())['if-none-match']).toBeTruthy();
    expect(await fresh.headerValue('etag')).not.toBe((await fresh.request().allHeaders())['if-none-match']);
    await expect.poll(() => page.locator(`.trophy[data-trophy-id="${trophyId}"]`).textContent()).toContain('Earned');
  });

  it('colours the countdown at 20, 10, 1 and −1 days as the clock moves', async () => {
    const { connection } = await apiGet<{ connection: Connection }>('/api/connections/psn');
    const expiresAt = Date.parse(connection.countdown.expiresAt);
    const badge = page.locator('.badge');
    for (const [daysLeft, state, text] of [
      [20, 'green', '20 days left'],
      [10, 'amber', '10 days left'],
      [1, 'red', '1 day left'],
      [-1, 'expired', 'Expired'],
    ] as const) {
      // Half a day less than the whole days: a part of a day counts as a day.
      sim.clock.set(daysLeft > 0 ? expiresAt - daysLeft * DAY + DAY / 2 : expiresAt - daysLeft * DAY);
      await page.goto('/settings');
      // Weeks later the session cookie has expired too: sign in again, back to Settings.
      await Promise.race([badge.waitFor(), page.getByRole('heading', { name: 'Sign in' }).waitFor()]);
      if (!(await badge.isVisible())) await signIn();
      await badge.waitFor();
      expect(new URL(page.url()).pathname).toBe('/settings');
      expect(await badge.getAttribute('data-state')).toBe(state);
      expect(await badge.textContent()).toBe(text);
      await shot(page, `real-09-countdown-${state}`);
    }
  });

  it('disconnects, asking about the data first', async () => {
    await page.getByRole('button', { name: 'Disconnect' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disconnect PlayStation?' });
    await dialog.getByLabel('Delete them too').check();
    await dialog.getByRole('button', { name: 'Disconnect and delete data' }).click();
    await page.getByRole('button', { name: 'Connect PlayStation' }).waitFor();
    expect((await apiGet<{ connection: Connection | null }>('/api/connections/psn')).connection).toBeNull();
    await page.goto('/');
    await page.getByRole('heading', { name: 'No games yet' }).waitFor();
  });

  it('explains a short token from an old PSN session', async () => {
    // Another account whose browser session is 50 days old: its NPSSO yields a ~10-day token (seed 004).
    const { accountId } = sim.credentialsOf(1);
    const session = await fetch(`${simUrl}/__sim/accounts/${accountId}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ageDays: 50 }),
    });
    const { npsso } = (await session.json()) as { npsso: string };
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Connect PlayStation' }).click();
    await page.getByLabel('NPSSO').fill(npsso);
    await page.getByRole('button', { name: 'Verify & connect' }).click();
    await page.getByRole('heading', { name: 'Pick games to import' }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByText('This token came back short.').waitFor();
    expect(await page.locator('.badge').getAttribute('data-state')).toBe('amber');
    await shot(page, 'real-10-short-token');
    expect(errors).toEqual([]);
  });
});
