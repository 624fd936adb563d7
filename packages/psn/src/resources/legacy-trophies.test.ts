import { createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PsnClient } from '../client.ts';
import { ForbiddenError, NotFoundError } from '../errors/kinds.ts';
import type { Fetch } from '../transport/transport.ts';

// 300 library titles give about 180 PS3/PS4/Vita titles: two pages of 128.
const sim = createSimulator({ seed: 7, accounts: 8, titles: 300 });
const me = sim.credentialsOf(0);
const others = [1, 2, 3, 4, 5, 6, 7];
const RE5 = 'NPWR10600_00';
let url = '';
let psn: PsnClient;

async function legacyRequests(): Promise<number> {
  const counts = (await (await fetch(`${url}/__sim/requests?account=${me.onlineId}`)).json()) as { byRoute: Record<string, number> };
  return counts.byRoute['legacy.titles'] ?? 0;
}

/** Titles of an account on the legacy host, newest first, as the simulator holds them. */
function legacyTruth(index: number): string[] {
  return sim.world
    .library(index)
    .items.filter((item) => item.title.service === 'trophy')
    .map((item) => ({ id: item.title.npCommunicationId, at: sim.world.stateOf(index, item).lastUpdatedMs }))
    .sort((a, b) => b.at - a.at)
    .map((t) => t.id);
}

beforeAll(async () => {
  url = await sim.listen(0);
  psn = await PsnClient.fromNpsso(me.npsso, { baseUrl: url });
});
afterAll(() => sim.close());

describe('legacy.titles', () => {
  it('answers a page with totalResults, offset and limit as Sony sends them', async () => {
    const truth = legacyTruth(0);
    const page = await psn.legacy.titles({ limit: 5, offset: 2 });
    expect(page).toMatchObject({ totalResults: truth.length, offset: 2, limit: 5 });
    expect(page.trophyTitles.map((t) => t.npCommunicationId)).toEqual(truth.slice(2, 7));
    expect(page.trophyTitles[0]?.fromUser?.onlineId).toBe(me.onlineId);
  });

  it('pages through every title at 128 a page: ⌈T/128⌉ requests', async () => {
    const truth = legacyTruth(0);
    expect(truth.length).toBeGreaterThan(128);
    const before = await legacyRequests();
    const titles = await psn.legacy.allTitles().all();
    expect(await legacyRequests()).toBe(before + Math.ceil(truth.length / 128));
    expect(titles.map((t) => t.npCommunicationId)).toEqual(truth);
    expect(titles.find((t) => t.npCommunicationId === RE5)).toMatchObject({
      trophyTitleName: 'RESIDENT EVIL 5',
      trophyTitlePlatfrom: 'PS4',
      hasTrophyGroups: true,
      definedTrophies: { bronze: 53, silver: 16, gold: 1, platinum: 1 },
      fromUser: { lastUpdateDate: '2017-02-09T22:14:52Z' },
    });
  });

  it('filters by platform', async () => {
    const ps3 = await psn.legacy.allTitles({ platforms: ['PS3'] }).all();
    expect(ps3.length).toBeGreaterThan(0);
    expect(ps3.every((t) => t.trophyTitlePlatfrom.split(',').includes('PS3'))).toBe(true);
  });

  it("adds a compared user's summaries, and refuses a private one", async () => {
    const visible = others.find((i) => !sim.world.account(i).privateTrophies) ?? -1;
    const hidden = others.find((i) => sim.world.account(i).privateTrophies) ?? -1;
    const them = sim.credentialsOf(visible);
    const titles = await psn.legacy.allTitles({ comparedUser: them.onlineId }).all();
    expect(titles.length).toBeGreaterThanOrEqual(legacyTruth(0).length);
    expect(titles.some((t) => t.comparedUser?.onlineId === them.onlineId && t.comparedUser.hiddenFlag === undefined)).toBe(true);
    await expect(psn.legacy.titles({ comparedUser: sim.credentialsOf(hidden).onlineId })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(psn.legacy.titles({ comparedUser: 'NoSuchPlayer42' })).rejects.toMatchObject({ name: 'NotFoundError', code: 2105356 });
  });
});

describe('legacy.groups and legacy.trophies (seed 002, RESIDENT EVIL 5)', () => {
  it('answers the groups default and 001 VERSUS with the caller’s progress', async () => {
    const groups = await psn.legacy.groups(RE5);
    expect(groups).toMatchObject({
      trophyTitleName: 'RESIDENT EVIL 5',
      trophyTitlePlatfrom: 'PS4',
      definedTrophies: { bronze: 53, silver: 16, gold: 1, platinum: 1 },
    });
    expect(groups.trophyGroups[0]).toMatchObject({
      trophyGroupId: 'default',
      fromUser: { progress: 100, earnedTrophies: { bronze: 38, silver: 11, gold: 1, platinum: 1 } },
    });
    expect(groups.trophyGroups[1]).toMatchObject({ trophyGroupId: '001', trophyGroupName: 'VERSUS', fromUser: { progress: 0 } });
  });

  it('answers trophies with the earned rate as a number', async () => {
    const { trophies } = await psn.legacy.trophies({ npCommunicationId: RE5 });
    expect(trophies[0]).toMatchObject({ trophyId: 0, trophyType: 'platinum', trophyName: 'RESIDENT EVIL 5 Platinum Trophy', trophyEarnedRate: 3.8 });
    expect(trophies[1]).toMatchObject({
      trophyId: 1,
      trophyType: 'bronze',
      trophyName: 'Completed Chapter 1 - 1',
      trophyEarnedRate: 68.4,
      fromUser: { onlineId: me.onlineId, earned: true, earnedDate: '2016-06-29T18:50:35Z' },
    });
    const versus = (await psn.legacy.trophies(RE5, '001')).trophies[0];
    expect(versus).toMatchObject({ trophyId: 51, trophyName: 'Army of One', trophyEarnedRate: 0.4, fromUser: { earned: false } });
    expect(versus?.fromUser?.earnedDate).toBeUndefined();
  });

  it('reveals secret trophies', async () => {
    const title = sim.world.library(0).items.find((i) => i.title.service === 'trophy' && i.title.trophies.some((t) => t.hidden))?.title;
    const secret = title?.trophies.find((t) => t.hidden);
    const { trophies } = await psn.legacy.trophies(title?.npCommunicationId ?? '', secret?.groupId);
    expect(trophies.find((t) => t.trophyId === secret?.id)).toMatchObject({ trophyHidden: true, trophyName: expect.any(String), trophyType: secret?.type });
  });

  it('takes a title from the title list', async () => {
    const [first] = (await psn.legacy.titles({ limit: 1 })).trophyTitles;
    const groups = await psn.legacy.groups(first ?? RE5);
    expect(groups.trophyTitleName).toBe(first?.trophyTitleName);
  });

  it('answers NotFoundError for a title the host does not know, whatever its id looks like (Sony judges ids)', async () => {
    await expect(psn.legacy.groups('NPWR99999_00')).rejects.toBeInstanceOf(NotFoundError);
    await expect(psn.legacy.trophies(RE5, '009')).rejects.toBeInstanceOf(NotFoundError);
    await expect(psn.legacy.groups('RE5')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('legacy regions and language', () => {
  const sent: string[] = [];
  const viaSonyHosts: Fetch = (input, init) => {
    const target = new URL(String(input));
    sent.push(target.href);
    return fetch(`${url}${target.pathname}${target.search}`, init);
  };

  it("goes to the client's legacyRegion (gb by default) unless a call names another", async () => {
    const gb = await PsnClient.fromNpsso(me.npsso, { fetch: viaSonyHosts });
    const us = await PsnClient.fromNpsso(me.npsso, { fetch: viaSonyHosts, legacyRegion: 'us' });
    sent.length = 0;
    await gb.legacy.titles({ limit: 1 });
    await us.legacy.groups(RE5);
    await us.legacy.trophies(RE5, 'default', { region: 'jp' });
    expect(sent.map((u) => new URL(u).origin)).toEqual([
      'https://gb-tpy.np.community.playstation.net',
      'https://us-tpy.np.community.playstation.net',
      'https://jp-tpy.np.community.playstation.net',
    ]);
    expect(new URL(sent[0] ?? '').searchParams.get('platform')).toBe('PS4,PS3,PSVITA');
    expect(new URL(sent[2] ?? '').searchParams.get('fields')).toBe('@default,trophyEarnedRate');
  });

  it("asks in the call's or the client's language, en-GB by default", async () => {
    const plain = await PsnClient.fromNpsso(me.npsso, { fetch: viaSonyHosts });
    const de = await PsnClient.fromNpsso(me.npsso, { fetch: viaSonyHosts, language: 'de-DE' });
    sent.length = 0;
    await plain.legacy.titles({ limit: 1 });
    await de.legacy.titles({ limit: 1 });
    await plain.legacy.groups(RE5, { language: 'de' });
    expect(sent.map((u) => new URL(u).searchParams.get('npLanguage'))).toEqual(['en-GB', 'de-DE', 'de']);
  });
});
