import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '../simulator.ts';
import { get, signIn } from '../testing.ts';
import { progressOf } from '../world/trophy-math.ts';

const BASE = 'http://sim/api/trophy/v1';
const sim = createSimulator({ seed: 11, accounts: 30, titles: 260, privateRate: 0.3, clock: Date.parse('2026-11-02T00:00:00Z') });
const f = sim.fetch;
let token = '';
// biome-ignore lint/suspicious/noExplicitAny: JSON under test
const titles: any[] = [];

const privateIndex = Array.from({ length: 30 }, (_, i) => i).find((i) => sim.world.account(i).privateTrophies) as number;
const publicIndex = Array.from({ length: 30 }, (_, i) => i).find((i) => i > 0 && !sim.world.account(i).privateTrophies) as number;

beforeAll(async () => {
  token = (await signIn(f, 'http://sim', sim.credentialsOf(0).npsso)).access_token;
  let offset: number | undefined = 0;
  while (offset !== undefined) {
    const page = await get(f, `${BASE}/users/me/trophyTitles?limit=100&offset=${offset}`, token);
    expect(page.status).toBe(200);
    titles.push(...page.body.trophyTitles);
    offset = page.body.nextOffset;
  }
});

describe('title list', () => {
  it('pages through every title once, newest lastUpdatedDateTime first', async () => {
    const first = await get(f, `${BASE}/users/me/trophyTitles`, token);
    expect(first.body.trophyTitles).toHaveLength(100);
    expect(first.body.nextOffset).toBe(100);
    expect(first.body.previousOffset).toBeUndefined();
    expect(titles).toHaveLength(first.body.totalItemCount);
    expect(new Set(titles.map((t) => t.npCommunicationId)).size).toBe(titles.length);
    const times = titles.map((t) => Date.parse(t.lastUpdatedDateTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const second = await get(f, `${BASE}/users/me/trophyTitles?limit=100&offset=100`, token);
    expect(second.body.previousOffset).toBe(0);
    const last = await get(f, `${BASE}/users/me/trophyTitles?limit=800&offset=0`, token);
    expect(last.body.nextOffset).toBeUndefined();
  });

  it("refuses a limit over 800 or below 1 with Sony's error body", async () => {
    for (const limit of ['801', '0', 'abc']) {
      const r = await get(f, `${BASE}/users/me/trophyTitles?limit=${limit}`, token);
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ error: { referenceId: expect.any(String), code: 2240513, message: 'Bad Request (query: limit)' } });
    }
  });

  it('mixes PS5 trophy2 and PS4/PS3/Vita trophy titles with their stacks, DLC groups and consistent counts', () => {
    const services = new Set(titles.map((t) => t.npServiceName));
    expect(services).toEqual(new Set(['trophy', 'trophy2']));
    const platforms = new Set(titles.map((t) => t.trophyTitlePlatform));
    expect(platforms.has('PS5')).toBe(true);
    expect(platforms.has('PS4')).toBe(true);
    expect(titles.some((t) => t.hasTrophyGroups && t.trophyGroupCount > 1)).toBe(true);
    for (const t of titles) {
      expect(t.progress).toBe(progressOf(t.definedTrophies, t.earnedTrophies));
      expect(t.definedTrophies.platinum).toBeLessThanOrEqual(1);
      if (t.npServiceName === 'trophy2') expect(t.trophyTitleDetail).toBeUndefined();
      else expect(typeof t.trophyTitleDetail).toBe('string');
      for (const type of ['bronze', 'silver', 'gold', 'platinum']) expect(t.earnedTrophies[type]).toBeLessThanOrEqual(t.definedTrophies[type]);
      expect(t.earnedTrophies.bronze + t.earnedTrophies.silver + t.earnedTrophies.gold + t.earnedTrophies.platinum).toBeGreaterThan(0);
    }
  });

  it('sums to the trophy summary, whose level follows the points', async () => {
    const summary = (await get(f, `${BASE}/users/me/trophySummary`, token)).body;
    const sum = { bronze: 0, silver: 0, gold: 0, platinum: 0 };
    for (const t of titles) for (const k of Object.keys(sum) as Array<keyof typeof sum>) sum[k] += t.earnedTrophies[k];
    expect(summary.earnedTrophies).toEqual(sum);
    expect(summary.trophyPoint).toBe(sum.bronze * 15 + sum.silver * 30 + sum.gold * 90 + sum.platinum * 300);
    expect(summary.trophyPoint).toBeGreaterThanOrEqual(summary.trophyLevelBasePoint);
    expect(summary.trophyPoint).toBeLessThan(summary.trophyLevelNextPoint);
    expect(typeof summary.trophyLevel).toBe('number');
    expect(summary.tier).toBe(Math.min(10, Math.floor(summary.trophyLevel / 100) + 1));
  });
});

describe('definitions and earned trophies', () => {
  it('requires npServiceName=trophy for PS3/PS4/Vita titles (404 2240525) and serves trophy2 by default', async () => {
    const ps4 = titles.find((t) => t.npServiceName === 'trophy');
    const ps5 = titles.find((t) => t.npServiceName === 'trophy2');
    const missing = await get(f, `${BASE}/npCommunicationIds/${ps4.npCommunicationId}/trophyGroups`, token);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 2240525, message: 'Resource not found' });
    expect((await get(f, `${BASE}/npCommunicationIds/${ps4.npCommunicationId}/trophyGroups?npServiceName=trophy`, token)).status).toBe(200);
    expect((await get(f, `${BASE}/npCommunicationIds/${ps5.npCommunicationId}/trophyGroups`, token)).status).toBe(200);
    expect((await get(f, `${BASE}/npCommunicationIds/${ps5.npCommunicationId}/trophyGroups?npServiceName=trophy`, token)).status).toBe(404);
    expect((await get(f, `${BASE}/npCommunicationIds/NPWR99998_00/trophyGroups`, token)).status).toBe(404);
  });

  it('agrees at title, group and trophy level for every kind of title', async () => {
    const sample = [
      titles.find((t) => t.hasTrophyGroups),
      titles.find((t) => t.npServiceName === 'trophy2'),
      titles.find((t) => t.trophyTitlePlatform === 'PS3'),
    ].filter(Boolean);
    for (const t of sample) {
      const q = `npServiceName=${t.npServiceName}`;
      const groups = (await get(f, `${BASE}/npCommunicationIds/${t.npCommunicationId}/trophyGroups?${q}`, token)).body;
      const defs = (await get(f, `${BASE}/npCommunicationIds/${t.npCommunicationId}/trophyGroups/all/trophies?${q}`, token)).body;
      const earned = (await get(f, `${BASE}/users/me/npCommunicationIds/${t.npCommunicationId}/trophyGroups/all/trophies?${q}`, token)).body;
      const userGroups = (await get(f, `${BASE}/users/me/npCommunicationIds/${t.npCommunicationId}/trophyGroups?${q}`, token)).body;
      expect(groups.definedTrophies).toEqual(t.definedTrophies);
      expect(groups.trophyGroups.map((g: { trophyGroupId: string }) => g.trophyGroupId)[0]).toBe('default');
      expect(groups.trophyGroups).toHaveLength(t.trophyGroupCount);
      expect(defs.totalItemCount).toBe(defs.trophies.length);
      expect(defs.hasTrophyGroups).toBe(t.hasTrophyGroups);
      const counted = { bronze: 0, silver: 0, gold: 0, platinum: 0 } as Record<string, number>;
      for (const d of defs.trophies) counted[d.trophyType] = (counted[d.trophyType] ?? 0) + 1;
      expect(counted).toEqual(t.definedTrophies);
      const byId = new Map(earned.trophies.map((e: { trophyId: number }) => [e.trophyId, e]));
      const got = { bronze: 0, silver: 0, gold: 0, platinum: 0 } as Record<string, number>;
      for (const d of defs.trophies) {
        // biome-ignore lint/suspicious/noExplicitAny: JSON under test
        const e = byId.get(d.trophyId) as any;
        expect(e.trophyType).toBe(d.trophyType);
        expect(e.trophyEarnedRate).toMatch(/^\d{1,3}\.\d$/);
        expect([0, 1, 2, 3]).toContain(e.trophyRare);
        if (e.earned) got[d.trophyType] = (got[d.trophyType] ?? 0) + 1;
        else expect(e.earnedDateTime).toBeUndefined();
      }
      expect(got).toEqual(t.earnedTrophies);
      expect(userGroups.earnedTrophies).toEqual(t.earnedTrophies);
      expect(userGroups.progress).toBe(t.progress);
      expect(userGroups.trophySetVersion).toBe(t.trophySetVersion);
      // Whoever holds the platinum holds every other trophy of the base game.
      const platinum = earned.trophies.find((e: { trophyType: string }) => e.trophyType === 'platinum');
      const base = defs.trophies.filter((d: { trophyGroupId: string }) => d.trophyGroupId === 'default').map((d: { trophyId: number }) => d.trophyId);
      // biome-ignore lint/suspicious/noExplicitAny: JSON under test
      if (platinum?.earned) expect(base.every((id: number) => (byId.get(id) as any).earned)).toBe(true);
      expect(earned.rarestTrophies[0].earned).toBe(true);
    }
  });

  it('gives PS5 progress trophies a target and unearned ones their progress as a string', async () => {
    let found = false;
    for (const t of titles.filter((x) => x.npServiceName === 'trophy2')) {
      const defs = (await get(f, `${BASE}/npCommunicationIds/${t.npCommunicationId}/trophyGroups/all/trophies`, token)).body;
      const target = defs.trophies.find((d: { trophyProgressTargetValue?: string }) => d.trophyProgressTargetValue);
      if (!target) continue;
      const earned = (await get(f, `${BASE}/users/me/npCommunicationIds/${t.npCommunicationId}/trophyGroups/all/trophies`, token)).body;
      const e = earned.trophies.find((x: { trophyId: number }) => x.trophyId === target.trophyId);
      if (e.earned) continue;
      expect(typeof target.trophyProgressTargetValue).toBe('string');
      expect(typeof e.progress).toBe('string');
      expect(e.progressRate).toBe(Math.floor((Number(e.progress) * 100) / Number(target.trophyProgressTargetValue)));
      found = true;
      break;
    }
    expect(found).toBe(true);
  });

  it('pages trophies with limit and offset and 404s an unknown group', async () => {
    const t = titles.find((x) => x.npServiceName === 'trophy2');
    const page = (await get(f, `${BASE}/npCommunicationIds/${t.npCommunicationId}/trophyGroups/all/trophies?limit=2&offset=1`, token)).body;
    expect(page.trophies.map((x: { trophyId: number }) => x.trophyId)).toEqual([1, 2]);
    expect(page.previousOffset).toBe(0);
    expect((await get(f, `${BASE}/npCommunicationIds/${t.npCommunicationId}/trophyGroups/099/trophies`, token)).status).toBe(404);
  });

  it('never shows a platinum without the whole base game earned, across the library', () => {
    for (const item of sim.world.library(0).items) {
      const state = sim.world.stateOf(0, item);
      const plat = item.title.trophies.findIndex((t) => t.type === 'platinum');
      if (plat < 0 || !state.earned[plat]) continue;
      item.title.trophies.forEach((t, i) => {
        if (t.groupId === 'default') expect(state.earned[i]).toBe(1);
      });
    }
  });

  it('404s the earned state of a title the user never played', async () => {
    const owned = new Set(titles.map((t) => t.npCommunicationId));
    let index = 0;
    while (owned.has(`NPWR${30000 + index}_00`) || sim.world.catalog.at(index).service !== 'trophy2') index++;
    const r = await get(f, `${BASE}/users/me/npCommunicationIds/NPWR${30000 + index}_00/trophyGroups`, token);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe(2240525);
  });
});

describe('other users', () => {
  it("refuses a private user's titles, summary and trophies with 403 2240526", async () => {
    const other = sim.credentialsOf(privateIndex).accountId;
    for (const path of [`users/${other}/trophyTitles`, `users/${other}/trophySummary`]) {
      const r = await get(f, `${BASE}/${path}`, token);
      expect(r.status).toBe(403);
      expect(r.body.error).toMatchObject({ code: 2240526, message: 'Not permitted by access control' });
    }
  });

  it('hides hidden titles from everyone but their owner', async () => {
    const owner = sim.credentialsOf(publicIndex);
    const ownerToken = (await signIn(f, 'http://sim', owner.npsso)).access_token;
    const own = (await get(f, `${BASE}/users/me/trophyTitles?limit=800`, ownerToken)).body;
    const seen = (await get(f, `${BASE}/users/${owner.accountId}/trophyTitles?limit=800`, token)).body;
    const hidden = own.trophyTitles.filter((t: { hiddenFlag: boolean }) => t.hiddenFlag).length;
    expect(seen.totalItemCount).toBe(own.totalItemCount - hidden);
    expect(seen.trophyTitles.some((t: { hiddenFlag: boolean }) => t.hiddenFlag)).toBe(false);
  });

  it('rejects an online id where an account id belongs (400 2240513) and an unknown account (404)', async () => {
    expect((await get(f, `${BASE}/users/${sim.credentialsOf(1).onlineId}/trophyTitles`, token)).body.error.code).toBe(2240513);
    expect((await get(f, `${BASE}/users/1234567890123456789/trophyTitles`, token)).status).toBe(404);
  });
});

describe('by title id, languages and the recorded examples', () => {
  it('answers up to 5 npTitleIds, 404s unknown ones and gives [] for titles never played', async () => {
    const played = sim.world
      .gameList(0)
      .slice(0, 2)
      .map((g) => g.npTitleId);
    const owned = new Set(titles.map((t) => t.npCommunicationId));
    let i = 0;
    while (owned.has(`NPWR${30000 + i}_00`) || !sim.world.catalog.at(i).npTitleIds[0]) i++;
    const unplayed = sim.world.catalog.at(i).npTitleIds[0] as string;
    const r = await get(f, `${BASE}/users/me/titles/trophyTitles?npTitleIds=${[...played, unplayed].join(',')}&includeNotEarnedTrophyIds=true`, token);
    expect(r.status).toBe(200);
    expect(r.body.titles[0].trophyTitles[0]).toMatchObject({
      npCommunicationId: expect.stringMatching(/^NPWR/),
      rarestTrophies: [expect.objectContaining({ trophyName: expect.any(String), earned: true })],
    });
    expect(Array.isArray(r.body.titles[0].trophyTitles[0].notEarnedTrophyIds)).toBe(true);
    expect(r.body.titles[2]).toEqual({ npTitleId: unplayed, trophyTitles: [] });
    const unknown = await get(f, `${BASE}/users/me/titles/trophyTitles?npTitleIds=SSSA01325_00`, token);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe("Resource not found (npTitleId='SSSA01325_00')");
    const six = await get(f, `${BASE}/users/me/titles/trophyTitles?npTitleIds=${Array(6).fill(played[0]).join(',')}`, token);
    expect(six.status).toBe(400);
  });

  it('speaks English and German through Accept-Language', async () => {
    const t = titles.find((x) => x.npServiceName === 'trophy2');
    const url = `${BASE}/npCommunicationIds/${t.npCommunicationId}/trophyGroups/all/trophies`;
    const en = (await get(f, url, token, { 'accept-language': 'en-US' })).body.trophies[1];
    const de = (await get(f, url, token, { 'accept-language': 'de-DE,de;q=0.9' })).body.trophies[1];
    expect(en.trophyId).toBe(de.trophyId);
    expect(en.trophyName).not.toBe(de.trophyName);
  });

  it('holds RESIDENT EVIL 5 with its default and 001 VERSUS groups and the counts of seed 002', async () => {
    const groups = (await get(f, `${BASE}/npCommunicationIds/NPWR10600_00/trophyGroups?npServiceName=trophy`, token)).body;
    expect(groups).toMatchObject({
      trophyTitleName: 'RESIDENT EVIL 5',
      trophyTitleDetail: 'RESIDENT EVIL 5 Trophy Set',
      trophyTitlePlatform: 'PS4',
      definedTrophies: { bronze: 53, silver: 16, gold: 1, platinum: 1 },
    });
    expect(groups.trophyGroups[0]).toMatchObject({
      trophyGroupId: 'default',
      trophyGroupName: 'RESIDENT EVIL 5',
      definedTrophies: { bronze: 38, silver: 11, gold: 1, platinum: 1 },
    });
    expect(groups.trophyGroups[1]).toMatchObject({
      trophyGroupId: '001',
      trophyGroupName: 'VERSUS',
      definedTrophies: { bronze: 7, silver: 3, gold: 0, platinum: 0 },
    });
    const re5 = titles.find((t) => t.npCommunicationId === 'NPWR10600_00');
    expect(re5).toMatchObject({ earnedTrophies: { bronze: 38, silver: 11, gold: 1, platinum: 1 }, lastUpdatedDateTime: '2017-02-09T22:14:52Z' });
    const fallGuys = titles.find((t) => t.npCommunicationId === 'NPWR19418_00');
    expect(fallGuys.progress).toBe(91);
  });
});
