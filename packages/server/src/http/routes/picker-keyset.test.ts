import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Harness, type Json, startHarness } from '../../../test/http-harness.ts';
import { dialects } from '../../../test/stores.ts';

const TITLES = 2500;

/** Every page of the picker for `query`, followed by its cursor, and the first page's counts. */
async function walk(client: Client, query: string, limit: number): Promise<{ items: Json[]; total: number; preselected: number; pages: number }> {
  const items: Json[] = [];
  let cursor: string | null = null;
  let first: Json;
  let pages = 0;
  do {
    const page: Json = (await client.get(`/api/psn/titles?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`)).body;
    first ??= page;
    expect(page.total).toBe(first.total);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor);
  return { items, total: first.total, preselected: first.preselected, pages };
}

const activity = (t: Json): string => (t.lastPlayedAt && t.lastPlayedAt > t.lastUpdatedAt ? t.lastPlayedAt : t.lastUpdatedAt);

describe.each(dialects)('the picker at %s scale: keyset pages, search and platform in SQL', (dialect) => {
  let h: Harness;
  let ana: Client;
  let all: Json[];
  let total: number;

  beforeAll(async () => {
    h = await startHarness({ dialect, sim: { accounts: 1, titles: TITLES } });
    ana = await h.user('ana');
    expect((await ana.post('/api/connections/psn', { npsso: h.sim.npssoOf(0) })).status).toBe(201);
    await ana.until('/api/psn/titles?limit=1', (r) => r.body.state === 'ready', 60_000);
    ({ items: all, total } = await walk(ana, '', 1000));
  }, 120_000);
  afterAll(() => h.close());

  it('pages the whole title list in its order, each title once, whatever the page size', async () => {
    // The account's library as the simulator generates it: the size knob, and a few titles of its own.
    expect(total).toBeGreaterThanOrEqual(TITLES);
    expect(all).toHaveLength(total);
    expect(new Set(all.map((t) => t.npCommunicationId)).size).toBe(total);
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1], all[i]];
      expect(activity(a) > activity(b) || (activity(a) === activity(b) && a.name <= b.name)).toBe(true);
    }
    const small = await walk(ana, '', 97);
    expect(small.pages).toBe(Math.ceil(total / 97));
    expect(small.items.map((t) => t.npCommunicationId)).toEqual(all.map((t) => t.npCommunicationId));
    expect(small.preselected).toBe(all.filter((t) => t.preselected).length);
  });

  it('filters by platform and search in the query, pages agreeing with the whole list filtered', async () => {
    const word = String(all[total >> 1].name)
      .split(' ')[0]
      ?.toLowerCase() as string;
    for (const [query, keep] of [
      ['&platform=ps4', (t: Json) => t.platforms.includes('PS4')],
      ['&platform=PS5', (t: Json) => t.platforms.includes('PS5')],
      [`&q=${encodeURIComponent(word.toUpperCase())}`, (t: Json) => t.name.toLowerCase().includes(word)],
      [`&q=${encodeURIComponent(word)}&platform=ps5`, (t: Json) => t.name.toLowerCase().includes(word) && t.platforms.includes('PS5')],
      ['&q=no%20such%20title%20anywhere', () => false],
    ] as const) {
      const expected = all.filter(keep);
      const paged = await walk(ana, query, 150);
      expect(paged.total, query).toBe(expected.length);
      expect(paged.items.map((t) => t.npCommunicationId)).toEqual(expected.map((t) => t.npCommunicationId));
      expect(paged.preselected).toBe(expected.filter((t) => t.preselected).length);
      // "Select all" under the filter is one call, the same ids in the same order.
      const ids = (await ana.get(`/api/psn/titles/ids?${query.slice(1)}`)).body.ids;
      expect(ids).toEqual(expected.map((t) => t.npCommunicationId));
      const pre = (await ana.get(`/api/psn/titles/ids?preselected=true${query}`)).body.ids;
      expect(pre).toEqual(expected.filter((t) => t.preselected).map((t) => t.npCommunicationId));
    }
  });

  it('refuses a cursor it did not give out, saying to start again', async () => {
    for (const cursor of ['12', 'bm90LWpzb24', Buffer.from('[1,2]').toString('base64url')]) {
      const r = await ana.get(`/api/psn/titles?cursor=${cursor}`);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_cursor');
      expect(r.body.error.message).toMatch(/first page/);
    }
  });
});
