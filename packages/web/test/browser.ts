/**
 * Browser-test plumbing: Chromium (see chromium.ts) through playwright-core, screenshots into the
 * gitignored test/screenshots/, and helpers the specs share.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { resolveChromium } from './chromium.ts';

export const screenshotDir = fileURLToPath(new URL('./screenshots/', import.meta.url));
export const docsDir = fileURLToPath(new URL('../docs/', import.meta.url));

/** Launches headless Chromium; a browser that cannot start fails the suite with the reason and the fix. */
export async function launch(): Promise<Browser> {
  const binary = resolveChromium();
  try {
    return await chromium.launch({ executablePath: binary.executablePath, args: ['--no-sandbox'] });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Chromium (${binary.source}: ${binary.executablePath}) did not start: ${reason}\nSet CHROMIUM_PATH to a working Chromium, or run \`npm ci\` to reinstall the one from @sparticuz/chromium.`,
    );
  }
}

export interface ContextOptions {
  baseURL: string;
  colorScheme?: 'light' | 'dark';
  phone?: boolean;
}

export function newContext(browser: Browser, options: ContextOptions): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: options.baseURL,
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 860 },
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'Europe/Berlin',
    reducedMotion: 'reduce',
  });
}

/**
 * Writes `<name>.png` to test/screenshots/; with `TROPHYROOM_DOCS_SCREENSHOTS=1` also to docs/ when
 * `docs` names a file there (the README's picture, committed: refreshed on purpose only).
 */
export async function shot(page: Page, name: string, options: { fullPage?: boolean; docs?: string } = {}): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: options.fullPage ?? false, animations: 'disabled' });
  if (options.docs && process.env.TROPHYROOM_DOCS_SCREENSHOTS === '1') {
    mkdirSync(docsDir, { recursive: true });
    await page.screenshot({ path: `${docsDir}${options.docs}`, fullPage: false, animations: 'disabled' });
  }
}

/** Collects uncaught page errors and console errors (CSP violations included), so a spec can assert there were none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A Content-Security-Policy violation always counts, whatever it blocked.
    const text = message.text();
    if (message.type() === 'error' && (/Content Security Policy/i.test(text) || !/Failed to load resource|net::ERR|EventSource/i.test(text)))
      errors.push(`console: ${text}`);
  });
  return errors;
}

/** The figure a `<dl>` of stats shows under a term ("Platinums" → "230"). */
export function statValue(page: Page, term: string): Promise<string | null> {
  return page
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${term}$`) })
    .locator('+ dd')
    .textContent();
}
