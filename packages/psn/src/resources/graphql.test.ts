import { createSimulator } from 'psn-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PsnClient } from '../client.ts';
import { isBadRequestError, isNotFoundError } from '../errors/guards.ts';
import { GraphqlError, MalformedResponseError } from '../errors/kinds.ts';
import type { Fetch } from '../transport/transport.ts';
import { getOwnedStarsCollectible } from './graphql.ts';

const sim = createSimulator({ seed: 7, accounts: 8, titles: 40 });
const me = sim.credentialsOf(0);
const others = [1, 2, 3, 4, 5, 6, 7];
const COLLECTIBLE = '88d25cfa-26ad-572a-9335-a32b9bcabe13';
let url = '';
let psn: PsnClient;
/** Origin and path of every request `psn` sent, as addressed to Sony's real hosts. */
const sent: string[] = [];

/** Sends Sony's real URLs to the simulator, recording where each was addressed. */
const viaSonyHosts: Fetch = (input, init) => {
  const target = new URL(String(input));
  sent.push(`${target.origin}${target.pathname}`);
  return fetch(`${url}${target.pathname}${target.search}`, init);
};

async function graphqlRequests(): Promise<number> {
  const counts = (await (await fetch(`${url}/__sim/requests?account=${me.onlineId}`)).json()) as { byRoute: Record<string, number> };
  return counts.byRoute['graphql.op'] ?? 0;
}

beforeAll(async () => {
  url = await sim.listen(0);
  psn = await PsnClient.fromNpsso(me.npsso, { fetch: viaSonyHosts });
});
afterAll(() => sim.close());

describe('PlayStation Stars', () => {
  it("answers the caller's Stars account from the mobile host, with one request", async () => {
    const before = await graphqlRequests();
    sent.length = 0;
    const account = await psn.graphql.starsAccount();
    expect(await graphqlRequests()).toBe(before + 1);
    expect(sent).toEqual(['https://m.np.playstation.com/api/graphql/v1/op']);
    const summary = sim.world.summary(0);
    expect(account.pointsBalance?.totalPointsBalance).toBe(summary.points % 5000);
    expect(account.statusLevel).toMatchObject({ statusLevelNumber: 1, totalTrophiesEarned: summary.earned.platinum + summary.earned.gold });
    expect(account.enrollStatus.isUserEnrolled).toBe(true);
  });

  it("answers another public account's Stars account without its points", async () => {
    const visible = others.find((i) => !sim.world.account(i).privateTrophies) ?? -1;
    const account = await psn.graphql.starsAccount(sim.credentialsOf(visible).accountId);
    expect(account.pointsBalance).toBeNull();
    expect(account.statusLevel?.statusLevelNumber).toBe(1 + (visible % 5));
  });

  it('turns "User not found" (HTTP 200, errors, null data) into a not_found GraphqlError', async () => {
    const hidden = others.find((i) => sim.world.account(i).privateTrophies) ?? -1;
    const error = await psn.graphql.starsAccount(sim.credentialsOf(hidden).accountId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphqlError);
    expect(isNotFoundError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'not_found', operationName: 'metGetAccount', messages: ['User not found'], status: 200, retryable: false });
    expect((error as GraphqlError).referenceId).toMatch(/^[0-9a-f-]{36}$/);
    expect((error as GraphqlError).toJSON()).toMatchObject({ name: 'GraphqlError', operationName: 'metGetAccount', messages: ['User not found'] });
  });

  it('answers a collectible, and a failed resolver as a GraphqlError', async () => {
    const collectible = await psn.graphql.starsCollectible(COLLECTIBLE);
    expect(collectible).toMatchObject({ id: COLLECTIBLE, name: expect.stringMatching(/^Collectible #\d+$/) });
    expect(collectible.assets.map((a) => a.type)).toEqual(['IMAGE', 'VIDEO']);
    const error = await psn.graphql.starsCollectible('not-a-collectible').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphqlError);
    expect(error).toMatchObject({ kind: 'server', retryable: false });
    expect((error as GraphqlError).messages[0]).toContain('Cannot return null');
  });

  it("reads a collectible by the app's newer operation: when and how it was earned, the unlock time only for the owner", async () => {
    const mine = await psn.graphql.ownedStarsCollectible(COLLECTIBLE);
    expect(mine).toMatchObject({ id: COLLECTIBLE, name: expect.stringMatching(/^Collectible #\d+$/) });
    expect(mine.earnedBy === null).toBe(mine.earnedDate === null);
    expect(mine.unlockedDate === null).toBe(mine.earnedDate === null);
    const visible = others.find((i) => !sim.world.account(i).privateTrophies) ?? -1;
    const theirs = await getOwnedStarsCollectible(psn.api, COLLECTIBLE, sim.credentialsOf(visible).accountId);
    expect(theirs.unlockedDate).toBeNull();
    const hidden = others.find((i) => sim.world.account(i).privateTrophies) ?? -1;
    const error = await getOwnedStarsCollectible(psn.api, COLLECTIBLE, sim.credentialsOf(hidden).accountId).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'GraphqlError',
      operationName: 'metLoyaltyGetOwnedCollectibleById',
      messages: [expect.stringContaining('Cannot return null')],
    });
  });
});

describe('game lists on the web host', () => {
  it('answers recently played games in the order the simulator holds', async () => {
    sent.length = 0;
    const games = await psn.graphql.recentlyPlayed({ limit: 5 });
    expect(sent).toEqual(['https://web.np.playstation.com/api/graphql/v1/op']);
    expect(games.map((g) => g.titleId)).toEqual(
      sim.world
        .gameList(0)
        .slice(0, 5)
        .map((e) => e.npTitleId),
    );
    const ps5 = await psn.graphql.recentlyPlayed({ categories: ['ps5_native_game'] });
    expect(ps5.length).toBeGreaterThan(0);
    expect(ps5.every((g) => g.platform === 'PS5' && g.titleId.startsWith('PPSA'))).toBe(true);
  });

  it('pages purchased games by start and size, filtered by platform and sorted', async () => {
    const ps4 = sim.world.gameList(0).filter((e) => !e.npTitleId.startsWith('PPSA'));
    const page = await psn.graphql.purchasedGames({ platform: ['ps4'], start: 2, size: 3 });
    expect(page.map((g) => g.titleId)).toEqual(ps4.slice(2, 5).map((e) => e.npTitleId));
    expect(page.every((g) => g.platform === 'PS4' && g.isActive)).toBe(true);
    const oldest = await psn.graphql.purchasedGames({ platform: ['ps4'], size: 1, sortDirection: 'asc' });
    expect(oldest[0]?.titleId).toBe(ps4.at(-1)?.npTitleId);
    expect((await psn.graphql.purchasedGames()).length).toBe(24);
  });
});

describe('hashes and the generic query', () => {
  it('turns an unknown persisted-query hash into a bad_request GraphqlError that names the option', async () => {
    const stale = await PsnClient.fromNpsso(me.npsso, { baseUrl: url, graphqlHashes: { metGetAccount: 'f'.repeat(64) } });
    const error = await stale.graphql.starsAccount().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphqlError);
    expect(isBadRequestError(error)).toBe(true);
    expect(error).toMatchObject({ messages: ['PersistedQueryNotFound'], operationName: 'metGetAccount' });
    expect((error as Error).message).toContain('graphqlHashes');
    // Operations without an override keep the default hashes.
    expect((await stale.graphql.recentlyPlayed({ limit: 1 })).length).toBe(1);
    // A hash given for one call beats the option.
    const fixed = await stale.graphql.starsAccount('me', { hash: '743c32289cdd6fbdead3b34ea80b48d63f8ddab34581469c4dda4ea412e6cf6b' });
    expect(fixed.statusLevel?.statusLevelNumber).toBe(1);
  });

  it('runs any persisted query, validating data when given a schema', async () => {
    const raw = await psn.graphql.query('metGetAccount', { accountId: 'me' });
    expect(raw).toHaveProperty('loyaltyAccountRetrieve.statusLevel.statusLevelNumber', 1);
    const schema = z.object({ loyaltyAccountRetrieve: z.object({ statusLevel: z.object({ currentStatusLevel: z.string() }) }) });
    const typed = await psn.graphql.query('metGetAccount', { accountId: 'me' }, { schema });
    expect(typed.loyaltyAccountRetrieve.statusLevel.currentStatusLevel).toBe('Sapphire');
    const wrong = z.object({ loyaltyAccountRetrieve: z.object({ statusLevel: z.object({ currentStatusLevel: z.number() }) }) });
    const error = await psn.graphql.query('metGetAccount', {}, { schema: wrong }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as MalformedResponseError).path).toBe('data.loyaltyAccountRetrieve.statusLevel.currentStatusLevel');
  });

  it('needs a hash for an operation it does not know, and sends none without one', async () => {
    const before = await graphqlRequests();
    await expect(psn.graphql.query('toString', {})).rejects.toBeInstanceOf(TypeError);
    expect(await graphqlRequests()).toBe(before);
    await expect(psn.graphql.query('getProfileOracle', {}, { hash: 'a'.repeat(64), host: 'web' })).rejects.toMatchObject({
      name: 'GraphqlError',
      kind: 'bad_request',
    });
  });

  it('maps the HTTP status a Nimbus error stands for', async () => {
    const answers: Array<[number, string, boolean]> = [
      [403, 'forbidden', false],
      [400, 'bad_request', false],
      [404, 'not_found', false],
      [503, 'server', true],
    ];
    for (const [statusCode, kind, retryable] of answers) {
      const client = await PsnClient.fromNpsso(me.npsso, {
        baseUrl: url,
        fetch: async (input, init) =>
          String(input).includes('/graphql/')
            ? new Response(JSON.stringify({ errors: [{ message: 'Nimbus says no', statusCode }], data: null }), { status: 200 })
            : fetch(input, init),
      });
      await expect(client.graphql.starsAccount(), String(statusCode)).rejects.toMatchObject({ name: 'GraphqlError', kind, status: 200, retryable });
    }
  });
});
