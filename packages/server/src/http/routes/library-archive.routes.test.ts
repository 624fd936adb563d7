import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type Harness, type Json, startHarness } from '../../../test/http-harness.ts';

/** Connects account `index`, imports every title and waits for the import to end. */
async function imported(h: Harness, client: Client, index: number): Promise<string[]> {
  expect((await client.post('/api/connections/psn', { npsso: h.sim.npssoOf(index) })).status).toBe(201);
  await client.until('/api/psn/titles?limit=1', (r) => r.body.state === 'ready');
  const ids = (await client.get('/api/psn/titles/ids')).body.ids as string[];
  // All but two: the export holds titles never imported too.
  const { jobId } = (await client.post('/api/psn/import', { npCommunicationIds: ids.slice(2) })).body;
  await client.until(`/api/sync/runs?jobId=${jobId}`, (r) => r.body.items[0] && r.body.items[0].state !== 'running', 30_000);
  return ids;
}

/** Every game of the library with all its trophies, secret ones revealed, as the API shows them. */
async function library(client: Client): Promise<Json[]> {
  const games = [];
  let cursor: string | null = null;
  do {
    const page: Json = (await client.get(`/api/games?limit=100&sort=name${cursor ? `&cursor=${cursor}` : ''}`)).body;
    for (const g of page.items) games.push((await client.get(`/api/games/${g.npCommunicationId}?reveal=true`)).body);
    cursor = page.nextCursor;
  } while (cursor);
  return games;
}

describe('the library archive: export, and import into an empty instance (SQLite → PostgreSQL)', () => {
  let source: Harness;
  let target: Harness;
  let ana: Client;
  beforeAll(async () => {
    // From SQLite into PostgreSQL: the archive does not depend on the store.
    source = await startHarness();
    // Both instances speak to the same PSN, so Sony's icons map to the same `/api/images/…` on both.
    target = await startHarness({ dialect: 'postgres', server: { psnBaseUrl: source.simUrl } });
    ana = await source.user('ana');
    await imported(source, ana, 1);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([source.close(), target.close()]);
  });

  it('exports the whole library as JSON and CSV, and an empty instance imports the JSON back trophy by trophy', async () => {
    const exported = await ana.get('/api/library/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(/attachment; filename="trophyroom-library-.*\.json"/);
    const archive = exported.body;
    expect(archive).toMatchObject({ format: 'trophyroom-library', version: 1, account: { onlineId: expect.any(String) } });
    expect(JSON.stringify(archive)).not.toMatch(/accessToken|refresh|npsso/i);
    const titles = (await ana.get('/api/psn/titles/ids')).body.ids.length;
    expect(archive.titles).toHaveLength(titles);
    const earnedInArchive = archive.titles.flatMap((t: Json) => t.trophies).filter((x: Json) => x.earned).length;
    expect(earnedInArchive).toBeGreaterThan(0);

    const csv = await ana.get('/api/library/export.csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (csv.body as string).trim().split('\r\n');
    expect(rows[0]).toBe(
      'npCommunicationId,title,platform,picked,progress,goneFromPsnAt,countsDroppedAt,groupId,groupName,trophyId,type,name,detail,hidden,earned,earnedAt,earnedRate,rarity,withdrawnAt',
    );
    const trophies = archive.titles.reduce((n: number, t: Json) => n + Math.max(1, t.trophies.length), 0);
    expect(rows.length - 1).toBeLessThanOrEqual(trophies + 50);

    // Into another instance, for a user with an empty library (no PSN connection needed).
    const bo = await target.user('bob');
    const done = await bo.post('/api/library/import', archive);
    expect(done.status).toBe(201);
    expect(done.body).toEqual({ titles: archive.titles.length, trophies: expect.any(Number) });

    const [before, after] = await Promise.all([library(ana), library(bo)]);
    expect(after.length).toBe(before.length);
    expect(after).toEqual(before);
    expect((await bo.get('/api/stats')).body).toEqual((await ana.get('/api/stats')).body);
    // The export of the imported library is the same file (but for when it was made and the account).
    const again = (await bo.get('/api/library/export')).body;
    expect({ ...again, exportedAt: 0, account: null }).toEqual({ ...archive, exportedAt: 0, account: null });

    // Once is enough: the library is no longer empty.
    const twice = await bo.post('/api/library/import', archive);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('library_not_empty');
  });

  it('rejects a bad file with a clear error and changes nothing', async () => {
    const archive = (await ana.get('/api/library/export')).body;
    const cy = await target.user('cyd');
    const refused = async (body: unknown, code: string, message: RegExp) => {
      const r = await cy.request('POST', '/api/library/import', body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).toMatch(message);
      expect((await cy.get('/api/games')).body.total).toBe(0);
      expect((await cy.get('/api/library/export')).body.titles).toEqual([]);
    };
    await refused('{"format": "trophyroom-library", "titles": [', 'invalid_request', /JSON/);
    await refused({ ...archive, format: 'something-else' }, 'invalid_request', /not a Trophyroom library export/);
    await refused({ ...archive, version: 2 }, 'invalid_request', /version/);
    const broken = structuredClone(archive);
    broken.titles[3].trophies[0].type = 'diamond';
    await refused(broken, 'invalid_request', /titles\.3\.trophies\.0\.type/);
    const twice = structuredClone(archive);
    twice.titles.push(twice.titles[4]);
    await refused(twice, 'invalid_archive', /appears twice.*Nothing was imported/);
    const orphan = structuredClone(archive);
    const withTrophies = orphan.titles.findIndex((t: Json) => t.trophies.length > 0 && t.groups.length > 0);
    orphan.titles[withTrophies].trophies[0].groupId = '999';
    await refused(orphan, 'invalid_archive', /group "999"/);
    // The last title is broken: none before it was written either.
    const late = structuredClone(archive);
    late.titles.at(-1).npCommunicationId = 'not-an-id';
    await refused(late, 'invalid_request', /npCommunicationId/);
    expect((await target.anonymous().request('POST', '/api/library/import', archive)).status).toBe(401);
  });
});
