import { createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PsnClient } from '../client.ts';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors/kinds.ts';

const sim = createSimulator({ seed: 7, accounts: 8, titles: 5 });
const me = sim.credentialsOf(0);
const others = [1, 2, 3, 4, 5, 6, 7];
let url = '';
let psn: PsnClient;

async function requestsOf(baseUrl: string, onlineId: string): Promise<Record<string, number>> {
  return ((await (await fetch(`${baseUrl}/__sim/requests?account=${onlineId}`)).json()) as { byRoute: Record<string, number> }).byRoute;
}

beforeAll(async () => {
  url = await sim.listen(0);
  psn = await PsnClient.fromNpsso(me.npsso, { baseUrl: url });
});
afterAll(() => sim.close());

describe('profiles.get', () => {
  it("answers the caller's profile", async () => {
    const account = sim.world.account(0);
    expect(await psn.profiles.get()).toMatchObject({
      onlineId: me.onlineId,
      isMe: true,
      isPlus: account.isPlus,
      aboutMe: account.aboutMe,
      languages: [account.language],
    });
  });

  it("answers another account's profile by account id", async () => {
    const other = sim.credentialsOf(2);
    expect(await psn.profiles.get({ accountId: other.accountId })).toMatchObject({ onlineId: other.onlineId, isMe: false });
  });

  it("passes on Sony's 400 for an online id where an account id belongs", async () => {
    await expect(psn.profiles.get({ accountId: sim.credentialsOf(2).onlineId })).rejects.toMatchObject({ name: 'BadRequestError', code: 2281473 });
    await expect(psn.profiles.get({ accountId: '0000000000000000000' })).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('profiles.friends', () => {
  it('lists friends as account ids, one page or all', async () => {
    const truth = sim.world.friends(0).map((i) => sim.credentialsOf(i).accountId);
    expect(truth.length).toBeGreaterThan(3);
    const page = await psn.profiles.friends({ limit: 2, offset: 1 });
    expect(page).toMatchObject({ friends: truth.slice(1, 3), totalItemCount: truth.length, nextOffset: 3 });
    expect(await psn.profiles.allFriends().all()).toEqual(truth);
  });

  it("refuses another account's private friend list with ForbiddenError", async () => {
    const hidden = others.find((i) => sim.world.account(i).privateFriends) ?? -1;
    const error = await psn.profiles.friends({ accountId: sim.credentialsOf(hidden).accountId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ status: 403, code: 2281486, endpoint: 'profile.friends' });
  });

  it('pages past 1000 friends at 1000 a page', async () => {
    const big = createSimulator({ seed: 5, accounts: 1200, friends: 1150, titles: 1 });
    const bigUrl = await big.listen(0);
    try {
      const owner = big.credentialsOf(0);
      const truth = big.world.friends(0).map((i) => big.credentialsOf(i).accountId);
      expect(truth.length).toBeGreaterThan(1000);
      const client = await PsnClient.fromNpsso(owner.npsso, { baseUrl: bigUrl });
      expect(await client.profiles.allFriends().all()).toEqual(truth);
      expect((await requestsOf(bigUrl, owner.onlineId))['profile.friends']).toBe(2);
    } finally {
      await big.close();
    }
  });
});

describe('profiles.presence', () => {
  it('says what the caller is playing', async () => {
    const recent = sim.world.gameList(0)[0];
    const { basicPresence } = await psn.profiles.presence();
    expect(basicPresence.availability).toBe('availableToPlay');
    expect(basicPresence.primaryPlatformInfo?.onlineStatus).toBe('online');
    expect(basicPresence.gameTitleInfoList?.[0]).toMatchObject({ npTitleId: recent?.npTitleId, titleName: recent?.title.name });
  });

  it('says when another account was last online', async () => {
    const offline = others.find((i) => i % 3 !== 0 && !sim.world.account(i).privateTrophies) ?? -1;
    const { basicPresence } = await psn.profiles.presence({ accountId: sim.credentialsOf(offline).accountId });
    expect(basicPresence).toMatchObject({ availability: 'unavailable', primaryPlatformInfo: { onlineStatus: 'offline' } });
    expect(basicPresence.lastAvailableDate).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe('profiles.profile2 and accountIdOf', () => {
  it('maps an online id to its 19-digit account id with one request', async () => {
    const other = sim.credentialsOf(4);
    const before = (await requestsOf(url, me.onlineId))['legacy.profile2'] ?? 0;
    const accountId = await psn.profiles.accountIdOf(other.onlineId);
    expect(accountId).toBe(other.accountId);
    expect(accountId).toMatch(/^\d{19}$/);
    expect((await requestsOf(url, me.onlineId))['legacy.profile2']).toBe(before + 1);
  });

  it('answers the legacy profile with the trophy level', async () => {
    const { profile } = await psn.profiles.profile2(me.onlineId);
    const summary = sim.world.summary(0);
    expect(profile).toMatchObject({ onlineId: me.onlineId, accountId: me.accountId, plus: sim.world.account(0).isPlus ? 1 : 0 });
    expect(profile.trophySummary).toMatchObject({ level: summary.trophyLevel, progress: summary.progress, earnedTrophies: summary.earned });
  });

  it('turns an unknown online id into NotFoundError with a hint', async () => {
    const error = await psn.profiles.accountIdOf('NoSuchPlayer42').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: 2105356, endpoint: 'legacy.profile2' });
    expect((error as NotFoundError).hint).toContain('NoSuchPlayer42');
  });

  it('refuses an empty online id without a request', async () => {
    const before = (await requestsOf(url, me.onlineId))['legacy.profile2'];
    await expect(psn.profiles.accountIdOf(' ')).rejects.toBeInstanceOf(TypeError);
    expect((await requestsOf(url, me.onlineId))['legacy.profile2']).toBe(before);
  });
});
