/**
 * The library page with 2,000 imported games, in headless Chromium (Debian's, through
 * playwright-core), against the real server (in process, fresh SQLite) and the PSN simulator
 * (in process, rate limit off):
 *
 * 1. setup: sign up over HTTP, then connect and import all 2,000 titles through the engine with the
 *    client's rate budget off (most of the time, ~30 s), then the server again on the same folder;
 * 2. three cold loads of `/` (new browser context each: no cache), measuring from navigation start
 *    - first render: the first game card in the DOM (MutationObserver, `performance.now()`),
 *    - interactive: the end of the last long task (> 50 ms, Long Tasks API) once the first page is
 *      shown, or first render when there is none (a simplified time-to-interactive);
 * 3. then, in the last page: "Show more" until all 2,000 cards are in the DOM (time per page of 50,
 *    click → painted, timed in the page),
 *    the DOM size and JS heap at 2,000 (CDP `Performance.getMetrics`), and the input latency of a
 *    sort change with 2,000 cards on screen (change → new first card painted).
 *
 * `npx tsx --conditions=development bench/web-library.ts` runs it alone. The UI must be built
 * (`npm run build -w @trophyroom/web`).
 * @module
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, openStore, startServer } from '@trophyroom/server';
import { resolveVaultKeys, Vault } from '@trophyroom/vault';
import { createSimulator } from 'psn-sim';
import { launch } from '../packages/web/test/browser.ts';
import type { Row } from './table.ts';

const TITLES = 2000;
const RUNS = 3;
const WEB_DIST = fileURLToPath(new URL('../packages/web/dist/', import.meta.url));
const BENCH = 'web library (2,000 games)';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Records, in the page, when the first game card appears and every long task. */
const probe = () => {
  const marks = { firstGame: 0, longTasks: [] as Array<{ start: number; end: number }> };
  (window as unknown as { __bench: typeof marks }).__bench = marks;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) marks.longTasks.push({ start: entry.startTime, end: entry.startTime + entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No Long Tasks API: interactive falls back to first render.
  }
  new MutationObserver((_, observer) => {
    if (document.querySelector('.game')) {
      marks.firstGame = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};

export async function benchWebLibrary(): Promise<Row[]> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('web-library: build the UI first (npm run build -w @trophyroom/web)');

  const sim = createSimulator({ seed: 42, accounts: 1, titles: TITLES, rateLimit: false });
  const simUrl = await sim.listen(0);
  const dataDir = mkdtempSync(join(tmpdir(), 'trophyroom-bench-web-'));
  const serverOptions = { port: 0, host: '127.0.0.1', dataDir, psnBaseUrl: simUrl, webDir: WEB_DIST, logLevel: 'silent' as const, env: {} };
  let server = await startServer(serverOptions);
  const browser = await launch();
  try {
    // 1. Setup: the account over HTTP, as the UI makes it; then the library straight through the
    // engine with the client's rate budget off (through the server, 2,000 titles would wait out
    // the real 300-per-15-minutes budget for hours). Then the server again, on the same folder.
    let base = server.url!;
    let cookie = '';
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(base + path, {
        method,
        headers: { origin: base, cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const set = response.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      if (!response.ok) throw new Error(`web-library: ${method} ${path} → ${response.status} ${await response.text()}`);
      return response.status === 204 ? null : ((await response.json()) as Record<string, unknown>);
    };
    const credentials = { username: 'bench', password: 'a long enough password' };
    const { user } = (await call('POST', '/api/auth/signup', credentials)) as { user: { id: string } };
    await server.close();

    const importStarted = Date.now();
    const store = await openStore(`sqlite:${join(dataDir, 'trophyroom.db')}`);
    try {
      const vault = new Vault(resolveVaultKeys({ keyFile: join(dataDir, 'vault.key') }));
      const engine = createEngine({ store, vault, psnOptions: { baseUrl: simUrl, budget: false } });
      await engine.connection.connect(user.id, sim.credentialsOf(0).npsso, { queueTitleList: false });
      await engine.picker.refreshTitleList(user.id, { playTimes: true });
      const ids = (await engine.picker.entries(user.id)).map((entry) => entry.npCommunicationId);
      await engine.library.importTitles(user.id, ids);
    } finally {
      await store.close();
    }
    const importMs = Date.now() - importStarted;

    server = await startServer(serverOptions);
    base = server.url!;
    await call('POST', '/api/auth/login', credentials);
    const games = (await call('GET', '/api/games?limit=1')) as { total: number };
    const [name, value] = cookie.split('=') as [string, string];

    // 2. Cold loads.
    const firstRenders: number[] = [];
    const interactives: number[] = [];
    let page = null as Awaited<ReturnType<Awaited<ReturnType<typeof browser.newContext>>['newPage']>> | null;
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      await context.addCookies([{ name, value, url: base }]);
      await context.addInitScript(probe);
      page = await context.newPage();
      await page.goto(`${base}/`);
      await page.locator('.game').first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(600); // a quiet window after the first page, for long tasks to report
      const marks = await page.evaluate(
        () => (window as unknown as { __bench: { firstGame: number; longTasks: Array<{ start: number; end: number }> } }).__bench,
      );
      firstRenders.push(marks.firstGame);
      interactives.push(Math.max(marks.firstGame, ...marks.longTasks.map((task) => task.end)));
      if (run < RUNS - 1) await context.close();
    }

    // 3. All 2,000 cards, then a sort change with them on screen.
    const p = page!;
    const perPage: number[] = [];
    // Timed in the page (click → the new cards painted), so Playwright's round trips are not counted.
    for (let shown = await p.locator('.game').count(); shown < games.total; ) {
      await p.locator('.load-more button').scrollIntoViewIfNeeded();
      const ms = (await p.evaluate(`(async () => {
        const before = document.querySelectorAll('.game').length;
        const started = performance.now();
        document.querySelector('.load-more button').click();
        await new Promise((resolve) => {
          const check = () => (document.querySelectorAll('.game').length > before ? resolve() : requestAnimationFrame(check));
          check();
        });
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        return performance.now() - started;
      })()`)) as number;
      perPage.push(ms);
      shown = await p.locator('.game').count();
    }
    const cdp = await p.context().newCDPSession(p);
    await cdp.send('Performance.enable');
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
    const metric = (key: string) => metrics.find((m) => m.name === key)?.value ?? 0;
    const firstName = await p.locator('.game__name').first().textContent();
    // A string, not a function: tsx's helpers (__name) do not exist in the page.
    const latency = (await p.evaluate(`(async (before) => {
      const select = document.querySelector('#library-sort');
      const started = performance.now();
      select.value = 'name';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await new Promise((resolve) => {
        const check = () => {
          const shown = document.querySelectorAll('.game').length;
          if (shown > 0 && shown <= 50 && document.querySelector('.game__name').textContent !== before) resolve();
          else requestAnimationFrame(check);
        };
        check();
      });
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return performance.now() - started;
    })(${JSON.stringify(firstName)})`)) as number;

    const failure = games.total < TITLES ? `only ${games.total} of ${TITLES} games imported` : undefined;
    const rows: Row[] = [
      { benchmark: BENCH, metric: `setup: import of ${games.total.toLocaleString('en-US')} titles (not the UI)`, value: importMs / 1000, unit: 's' },
      { benchmark: BENCH, metric: `first render, cold, median of ${RUNS}`, value: median(firstRenders), unit: 'ms', target: { value: 1000, kind: 'ceiling' } },
      {
        benchmark: BENCH,
        metric: `interactive (last long task), cold, median of ${RUNS}`,
        value: median(interactives),
        unit: 'ms',
        target: { value: 1500, kind: 'ceiling' },
      },
      {
        benchmark: BENCH,
        metric: 'next 50 games ("Show more" → painted), p95',
        value: percentile(perPage, 95),
        unit: 'ms',
        target: { value: 500, kind: 'ceiling' },
      },
      {
        benchmark: BENCH,
        metric: `sort change with ${games.total.toLocaleString('en-US')} cards on screen`,
        value: latency,
        unit: 'ms',
        target: { value: 500, kind: 'ceiling' },
      },
      { benchmark: BENCH, metric: `JS heap with ${games.total.toLocaleString('en-US')} cards`, value: metric('JSHeapUsedSize') / 1024 / 1024, unit: 'MB' },
      { benchmark: BENCH, metric: `DOM nodes with ${games.total.toLocaleString('en-US')} cards`, value: metric('Nodes'), unit: '' },
    ];
    return failure ? rows.map((row) => ({ ...row, failure })) : rows;
  } finally {
    await browser.close();
    await server.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { formatTable } = await import('./table.ts');
  process.stdout.write(formatTable(await benchWebLibrary()));
}
