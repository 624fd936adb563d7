/**
 * The client against what Sony really sent: every answer recorded in `packages/psn-sim/recordings/`
 * is handed to the client's own call for that route (through `fetch`, as Sony would send it), and
 * must parse — a success as data, a failure as the typed error with Sony's code. A field Sony
 * leaves out, a `null`, a platform or enum value the client does not know: none may fail a call.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { type RecordedExchange, loadRecordings } from 'psn-sim';
import { describe, expect, it } from 'vitest';
import { isPsnError } from '../src/errors/guards.ts';
import { type Fetch, GraphqlError, PsnClient, type SkippedItem, getOwnedStarsCollectible } from '../src/index.ts';
import { earnedTrophySchema } from '../src/resources/trophy-earnings.ts';

const DIR = fileURLToPath(new URL('../../psn-sim/recordings/', import.meta.url));
const recordings = loadRecordings(DIR);
const NOW = Date.parse('2026-11-01T12:00:00Z');

function answer(e: RecordedExchange): Response {
  const { status, headers = {}, body } = e.response;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(status === 302 || status === 204 ? null : text, { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A client whose every request gets this recorded answer (or, for sign-in, the file's answer for each auth route). */
function clientFor(e: RecordedExchange, all: readonly RecordedExchange[], skipped: SkippedItem[]): PsnClient {
  const fetch: Fetch = async (input) => {
    const url = String(input);
    if (url.includes('/authorize'))
      return answer(all.find((x) => x.route === 'auth.authorize' && x.case === e.case) ?? (all.find((x) => x.route === 'auth.authorize') as RecordedExchange));
    if (url.includes('/oauth/token')) return answer(e.route === 'auth.token' ? e : (all.find((x) => x.route === 'auth.token') as RecordedExchange));
    return answer(e);
  };
  return new PsnClient({
    fetch,
    clock: { now: () => NOW },
    budget: false,
    retry: { retries: 0 },
    onSkippedItem: (s) => skipped.push(s),
    tokens: {
      accessToken: 'recorded',
      accessTokenExpiresAt: NOW + 3_600_000,
      refreshToken: 'recorded',
      refreshTokenExpiresAt: NOW + 86_400_000,
      scope: 'psn:mobile.v2.core psn:clientapp',
      tokenType: 'bearer',
    },
  });
}

/** The client's call for a recorded request, with the ids and names taken from its URL. */
function call(psn: PsnClient, e: RecordedExchange): Promise<unknown> {
  const url = new URL(e.request.url);
  const path = url.pathname;
  const q = url.searchParams;
  const account = /\/users\/([^/]+)\//.exec(path)?.[1];
  const accountId = account === 'me' ? undefined : account;
  const comm = /\/(?:npCommunicationIds|trophyTitles)\/([^/]+)/.exec(path)?.[1] ?? '';
  const group = /\/trophyGroups\/([^/]+)\/trophies/.exec(path)?.[1] ?? 'all';
  const ref = { npCommunicationId: comm, npServiceName: q.get('npServiceName') ?? 'trophy2' };
  switch (e.route) {
    case 'auth.authorize':
    case 'auth.token':
      return e.case === 'refresh_token' ? psn.refresh() : psn.signIn('A'.repeat(64));
    case 'trophy.titles':
      return psn.trophies.titles({ accountId });
    case 'trophy.titleGroups':
      return psn.trophies.titleGroups(ref);
    case 'trophy.titleTrophies':
      return psn.trophies.titleTrophies(ref, group);
    case 'trophy.userGroups':
      return psn.trophies.userGroups(ref, { accountId });
    case 'trophy.userTrophies':
      return psn.trophies.userTrophies(ref, group, { accountId });
    case 'trophy.summary':
      return psn.trophies.summary({ accountId });
    case 'trophy.byTitleId':
      return psn.trophies.byTitleIds((q.get('npTitleIds') ?? '').split(',').filter(Boolean), { accountId });
    case 'gamelist.titles':
      return psn.gameList.played({ accountId });
    case 'profile.profiles':
      return psn.profiles.get({ accountId });
    case 'profile.friends':
      return psn.profiles.friends({ accountId });
    case 'profile.presence':
      return psn.profiles.presence({ accountId });
    case 'legacy.profile2':
      return psn.profiles.profile2(/\/users\/([^/]+)\/profile2/.exec(path)?.[1] ?? '');
    case 'legacy.titles':
      return psn.legacy.titles();
    case 'legacy.groups':
      return psn.legacy.groups(comm);
    case 'legacy.trophies':
      return psn.legacy.trophies(comm, group);
    case 'graphql.op': {
      const v = JSON.parse(q.get('variables') ?? '{}') as { accountId?: string; collectibleId?: string; limit?: number; size?: number; start?: number };
      switch (q.get('operationName')) {
        case 'metGetAccount':
          return psn.graphql.starsAccount(v.accountId);
        case 'metLoyaltyUserCollectibleById':
          return psn.graphql.starsCollectible(v.collectibleId ?? '', v.accountId);
        case 'metLoyaltyGetOwnedCollectibleById':
          return getOwnedStarsCollectible(psn.api, v.collectibleId ?? '', v.accountId);
        case 'getUserGameList':
          return psn.graphql.recentlyPlayed({ limit: v.limit });
        case 'getPurchasedGameList':
          return psn.graphql.purchasedGames({ size: v.size, start: v.start });
        default:
          throw new Error(`no client call for the GraphQL operation ${q.get('operationName')}: add one to this test`);
      }
    }
    default:
      throw new Error(`no client call for ${e.route}: add one to this test`);
  }
}

describe('the client parses every answer Sony was recorded sending', () => {
  const all = recordings.flatMap(({ name, recording }) => recording.exchanges.map((exchange, i) => ({ name, i, exchange, file: recording.exchanges })));

  it.each(all.map((x) => [`${x.name} #${x.i} ${x.exchange.route} ${x.exchange.case}`, x] as const))('%s', async (_label, { exchange, file }) => {
    if (exchange.fragment) {
      // A quoted item of a list: it must pass the item's schema.
      expect(exchange.fragment).toBe('trophies[]');
      expect(earnedTrophySchema.fast.safeParse(exchange.response.body).success).toBe(true);
      return;
    }
    const skipped: SkippedItem[] = [];
    const psn = clientFor(exchange, file, skipped);
    const outcome = await call(psn, exchange).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const status = exchange.response.status;
    const refused = exchange.route === 'auth.authorize' && exchange.case === 'bad-npsso';
    // GraphQL refuses with HTTP 200 and an `errors` array: a GraphqlError carrying Sony's messages.
    const graphqlErrors = (exchange.response.body as { errors?: Array<{ message: string }> } | null)?.errors;
    if (exchange.route === 'graphql.op' && graphqlErrors) {
      expect(outcome.ok).toBe(false);
      const error = (outcome as { error: unknown }).error;
      expect(error).toBeInstanceOf(GraphqlError);
      expect(error).toMatchObject({ status: 200, messages: graphqlErrors.map((e) => e.message) });
    } else if (status < 400 && !refused) {
      expect(outcome.ok ? undefined : outcome.error).toBeUndefined();
      expect(skipped).toEqual([]);
    } else {
      expect(outcome.ok).toBe(false);
      const error = (outcome as { error: unknown }).error;
      expect(isPsnError(error)).toBe(true);
      if (refused) expect(error).toMatchObject({ kind: 'npsso_rejected', code: 4165 });
      else expect(error).toMatchObject({ status, code: (exchange.response.body as { error: { code: number } }).error.code });
    }
  });

  it("reads a Stars collectible from either operation: the owner's unlock time, and how and when another account earned it", async () => {
    const file = recordings.find((r) => r.name === 'andshrew-stars-collectible.json')?.recording.exchanges ?? [];
    const at = (c: string) => file.find((e) => e.case === c) as RecordedExchange;
    const own = at('metLoyaltyGetOwnedCollectibleById-own');
    expect(await getOwnedStarsCollectible(clientFor(own, file, []).api, '07edd90d-1143-519f-9488-1b8297db9a0f')).toMatchObject({
      id: '07edd90d-1143-519f-9488-1b8297db9a0f',
      name: 'Ancient Rome Robbit',
      rarity: 'COMMON',
      unlockedDate: '2024-02-24T20:34:15.642907Z',
      earnedDate: '2024-02-24T20:34:15.654491Z',
      earnedBy: 'CAMPAIGN',
    });
    const bought = at('metLoyaltyGetOwnedCollectibleById-other-purchase');
    expect(await getOwnedStarsCollectible(clientFor(bought, file, []).api, '85545008-74df-54f5-8d35-063c062dcf68', '1000000000000000002')).toMatchObject({
      unlockedDate: null,
      earnedDate: '2024-02-12T05:03:00.597637Z',
      earnedBy: 'PURCHASE',
    });
    const unearned = at('metLoyaltyGetOwnedCollectibleById-own-unearned');
    expect(await getOwnedStarsCollectible(clientFor(unearned, file, []).api, '788ad72d-aa06-5d1b-bd5e-c52f13ca0040')).toMatchObject({
      unlockedDate: null,
      earnedDate: null,
      earnedBy: null,
    });
    const v1 = await clientFor(at('metLoyaltyUserCollectibleById-own'), file, []).graphql.starsCollectible('88d25cfa-26ad-572a-9335-a32b9bcabe13');
    expect(v1).toMatchObject({ rarity: 'UNCOMMON', unlockedDate: '2022-10-01T13:06:01.004772Z' });
    expect(v1.earnedDate).toBeUndefined();
  });

  it('reads by-title-id answers whole, though Sony leaves out what a title-list entry has', async () => {
    const file = recordings.find((r) => r.name === 'psnawp-by-title-id.json')?.recording.exchanges ?? [];
    const played = file.find((e) => e.case === 'played') as RecordedExchange;
    const [gta] = (await clientFor(played, file, []).trophies.byTitleIds(['PPSA03420_00'])) as Awaited<ReturnType<PsnClient['trophies']['byTitleIds']>>;
    expect(gta?.trophyTitles[0]).toMatchObject({ npCommunicationId: 'NPWR21647_00', trophyTitleName: 'Grand Theft Auto V', trophyGroupCount: 4, progress: 1 });
    expect(gta?.trophyTitles[0]?.trophySetVersion).toBeUndefined();
    expect(gta?.trophyTitles[0]?.rarestTrophies?.[0]).toMatchObject({ trophyId: 49, trophyEarnedRate: 66.8, trophyRare: 3, earned: true });
  });
});
