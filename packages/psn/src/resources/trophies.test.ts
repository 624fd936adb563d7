import { describe, expect, it } from 'vitest';
import { signedIn, startSim } from '../../test/sim-harness.ts';
import { NotFoundError } from '../errors/kinds.ts';
import { isNotFoundError, isPsnError } from '../errors/guards.ts';
import type { MergedTitle } from './merged-title.ts';
import { progressOf } from './trophy-groups.ts';

describe('trophy resources against the simulator', () => {
  it('lists every title in ⌈T/800⌉ requests, newest first', async () => {
    const h = await startSim({ titles: 1700, accounts: 2 });
    const psn = await signedIn(h);
    await h.resetRequests();
    const titles = await psn.trophies.allTitles().all();
    expect(titles).toHaveLength(h.sim.world.library(0).items.length);
    expect((await h.requests()).byRoute).toEqual({ 'trophy.titles': 3 });
    const times = titles.map((t) => Date.parse(t.lastUpdatedDateTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('reads definitions and earned state of PS4 and PS5 titles, with numbers where Sony sends strings', async () => {
    const h = await startSim({ titles: 40 });
    const psn = await signedIn(h);
    const titles = await psn.trophies.allTitles().all();
    for (const title of [titles.find((t) => t.npServiceName === 'trophy'), titles.find((t) => t.npServiceName === 'trophy2')]) {
      if (!title) throw new Error('fixture: both services expected');
      const groups = await psn.trophies.titleGroups(title);
      expect(groups.definedTrophies).toEqual(title.definedTrophies);
      const definitions = await psn.trophies.titleTrophies(title);
      const earned = await psn.trophies.userTrophies(title);
      const userGroups = await psn.trophies.userGroups(title);
      expect(definitions.trophies.map((t) => t.trophyId)).toEqual(earned.trophies.map((t) => t.trophyId));
      expect(typeof earned.trophies[0]?.trophyEarnedRate).toBe('number');
      expect(userGroups.earnedTrophies).toEqual(title.earnedTrophies);
      const defaultOnly = await psn.trophies.userTrophies(title, 'default');
      expect(defaultOnly.trophies.every((t) => definitions.trophies.find((d) => d.trophyId === t.trophyId)?.trophyGroupId === 'default')).toBe(true);
    }
  });

  it('says what to try when a PS4 title is asked for without its npServiceName', async () => {
    const h = await startSim({ titles: 40 });
    const psn = await signedIn(h);
    const ps4 = (await psn.trophies.allTitles().all()).find((t) => t.npServiceName === 'trophy');
    const error = await psn.trophies.titleTrophies(ps4?.npCommunicationId ?? '').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).hint).toContain("npServiceName: 'trophy'");
  });

  it('sends any id to Sony and answers its 404 for an unknown or odd-looking one, never a TypeError (issue 14)', async () => {
    const h = await startSim({ titles: 5 });
    const psn = await signedIn(h);
    const before = h.sent.length;
    for (const id of ['CUSA12345_00', 'SSSA01325_00', 'NPWR1_00', 'npwr10600_00', 'RE5 / all?x=1', '']) {
      for (const call of [() => psn.trophies.titleTrophies(id), () => psn.trophies.titleGroups({ npCommunicationId: id, npServiceName: 'trophy' })]) {
        const error = await call().catch((e: unknown) => e);
        expect(isPsnError(error)).toBe(true);
        expect(isNotFoundError(error)).toBe(true);
      }
    }
    const sonys = await psn.trophies.titleTrophies('SSSA01325_00').catch((e: unknown) => e);
    expect(sonys).toMatchObject({ status: 404, code: 2240525 });
    // Every one of them went to Sony (one request each): the client did not judge the id.
    expect(h.sent.length - before).toBe(13);
  });

  it('looks titles up by product id in batches of 5, in the order given', async () => {
    const h = await startSim({ titles: 60 });
    const psn = await signedIn(h);
    const ids = h.sim.world
      .gameList(0)
      .slice(0, 12)
      .map((g) => g.npTitleId);
    await h.resetRequests();
    const found = await psn.trophies.byTitleIds(ids, { includeNotEarnedTrophyIds: true });
    expect(found.map((f) => f.npTitleId)).toEqual(ids);
    expect((await h.requests()).byRoute).toEqual({ 'trophy.byTitleId': 3 });
    expect(found[0]?.trophyTitles[0]?.rarestTrophies?.[0]?.earned).toBe(true);
    expect(Array.isArray(found[0]?.trophyTitles[0]?.notEarnedTrophyIds)).toBe(true);
  });
});

describe('by product id with an unknown id in a batch', () => {
  it('still answers the known ids and reports the unknown one as a title without trophies', async () => {
    const h = await startSim({ titles: 60 });
    const psn = await signedIn(h);
    const ids = h.sim.world
      .gameList(0)
      .slice(0, 7)
      .map((g) => g.npTitleId);
    const found = await psn.trophies.byTitleIds([...ids.slice(0, 3), 'CUSA99998_00', ...ids.slice(3)]);
    expect(found.map((f) => f.npTitleId)).toEqual([...ids.slice(0, 3), 'CUSA99998_00', ...ids.slice(3)]);
    expect(found[3]?.trophyTitles).toEqual([]);
    expect(found.filter((f) => f.trophyTitles.length === 1)).toHaveLength(7);
  });
});

describe('the merged title view', () => {
  async function merged(titlesInLibrary = 80) {
    const h = await startSim({ titles: titlesInLibrary });
    const psn = await signedIn(h);
    const titles = await psn.trophies.allTitles().all();
    return { h, psn, titles };
  }

  function checkAgainstSimulator(view: MergedTitle, h: Awaited<ReturnType<typeof startSim>>) {
    const state = h.sim.world.titleState(0, view.npCommunicationId);
    if (!state) throw new Error('title not in the library');
    const all = view.groups.flatMap((g) => g.trophies);
    expect(all).toHaveLength(state.title.trophies.length);
    state.title.trophies.forEach((def, i) => {
      const trophy = all.find((t) => t.id === def.id);
      expect(trophy?.type).toBe(def.type);
      expect(trophy?.groupId).toBe(def.groupId);
      expect(trophy?.hidden).toBe(def.hidden);
      expect(trophy?.earned).toBe(state.earned[i] === 1);
      expect(trophy?.rarity.rate).toBe(def.rate / 10);
    });
    expect(view.earnedTrophies).toEqual({ ...state.earnedCounts });
    expect(view.definedTrophies).toEqual({ ...state.defined });
    expect(view.progress).toBe(state.progress);
    for (const group of view.groups) expect(group.progress).toBe(state.groups.get(group.id)?.progress);
  }

  it('joins definitions and earned state by trophyId for a title with DLC groups, in 3 requests', async () => {
    const { h, psn, titles } = await merged(200);
    const withGroups = titles.find((t) => t.hasTrophyGroups);
    if (!withGroups) throw new Error('fixture: a title with DLC groups expected');
    await h.resetRequests();
    const view = await psn.trophies.title(withGroups);
    expect((await h.requests()).total).toBe(3);
    expect(view.groups.length).toBe(withGroups.trophyGroupCount);
    expect(view.groups[0]?.id).toBe('default');
    expect(view.groups[1]?.name).not.toBe(view.groups[0]?.name);
    checkAgainstSimulator(view, h);
  });

  it('needs only 2 requests when given the list entry of a title without groups', async () => {
    const { h, psn, titles } = await merged();
    const plain = titles.find((t) => !t.hasTrophyGroups);
    if (!plain) throw new Error('fixture');
    await h.resetRequests();
    const view = await psn.trophies.title(plain, { listed: plain });
    expect((await h.requests()).byRoute).toEqual({ 'trophy.titleTrophies': 1, 'trophy.userTrophies': 1 });
    expect(view.name).toBe(plain.trophyTitleName);
    expect(view.groups).toHaveLength(1);
    expect(view.groups[0]?.name).toBe(plain.trophyTitleName);
    checkAgainstSimulator(view, h);
  });

  it('gives rarity tiers, platinum flags, earned dates, PS5 progress trophies and rewards', async () => {
    const { h, psn, titles } = await merged(200);
    const views = [];
    for (const t of titles.filter((x) => x.npServiceName === 'trophy2').slice(0, 25)) views.push(await psn.trophies.title(t, { listed: t }));
    const trophies = views.flatMap((v) => v.groups.flatMap((g) => g.trophies));
    expect(new Set(trophies.map((t) => t.rarity.tier))).toEqual(new Set(['ultraRare', 'veryRare', 'rare', 'common']));
    const progressing = trophies.find((t) => t.progress && !t.earned);
    expect(progressing?.progress).toMatchObject({ value: expect.any(Number), target: expect.any(Number), percent: expect.any(Number) });
    expect(trophies.some((t) => t.reward?.name)).toBe(true);
    for (const t of trophies) if (t.earned) expect(t.earnedAt).toMatch(/Z$/);
    const platinum = views.find((v) => v.earnedPlatinum);
    if (platinum) expect(platinum.hasPlatinum).toBe(true);
    for (const v of views) checkAgainstSimulator(v, h);
  });

  it('computes progress as Sony does: points, platinum excluded', () => {
    expect(progressOf({ bronze: 21, silver: 8, gold: 5, platinum: 1 }, { bronze: 21, silver: 8, gold: 4, platinum: 0 })).toBe(91);
    expect(progressOf({ bronze: 0, silver: 0, gold: 0, platinum: 1 }, { bronze: 0, silver: 0, gold: 0, platinum: 1 })).toBe(100);
    expect(progressOf({ bronze: 0, silver: 0, gold: 0, platinum: 0 }, { bronze: 0, silver: 0, gold: 0, platinum: 0 })).toBe(0);
  });
});
