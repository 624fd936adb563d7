/**
 * Accessibility and robustness in real Chromium against the fake API: text contrast of every
 * coloured piece in light and dark, the journey's key steps by keyboard alone, names on every
 * control, a 503 from PSN in plain words, and a session that ends mid-use.
 */
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launch, newContext, watchErrors } from './browser.ts';
import { contractViolations, FakeApi } from './fake-api.ts';
import { buildUi, fileServer } from './static-files.ts';

const BASE = 'http://trophyroom.test';
const NPSSO = 'Q7'.repeat(32);

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

function signedIn(imported = 6): FakeApi {
  const fake = new FakeApi({ titles: 40, loadingPolls: 0 });
  fake.user = { id: 'u1', username: 'alex', admin: true, createdAt: new Date(fake.now).toISOString() };
  fake.signedIn = true;
  fake.password = 'correct horse';
  fake.answer('POST', new URL(`${BASE}/api/connections/psn`), { npsso: NPSSO });
  for (const title of fake.titles.slice(0, imported)) fake.imported.add(title.entry.npCommunicationId);
  return fake;
}

async function open(fake: FakeApi, colorScheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; errors: string[] }> {
  const context = await newContext(browser, { baseURL: BASE, colorScheme });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await fake.install(page, fileServer(dist));
  return { page, errors };
}

/** WCAG contrast of every visible text node's colour against the first opaque background behind it. */
function lowContrast(page: Page, minimum: number): Promise<string[]> {
  return page.evaluate(`(() => {
    const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; };
    const lum = ({ r, g, b }) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
    const background = (el) => { for (let e = el; e; e = e.parentElement) { const bg = parse(getComputedStyle(e).backgroundColor); if (bg.a > 0.5) return bg; } return parse(getComputedStyle(document.documentElement).backgroundColor); };
    const bad = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || !node.textContent.trim() || seen.has(el)) continue;
      seen.add(el);
      const style = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      if (style.visibility === 'hidden' || rect.width <= 1 || rect.height <= 1 || el.closest('[disabled],::placeholder')) continue;
      const fg = parse(style.color);
      const bg = background(el);
      const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      const ratio = (hi + 0.05) / (lo + 0.05);
      if (ratio < ${minimum}) bad.push(el.className + ' "' + node.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
    }
    return bad;
  })()`) as Promise<string[]>;
}

describe('accessibility and robustness', () => {
  it('keeps text contrast at WCAG AA (4.5:1) on every screen, light and dark, every badge colour', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const fake = signedIn();
      const { page } = await open(fake, scheme);
      const connectedAt = fake.now;
      for (const days of [40, 50, 58.5, 61]) {
        fake.now = connectedAt + days * 86_400_000;
        await page.goto('/settings');
        await page.locator('.badge').waitFor();
        expect(await lowContrast(page, 4.5), `${scheme} settings +${days} days`).toEqual([]);
      }
      fake.now = connectedAt;
      for (const [path, ready] of [
        ['/', '.game'],
        ['/picker', '.pick'],
        [`/games/${fake.titles[2]!.entry.npCommunicationId}`, '.trophy'],
      ] as const) {
        await page.goto(path);
        await page.locator(ready).first().waitFor();
        expect(await lowContrast(page, 4.5), `${scheme} ${path}`).toEqual([]);
      }
      await page.context().close();
    }
  });

  it('gives every control an accessible name', async () => {
    const { page } = await open(signedIn());
    for (const path of ['/', '/picker', '/settings']) {
      await page.goto(path);
      await page.locator('.game, .pick, .badge').first().waitFor();
      const unnamed = await page.evaluate(`(() => [...document.querySelectorAll('button, a[href], input, select, textarea')]
        .filter((el) => {
          const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.labels && el.labels.length > 0) || el.textContent.trim();
          return !labelled;
        })
        .map((el) => el.outerHTML.slice(0, 80)))()`);
      expect(unnamed, path).toEqual([]);
    }
  });

  it('connects, picks, imports and opens a game by keyboard alone', async () => {
    const fake = new FakeApi({ titles: 30, loadingPolls: 1 });
    fake.user = { id: 'u1', username: 'alex', admin: true, createdAt: new Date(fake.now).toISOString() };
    fake.signedIn = true;
    const { page, errors } = await open(fake);
    await page.goto('/settings');
    const connect = page.getByRole('button', { name: 'Connect PlayStation' });
    await connect.waitFor();
    // Tab from the top of the page to the button.
    for (let i = 0; i < 20 && !(await connect.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await connect.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    const field = page.getByLabel('NPSSO');
    await field.focus();
    await page.keyboard.type(NPSSO);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('.pick').first().waitFor();
    // Focus moved to the new screen's content.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // Space toggles a title; the import button is reached by Tab.
    await page.locator('.pick__check').nth(10).focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('.pick__check:checked').count()).toBe(9);
    const importButton = page.getByRole('button', { name: 'Import 9 games' });
    await importButton.focus();
    await page.keyboard.press('Enter');
    await page.locator('.run[data-state="succeeded"]').waitFor();
    await page.getByRole('link', { name: 'Open your library' }).focus();
    await page.keyboard.press('Enter');
    const firstGame = page.locator('.game__name a').first();
    await firstGame.waitFor();
    await firstGame.focus();
    await page.keyboard.press('Enter');
    await page.locator('.trophy').first().waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/games\//);

    // The disconnect dialog traps focus and Escape closes it.
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Disconnect' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog')))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
  });

  it('says in plain words when PSN is down (503), and returns to sign-in when the session ends', async () => {
    const fake = new FakeApi({ titles: 10 });
    fake.user = { id: 'u1', username: 'alex', admin: true, createdAt: new Date(fake.now).toISOString() };
    fake.password = 'correct horse';
    fake.signedIn = true;
    const { page, errors } = await open(fake);
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Connect PlayStation' }).click();
    await page.getByLabel('NPSSO').fill(`unavailable${'x'.repeat(53)}`);
    await page.getByRole('button', { name: 'Verify & connect' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('PlayStation Network isn’t answering right now');

    // The session ends (expired, signed out elsewhere): the next call shows sign-in, and signing in returns here.
    fake.signedIn = false;
    await page.getByRole('link', { name: 'Pick games' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Username').fill('alex');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('don’t match');
    await page.getByLabel('Password').fill('correct horse');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Pick games to import' }).waitFor();
    expect(errors).toEqual([]);
  });
});
