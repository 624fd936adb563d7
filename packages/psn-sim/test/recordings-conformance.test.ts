/**
 * The simulator held against what Sony really sent: every exchange of every recording in
 * `recordings/` is asked of the simulator again (the same route, the same situation: own data,
 * another player's, a private one, an unknown id…), and the two answers must agree in status,
 * Sony's error code, and shape — every field path Sony sent, with its types and nulls. A field
 * Sony sends that the simulator lacks fails; so does one the simulator adds that no recording of
 * that route shows, unless it is listed below with the reason it is kept.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RecordedExchange,
  type Shape,
  type Simulator,
  compareShapes,
  createSimulator,
  get,
  loadRecordings,
  mergeShapes,
  shapeOf,
  signIn,
  subShape,
} from '../src/index.ts';

const DIR = fileURLToPath(new URL('../recordings/', import.meta.url));
const recordings = loadRecordings(DIR);
const CLIENT_ID = '09515159-7237-4370-9b40-3806e67c0891';
const AUTHORIZE = `/api/authz/v3/oauth/authorize?access_type=offline&client_id=${CLIENT_ID}&redirect_uri=com.scee.psxandroid.scecompcall%3A%2F%2Fredirect&response_type=code&scope=psn%3Amobile.v2.core+psn%3Aclientapp`;
const STARS = '743c32289cdd6fbdead3b34ea80b48d63f8ddab34581469c4dda4ea412e6cf6b';
const COLLECTIBLE_V1 = '86ecd802c228fbae4b7482d7272932ad18f56516dbf28ede9fdbe1554b796549';
const COLLECTIBLE_V2 = '6d86e3978748e16f463a3062d73b7782f00a71e02d03b34b8dbffd6fe1437fe2';
const USER_GAME_LIST = 'e780a6d8b921ef0c59ec01ea5c5255671272ca0d819edb61320914cf7a78b3ae';
const PURCHASED_GAME_LIST = '827a423f6a8ddca4107ac01395af2ec0eafd8396fc7fa204aaf9b7ed2eefa168';

/**
 * Differences kept on purpose, each with its reason. `route case path` → why. Anything not here
 * fails the test: add a recording that shows the field, fix the simulator, or argue the case here.
 */
const ACCEPTED: Record<string, string> = {
  'trophy.titles other previousOffset':
    'Only the 2024 recording sends previousOffset (49) on the first page; the 2025 recordings of the same route leave it out, and the simulator follows 2025.',
};

/**
 * Routes the client calls that no public recording shows yet, each with what was searched. Remove
 * an entry when its recording arrives (the coverage test fails until then).
 */
const NOT_YET_RECORDED: Record<string, string> = {
  'search.universal':
    'POST /api/search/v1/universalSearch (SocialAllAccounts): no body in psnawp (its cassettes since 2024 use the GraphQL metGetContextSearchResults), psn-api (mocks only), psn-php, andshrew or the ioBroker docs; only field lists and assertions of live answers (Ragowit/PsnApiWrapperNet Test/UnitTest.cs), which the simulator follows.',
};

/** Fields the simulator sends that no full recording shows yet, each with its source. */
const DOCUMENTED_EXTRAS: Record<string, string> = {
  'trophy.titleTrophies:ok trophies[].trophyProgressTargetValue': 'PS5 progress trophies; andshrew/PlayStation-Trophies field table (API v2).',
  'trophy.titleTrophies:ok trophies[].trophyRewardName': 'PS5 rewards; andshrew/PlayStation-Trophies field table (API v2).',
  'trophy.titleTrophies:ok trophies[].trophyRewardImageUrl': 'PS5 rewards; andshrew/PlayStation-Trophies field table (API v2).',
};

let sim: Simulator;
let empty: Simulator;
let base = '';
let emptyBase = '';
const tokens = new Map<number, string>();

async function tokenOf(index: number, world = sim): Promise<string> {
  const key = world === sim ? index : -1 - index;
  let token = tokens.get(key);
  if (!token) {
    token = (await signIn(world.fetch, world === sim ? base : emptyBase, world.credentialsOf(index).npsso)).access_token;
    tokens.set(key, token);
  }
  return token;
}

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** A persisted query asked of the simulator as the account at `index`. */
function op(operationName: string, variables: Record<string, unknown>, sha256Hash: string, index = 0): Promise<Answer> {
  const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));
  return ask(
    `/api/graphql/v1/op?operationName=${operationName}&variables=${q(variables)}&extensions=${q({ persistedQuery: { version: 1, sha256Hash } })}`,
    index,
  );
}

/**
 * The simulator's answer about a collectible that is in the recorded situation: its catalogue
 * earns each GUID by a seeded draw, so GUIDs are tried until the answer is the recorded kind.
 */
async function collectibleLike(e: RecordedExchange, accountId: string, index = 0): Promise<Answer> {
  const operation = e.case.split('-')[0] as string;
  const v2 = operation === 'metLoyaltyGetOwnedCollectibleById';
  const root = (body: unknown) =>
    (body as { data: Record<string, Record<string, unknown> | null> }).data[v2 ? 'ownedLoyaltyCollectibleRetrieve' : 'loyaltyUserCollectibleByIdRetrieve'];
  const want = root(e.response.body);
  const referenceType = (value: Record<string, unknown> | null | undefined) =>
    ((value?.collectible as { referenceData?: { referenceType?: unknown } } | undefined)?.referenceData?.referenceType ?? null) as string | null;
  for (let n = 0; n < 64; n++) {
    const collectibleId = `${n.toString(16).padStart(8, '0')}-1143-519f-9488-1b8297db9a0f`;
    const answer = await op(operation, { collectibleId, accountId }, v2 ? COLLECTIBLE_V2 : COLLECTIBLE_V1, index);
    const got = root(answer.body);
    if ((got?.unlockedDate === null) !== (want?.unlockedDate === null)) continue;
    if (v2 && referenceType(got) !== referenceType(want)) continue;
    return answer;
  }
  throw new Error(`fixture: no collectible answers as ${e.case} does`);
}

async function ask(path: string, index = 0, world = sim): Promise<Answer> {
  const r = await get(world.fetch, `${world === sim ? base : emptyBase}${path}`, await tokenOf(index, world));
  return { status: r.status, body: r.body, headers: r.headers };
}

function pick(predicate: (i: number) => boolean): number {
  for (let i = 1; i < sim.options.accounts; i++) if (predicate(i)) return i;
  throw new Error('fixture: no such account');
}

const publicOther = () => pick((i) => !sim.world.account(i).privateTrophies && !sim.world.account(i).privateFriends);
const privateOther = () => pick((i) => sim.world.account(i).privateTrophies && sim.world.account(i).privateFriends);
const offlineOther = () => pick((i) => !sim.world.account(i).privateTrophies && i % 3 !== 0);

/** A PS5 title of the first account with an unearned progress trophy. */
function progressTitle(): string {
  for (const item of sim.world.library(0).items) {
    const state = sim.world.stateOf(0, item);
    if (item.title.service === 'trophy2' && item.title.trophies.some((t, i) => t.target !== undefined && !state.earned[i])) return item.title.npCommunicationId;
  }
  throw new Error('fixture: no PS5 title with an unearned progress trophy');
}

/** The simulator's answer to the situation a recorded exchange shows. */
async function probe(e: RecordedExchange): Promise<Answer> {
  const key = `${e.route} ${e.case}`;
  const me = sim.credentialsOf(0);
  const other = sim.credentialsOf(publicOther());
  const hidden = sim.credentialsOf(privateOther());
  const games = sim.world.gameList(0);
  switch (key) {
    case 'auth.authorize ok':
    case 'auth.authorize bad-npsso': {
      const npsso = e.case === 'ok' ? me.npsso : 'A'.repeat(64);
      const r = await sim.fetch(`${base}${AUTHORIZE}`, { headers: { cookie: `npsso=${npsso}` }, redirect: 'manual' });
      return { status: r.status, body: await r.text(), headers: r.headers };
    }
    case 'auth.token authorization_code':
    case 'auth.token refresh_token': {
      const code = new URL(
        ((await sim.fetch(`${base}${AUTHORIZE}`, { headers: { cookie: `npsso=${me.npsso}` }, redirect: 'manual' })).headers.get('location') ?? '').replace(
          '://',
          '://x/',
        ),
      ).searchParams.get('code');
      const form = async (fields: Record<string, string>) => {
        const r = await sim.fetch(`${base}/api/authz/v3/oauth/token`, {
          method: 'POST',
          headers: {
            authorization: 'Basic MDk1MTUxNTktNzIzNy00MzcwLTliNDAtMzgwNmU2N2MwODkxOnVjUGprYTV0bnRCMktxc1A=',
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ token_format: 'jwt', ...fields }).toString(),
        });
        return { status: r.status, body: (await r.json()) as Record<string, unknown>, headers: r.headers };
      };
      const first = await form({ grant_type: 'authorization_code', code: code ?? '', redirect_uri: 'com.scee.psxandroid.scecompcall://redirect' });
      if (e.case === 'authorization_code') return first;
      return form({ grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token), scope: 'psn:mobile.v2.core psn:clientapp' });
    }
    case 'trophy.titles other':
      return ask(`/api/trophy/v1/users/${other.accountId}/trophyTitles?limit=50&offset=0`);
    case 'trophy.titles own-middle':
      return ask('/api/trophy/v1/users/me/trophyTitles?limit=10&offset=50');
    case 'trophy.titles empty':
      return ask('/api/trophy/v1/users/me/trophyTitles?limit=50&offset=0', 0, empty);
    case 'trophy.titleGroups known':
      return ask('/api/trophy/v1/npCommunicationIds/NPWR10600_00/trophyGroups?npServiceName=trophy');
    case 'trophy.titleTrophies known':
      return ask('/api/trophy/v1/npCommunicationIds/NPWR10600_00/trophyGroups/default/trophies?limit=10&npServiceName=trophy&offset=0');
    case 'trophy.titleTrophies known-ps5':
      return ask(`/api/trophy/v1/npCommunicationIds/${progressTitle()}/trophyGroups/all/trophies`);
    case 'trophy.titleTrophies unknown-id':
      return ask('/api/trophy/v1/npCommunicationIds/SSSA01325_00/trophyGroups/all/trophies?limit=200&npServiceName=trophy2&offset=0');
    case 'trophy.userGroups other':
      return ask('/api/trophy/v1/users/me/npCommunicationIds/NPWR10600_00/trophyGroups?npServiceName=trophy');
    case 'trophy.userTrophies other':
      return ask('/api/trophy/v1/users/me/npCommunicationIds/NPWR10600_00/trophyGroups/default/trophies?limit=10&npServiceName=trophy&offset=0');
    case 'trophy.userTrophies own-progress':
      return ask(`/api/trophy/v1/users/me/npCommunicationIds/${progressTitle()}/trophyGroups/all/trophies`);
    case 'trophy.summary own':
      return ask('/api/trophy/v1/users/me/trophySummary');
    case 'trophy.summary forbidden':
      return ask(`/api/trophy/v1/users/${hidden.accountId}/trophySummary`);
    case 'trophy.userGroups forbidden':
      return ask(`/api/trophy/v1/users/${hidden.accountId}/npCommunicationIds/NPWR10600_00/trophyGroups?npServiceName=trophy`);
    case 'trophy.userTrophies forbidden':
      return ask(`/api/trophy/v1/users/${hidden.accountId}/npCommunicationIds/NPWR10600_00/trophyGroups/default/trophies?npServiceName=trophy`);
    case 'trophy.byTitleId forbidden':
      return ask(`/api/trophy/v1/users/${hidden.accountId}/titles/trophyTitles?npTitleIds=${games[0]?.npTitleId}`);
    case 'trophy.byTitleId played': {
      const ps5 = games.find((g) => g.npTitleId.startsWith('PPSA') && sim.world.titleState(0, g.title.npCommunicationId)?.earnedCounts.bronze);
      return ask(`/api/trophy/v1/users/me/titles/trophyTitles?npTitleIds=${ps5?.npTitleId}%2C`);
    }
    case 'trophy.byTitleId not-played': {
      const mine = new Set(sim.world.library(0).items.map((i) => i.title.npCommunicationId));
      let id = '';
      for (let i = 0; !id; i++) {
        const t = sim.world.catalog.at(i);
        if (t.inGameList && !mine.has(t.npCommunicationId)) id = t.npTitleIds[0] as string;
      }
      return ask(`/api/trophy/v1/users/me/titles/trophyTitles?npTitleIds=${id}`);
    }
    case 'gamelist.titles empty':
      return ask('/api/gamelist/v2/users/me/titles?limit=200&offset=0', 0, empty);
    case 'gamelist.titles page':
      return ask(`/api/gamelist/v2/users/${other.accountId}/titles?categories=ps4_game%2Cps5_native_game&limit=10&offset=0`);
    case 'profile.profiles own':
      return ask('/api/userProfile/v1/internal/users/me/profiles');
    case 'profile.profiles other':
      return ask(`/api/userProfile/v1/internal/users/${other.accountId}/profiles`);
    case 'profile.friends own':
      return ask('/api/userProfile/v1/internal/users/me/friends?limit=1000');
    case 'profile.friends forbidden':
      return ask(`/api/userProfile/v1/internal/users/${hidden.accountId}/friends?limit=1000&offset=0`);
    case 'profile.presence other':
      return ask(`/api/userProfile/v1/internal/users/${sim.credentialsOf(offlineOther()).accountId}/basicPresences?type=primary`);
    case 'profile.presence forbidden':
      return ask(`/api/userProfile/v1/internal/users/${hidden.accountId}/basicPresences?type=primary`);
    case 'legacy.profile2 own':
      return ask(`/userProfile/v1/users/${me.onlineId}/profile2?fields=npId`);
    case 'legacy.titles own':
      return ask('/trophy/v1/trophyTitles?npLanguage=en-GB&platform=PS4,PS3,PSVITA');
    case 'legacy.groups own':
      return ask('/trophy/v1/trophyTitles/NPWR10600_00/trophyGroups?npLanguage=en-GB');
    case 'legacy.trophies own':
      return ask('/trophy/v1/trophyTitles/NPWR10600_00/trophyGroups/default/trophies?npLanguage=en-GB&visibleType=1&fields=%40default%2CtrophyEarnedRate');
    case 'legacy.trophies own-unearned':
      return ask('/trophy/v1/trophyTitles/NPWR10600_00/trophyGroups/001/trophies?npLanguage=en-GB&visibleType=1&fields=%40default%2CtrophyEarnedRate');
    case 'graphql.op metGetAccount-own':
      return op('metGetAccount', { accountId: 'me' }, STARS);
    case 'graphql.op metGetAccount-other':
      return op('metGetAccount', { accountId: sim.credentialsOf(pick((i) => !sim.world.account(i).privateTrophies && enrolled(i))).accountId }, STARS);
    case 'graphql.op metGetAccount-not-enrolled':
      return op(
        'metGetAccount',
        { accountId: 'me' },
        STARS,
        pick((i) => starsEnrolled.get(i) === false),
      );
    case 'graphql.op metGetAccount-forbidden':
      // Another account that never enrolled: Sony answers "User not found", not the caller's nulls.
      return op('metGetAccount', { accountId: sim.credentialsOf(pick((i) => starsEnrolled.get(i) === false)).accountId }, STARS);
    case 'graphql.op metLoyaltyUserCollectibleById-own':
    case 'graphql.op metLoyaltyUserCollectibleById-own-unearned':
    case 'graphql.op metLoyaltyGetOwnedCollectibleById-own':
    case 'graphql.op metLoyaltyGetOwnedCollectibleById-own-unearned':
      return collectibleLike(e, 'me');
    case 'graphql.op metLoyaltyUserCollectibleById-other':
    case 'graphql.op metLoyaltyGetOwnedCollectibleById-other':
    case 'graphql.op metLoyaltyGetOwnedCollectibleById-other-purchase':
      return collectibleLike(e, sim.credentialsOf(pick((i) => !sim.world.account(i).privateTrophies && enrolled(i))).accountId);
    case 'graphql.op metLoyaltyUserCollectibleById-forbidden':
    case 'graphql.op metLoyaltyGetOwnedCollectibleById-forbidden': {
      const [operation] = e.case.split('-') as [string];
      const variables = { collectibleId: '07edd90d-1143-519f-9488-1b8297db9a0f', accountId: hidden.accountId };
      return op(operation, variables, operation === 'metLoyaltyUserCollectibleById' ? COLLECTIBLE_V1 : COLLECTIBLE_V2);
    }
    case 'graphql.op getUserGameList-own':
      return op('getUserGameList', { limit: 50, categories: 'ps4_game,ps5_native_game' }, USER_GAME_LIST);
    case 'graphql.op getPurchasedGameList-page':
      return op(
        'getPurchasedGameList',
        { isActive: true, platform: ['ps4', 'ps5'], size: 24, start: 0, sortBy: 'ACTIVE_DATE', sortDirection: 'desc' },
        PURCHASED_GAME_LIST,
      );
    case 'trophy.titles forbidden':
      return ask(`/api/trophy/v1/users/${hidden.accountId}/trophyTitles?limit=50&offset=0`);
    default:
      throw new Error(`no probe for ${key}: add one to this test`);
  }
}

/** Whether the simulator answered an account's Stars summary as enrolled (public accounts only, asked once in beforeAll). */
const starsEnrolled = new Map<number, boolean>();
const enrolled = (i: number) => starsEnrolled.get(i) === true;

const unionKey = (e: RecordedExchange) => `${e.route}${e.route === 'graphql.op' ? `:${e.case.split('-')[0]}` : ''}:${e.response.status < 400 ? 'ok' : 'error'}`;

beforeAll(async () => {
  sim = createSimulator({ seed: 21, accounts: 24, titles: 80, rateLimit: false, privateRate: 0.3, clock: Date.parse('2026-11-01T12:00:00Z') });
  base = await sim.listen(0);
  empty = createSimulator({ seed: 22, accounts: 2, titles: 0, fixtures: false, rateLimit: false });
  emptyBase = await empty.listen(0);
  // Which accounts the simulator treats as not enrolled in Stars: ask each once.
  for (let i = 1; i < sim.options.accounts; i++) {
    if (sim.world.account(i).privateTrophies) continue;
    const r = await op('metGetAccount', { accountId: 'me' }, STARS, i);
    const body = r.body as { data?: { loyaltyAccountRetrieve?: { enrollStatus?: { isUserEnrolled?: boolean } } } };
    starsEnrolled.set(i, body.data?.loyaltyAccountRetrieve?.enrollStatus?.isUserEnrolled === true);
  }
});

afterAll(async () => {
  await sim.close();
  await empty.close();
});

describe('recordings', () => {
  it('are well-formed, say where they came from, and hold no secret', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(10);
    for (const { name, recording } of recordings) {
      expect(recording.sources.length, name).toBeGreaterThan(0);
      const text = JSON.stringify(recording);
      // No token (a JWT), no bearer header, no NPSSO-looking value, no cookie.
      expect(text, name).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}/);
      expect(text, name).not.toMatch(/"(authorization|cookie|set-cookie)"/i);
      for (const key of ['access_token', 'refresh_token', 'id_token', 'npsso']) {
        for (const m of text.matchAll(new RegExp(`"${key}":"([^"]*)"`, 'g'))) expect(m[1], `${name} ${key}`).toBe('<redacted>');
      }
      // Account ids are the anonymised 10000000000000000NN.
      for (const m of text.matchAll(/"accountId":"(\d+)"/g)) expect(m[1], name).toMatch(/^10{15}\d{3}$/);
    }
  });

  it('cover every route the client calls with at least one real answer', () => {
    const routes = new Set(recordings.flatMap(({ recording }) => recording.exchanges.map((e) => e.route)));
    const clientRoutes = [
      'auth.authorize',
      'auth.token',
      'trophy.titles',
      'trophy.titleGroups',
      'trophy.titleTrophies',
      'trophy.userGroups',
      'trophy.userTrophies',
      'trophy.summary',
      'trophy.byTitleId',
      'gamelist.titles',
      'profile.profiles',
      'profile.friends',
      'profile.presence',
      'legacy.profile2',
      'legacy.titles',
      'legacy.groups',
      'legacy.trophies',
      'graphql.op',
      'search.universal',
    ];
    expect(clientRoutes.filter((r) => !routes.has(r) && !NOT_YET_RECORDED[r])).toEqual([]);
    // An entry stays only while its route has no recording.
    expect(Object.keys(NOT_YET_RECORDED).filter((r) => routes.has(r))).toEqual([]);
  });

  it('cover every GraphQL operation the client calls', () => {
    const operations = new Set(
      recordings.flatMap(({ recording }) => recording.exchanges.filter((e) => e.route === 'graphql.op').map((e) => e.case.split('-')[0])),
    );
    const clientOperations = ['metGetAccount', 'metLoyaltyUserCollectibleById', 'metLoyaltyGetOwnedCollectibleById', 'getUserGameList', 'getPurchasedGameList'];
    expect(clientOperations.filter((o) => !operations.has(o))).toEqual([]);
  });
});

describe('the simulator answers as Sony was recorded answering', () => {
  const all = recordings.flatMap(({ name, recording }) => recording.exchanges.map((exchange, i) => ({ name, i, exchange })));
  // What Sony was recorded sending on each route (success and failure apart): the simulator may send nothing else.
  const known = new Map<string, Shape>();
  const complete = new Map<string, boolean>();
  for (const { exchange } of all) {
    if (exchange.fragment) continue;
    const k = unionKey(exchange);
    known.set(k, mergeShapes([known.get(k) ?? new Map(), shapeOf(exchange.response.body)]));
    complete.set(k, (complete.get(k) ?? true) && exchange.fieldsComplete !== false);
  }

  it.each(all.map((x) => [`${x.name} #${x.i} ${x.exchange.route} ${x.exchange.case}`, x] as const))('%s', async (_label, { exchange }) => {
    const answer = await probe(exchange);
    expect(answer.status).toBe(exchange.response.status);
    const recordedBody = exchange.response.body as Record<string, unknown>;
    if (exchange.response.status >= 400) {
      expect((answer.body as { error?: { code?: number } }).error?.code).toBe((recordedBody.error as { code?: number } | undefined)?.code);
    }
    if (exchange.route === 'auth.authorize') {
      const location = (exchange.response.headers?.location ?? '').replace('://', '://x/');
      const simLocation = (answer.headers.get('location') ?? '').replace('://', '://x/');
      const keys = (url: string) => new Set(new URL(url).searchParams.keys());
      const wanted = exchange.case === 'ok' ? ['code', 'cid'] : ['error', 'error_code', 'error_description'];
      for (const k of wanted) {
        expect(keys(location).has(k)).toBe(true);
        expect(keys(simLocation).has(k), `Location lacks ${k}`).toBe(true);
      }
    }
    const simShape = shapeOf(answer.body);
    const recorded = shapeOf(exchange.response.body);
    const k = unionKey(exchange);
    const problems = exchange.fragment
      ? compareShapes(recorded, subShape(simShape, exchange.fragment))
      : compareShapes(recorded, simShape, complete.get(k) ? known.get(k) : undefined);
    const unexplained = problems.filter((p) => {
      const accepted = `${exchange.route} ${exchange.case} ${p.path}`;
      if (ACCEPTED[accepted]) return !used.add(accepted);
      const documented = `${k} ${p.path}`;
      if (p.kind === 'extra' && DOCUMENTED_EXTRAS[documented]) return !used.add(documented);
      return true;
    });
    expect(unexplained.map((p) => `${p.kind} ${p.path}: ${p.detail}`)).toEqual([]);
  });

  it('needs every difference it lists (a stale entry hides nothing)', () => {
    expect([...Object.keys(ACCEPTED), ...Object.keys(DOCUMENTED_EXTRAS)].filter((key) => !used.has(key))).toEqual([]);
  });
});

const used = new Set<string>();
