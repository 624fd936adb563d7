/**
 * Conformance of the simulator with an independent PSN client: psn-api, with only its global
 * `fetch` pointed at a loopback simulator, succeeds on every exported call, and what it returns
 * matches the models its index.d.ts documents (or psn-reference.md where the two differ).
 */
import * as psn from 'psn-api';
import {
  type AuthTokensResponse,
  type AuthorizationPayload,
  type TrophyTitle,
  type UserTrophyProfileSummaryResponse,
  TrophyRarity,
  call,
  exchangeAccessCodeForAuthTokens,
  exchangeCodeForAccessToken,
  exchangeNpssoForAccessCode,
  exchangeNpssoForCode,
  exchangeRefreshTokenForAuthTokens,
  getAccountDevices,
  getBasicPresence,
  getProfileFromAccountId,
  getProfileFromUserName,
  getProfileShareableLink,
  getPurchasedGames,
  getRecentlyPlayedGames,
  getTitleTrophies,
  getTitleTrophyGroups,
  getUserBlockedAccountIds,
  getUserFriendsAccountIds,
  getUserFriendsRequests,
  getUserPlayedGames,
  getUserRegion,
  getUserTitles,
  getUserTrophiesEarnedForTitle,
  getUserTrophiesForSpecificTitle,
  getUserTrophyGroupEarningsForTitle,
  getUserTrophyProfileSummary,
  makeUniversalSearch,
} from 'psn-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountCredentials, type Simulator, createSimulator } from '../src/index.ts';

// --- structural checks ------------------------------------------------------------------------

/**
 * A field's expected kind: alternatives joined by `|`, a trailing `?` when it may be absent.
 * Kinds: string, number, integer, boolean, array, object, null, iso (ISO 8601 UTC date),
 * `=text` (that exact string), `#n` (that exact number). A nested spec is a required object,
 * `[spec]` an array whose items all match; a key ending in `?` marks a nested field optional.
 */
type Spec = { [field: string]: string | Spec | [Spec] };

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isKind(value: unknown, kind: string): boolean {
  if (kind.startsWith('=')) return value === kind.slice(1);
  if (kind.startsWith('#')) return value === Number(kind.slice(1));
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isRecord(value);
    case 'null':
      return value === null;
    case 'iso':
      return typeof value === 'string' && ISO.test(value);
    default:
      throw new Error(`unknown kind in spec: ${kind}`);
  }
}

function shapeErrors(value: unknown, spec: Spec, path: string, out: string[]): void {
  if (!isRecord(value)) {
    out.push(`${path}: expected an object, got ${JSON.stringify(value)}`);
    return;
  }
  for (const [key, want] of Object.entries(spec)) {
    const keyOptional = key.endsWith('?');
    const field = keyOptional ? key.slice(0, -1) : key;
    const at = `${path}.${field}`;
    const got = value[field];
    if (typeof want === 'string') {
      const optional = keyOptional || want.endsWith('?');
      if (got === undefined) {
        if (!optional) out.push(`${at}: missing (expected ${want})`);
        continue;
      }
      const kinds = (want.endsWith('?') ? want.slice(0, -1) : want).split('|');
      if (!kinds.some((kind) => isKind(got, kind))) out.push(`${at}: expected ${want}, got ${JSON.stringify(got)}`);
      continue;
    }
    if (got === undefined) {
      if (!keyOptional) out.push(`${at}: missing`);
      continue;
    }
    if (Array.isArray(want)) {
      if (!Array.isArray(got)) out.push(`${at}: expected an array, got ${JSON.stringify(got)}`);
      else for (const [i, item] of got.entries()) shapeErrors(item, want[0], `${at}[${i}]`, out);
      continue;
    }
    shapeErrors(got, want, at, out);
  }
}

function expectShape(value: unknown, spec: Spec, path = 'response'): void {
  const errors: string[] = [];
  shapeErrors(value, spec, path, errors);
  expect(errors).toEqual([]);
}

// --- the models of psn-api's index.d.ts -------------------------------------------------------

const COUNTS: Spec = { bronze: 'integer', silver: 'integer', gold: 'integer', platinum: 'integer' };
const TROPHY_TYPE = '=bronze|=silver|=gold|=platinum';
const RARITY = `#${TrophyRarity.UltraRare}|#${TrophyRarity.VeryRare}|#${TrophyRarity.Rare}|#${TrophyRarity.Common}`;
const PAGING: Spec = { totalItemCount: 'integer', nextOffset: 'integer?', previousOffset: 'integer?' };

const AUTH_TOKENS: Spec = {
  accessToken: 'string',
  expiresIn: 'integer',
  idToken: 'string',
  refreshToken: 'string',
  refreshTokenExpiresIn: 'integer',
  scope: 'string',
  tokenType: 'string',
};

const TROPHY_TITLE: Spec = {
  npServiceName: '=trophy|=trophy2',
  npCommunicationId: 'string',
  trophySetVersion: 'string',
  trophyTitleName: 'string',
  trophyTitleIconUrl: 'string',
  trophyTitlePlatform: 'string',
  hasTrophyGroups: 'boolean',
  definedTrophies: COUNTS,
  progress: 'integer',
  earnedTrophies: COUNTS,
  hiddenFlag: 'boolean',
  lastUpdatedDateTime: 'iso',
  trophyTitleDetail: 'string?',
};

const USER_TITLES: Spec = { trophyTitles: [TROPHY_TITLE], ...PAGING };

const TITLE_TROPHY_GROUPS: Spec = {
  trophySetVersion: 'string',
  trophyTitleName: 'string',
  trophyTitleIconUrl: 'string',
  trophyTitlePlatform: 'string',
  definedTrophies: COUNTS,
  trophyGroups: [{ trophyGroupId: 'string', trophyGroupName: 'string', trophyGroupIconUrl: 'string', definedTrophies: COUNTS, trophyGroupDetail: 'string?' }],
  trophyTitleDetail: 'string?',
};

const TITLE_TROPHIES: Spec = {
  trophySetVersion: 'string',
  hasTrophyGroups: 'boolean',
  trophies: [
    {
      trophyId: 'integer',
      trophyHidden: 'boolean',
      trophyType: TROPHY_TYPE,
      trophyName: 'string',
      trophyDetail: 'string',
      trophyIconUrl: 'string',
      trophyGroupId: 'string',
      trophyProgressTargetValue: 'string?',
      trophyRewardName: 'string?',
      trophyRewardImageUrl: 'string?',
    },
  ],
  ...PAGING,
};

const RAREST_THIN_TROPHY: Spec = {
  trophyId: 'integer',
  trophyHidden: 'boolean',
  earned: 'boolean',
  trophyType: TROPHY_TYPE,
  trophyRare: RARITY,
  trophyEarnedRate: 'string',
};

const USER_TROPHIES_EARNED: Spec = {
  trophySetVersion: 'string',
  hasTrophyGroups: 'boolean',
  lastUpdatedDateTime: 'iso',
  trophies: [
    {
      ...RAREST_THIN_TROPHY,
      earnedDateTime: 'iso?',
      trophyProgressTargetValue: 'string?',
      trophyRewardImageUrl: 'string?',
      trophyRewardName: 'string?',
    },
  ],
  'rarestTrophies?': [RAREST_THIN_TROPHY],
  ...PAGING,
};

const USER_GROUP_EARNINGS: Spec = {
  trophySetVersion: 'string',
  hiddenFlag: 'boolean',
  progress: 'integer',
  earnedTrophies: COUNTS,
  // psn-api types the group's lastUpdatedDateTime as always present; recorded answers (psnawp, Fallout 76) leave it out for a group without an earned trophy.
  trophyGroups: [{ trophyGroupId: 'string', progress: 'integer', earnedTrophies: COUNTS, lastUpdatedDateTime: 'iso?' }],
  lastUpdatedDateTime: 'iso',
};

const TROPHY_SUMMARY: Spec = {
  accountId: 'string',
  // psn-api types trophyLevel as a string; Sony (psn-reference.md "Summary") sends a number.
  trophyLevel: 'integer',
  progress: 'integer',
  tier: 'integer',
  earnedTrophies: COUNTS,
};

// psn-api reuses its title-list model here; recorded answers (psnawp, GTA V) leave out trophySetVersion, trophyTitlePlatform and hiddenFlag.
const { trophySetVersion: _v, trophyTitlePlatform: _p, hiddenFlag: _h, ...TROPHY_TITLE_BY_ID } = TROPHY_TITLE;
const BY_TITLE_ID: Spec = {
  titles: [
    {
      npTitleId: 'string',
      trophyTitles: [{ ...TROPHY_TITLE_BY_ID, trophyGroupCount: 'integer', 'rarestTrophies?': [{ ...RAREST_THIN_TROPHY, earnedDateTime: 'iso?' }] }],
    },
  ],
};

const PLAYED_GAMES: Spec = {
  titles: [
    {
      titleId: 'string',
      name: 'string',
      localizedName: 'string',
      imageUrl: 'string',
      localizedImageUrl: 'string',
      category: 'string',
      service: 'string',
      playCount: 'integer',
      concept: {
        id: 'integer',
        titleIds: 'array',
        name: 'string',
        media: { audios: 'array', videos: 'array', images: [{ url: 'string', format: 'string', type: 'string' }] },
      },
      media: 'object',
      firstPlayedDateTime: 'iso',
      lastPlayedDateTime: 'iso',
      playDuration: 'string',
    },
  ],
  // As recorded (psnawp 2025, ioBroker 2024): both offsets always present, nextOffset null on the last page.
  totalItemCount: 'integer',
  nextOffset: 'integer|null',
  previousOffset: 'integer',
};

const RECENTLY_PLAYED: Spec = {
  data: {
    gameLibraryTitlesRetrieve: {
      __typename: '=GameList',
      games: [
        {
          __typename: '=GameLibraryTitle',
          image: { __typename: '=Media', url: 'string' },
          isActive: 'boolean|null',
          lastPlayedDateTime: 'iso',
          name: 'string',
          platform: '=PS5|=PS4|=PS3|=Vita|=UNKNOWN',
          productId: 'string|null',
          entitlementId: 'string|null',
          titleId: 'string',
          conceptId: 'string',
          subscriptionService: 'string',
        },
      ],
    },
  },
};

const PURCHASED: Spec = {
  data: {
    purchasedTitlesRetrieve: {
      __typename: '=GameList',
      games: [
        {
          __typename: '=GameLibraryTitle',
          conceptId: 'string|null',
          entitlementId: 'string',
          image: { __typename: '=Media', url: 'string' },
          isActive: 'boolean',
          isDownloadable: 'boolean',
          isPreOrder: 'boolean',
          membership: '=NONE|=PS_PLUS',
          name: 'string',
          platform: '=PS5|=PS4|=PS3|=Vita',
          productId: 'string',
          titleId: 'string',
        },
      ],
    },
  },
};

const PROFILE: Spec = {
  onlineId: 'string',
  aboutMe: 'string',
  avatars: [{ size: 'string', url: 'string' }],
  languages: 'array',
  isPlus: 'boolean',
  isOfficiallyVerified: 'boolean',
  isMe: 'boolean',
};

const PROFILE2: Spec = {
  profile: {
    onlineId: 'string',
    accountId: 'string',
    npId: 'string',
    avatarUrls: [{ size: 'string', avatarUrl: 'string' }],
    plus: '#0|#1',
    aboutMe: 'string',
    languagesUsed: 'array',
    trophySummary: { level: 'integer', progress: 'integer', earnedTrophies: COUNTS },
    isOfficiallyVerified: 'boolean',
    personalDetail: { firstName: 'string', lastName: 'string', profilePictureUrls: [{ size: 'string', profilePictureUrl: 'string' }] },
    personalDetailSharing: 'string',
    personalDetailSharingRequestMessageFlag: 'boolean',
    primaryOnlineStatus: 'string',
    // Recorded (psnawp, profile2 of an offline account): no lastOnlineDate.
    presences: [{ onlineStatus: 'string', hasBroadcastData: 'boolean', lastOnlineDate: 'iso?' }],
    friendRelation: 'string',
    requestMessageFlag: 'boolean',
    blocking: 'boolean',
    following: 'boolean',
    consoleAvailability: { availabilityStatus: 'string' },
  },
};

const SHAREABLE_LINK: Spec = { shareUrl: 'string', shareImageUrl: 'string', shareImageUrlDestination: 'string' };
const FRIENDS: Spec = { friends: 'array', ...PAGING };
const FRIEND_REQUESTS: Spec = { receivedRequests: 'array', totalItemCount: 'integer' };
const BLOCKED: Spec = { blockList: 'array', nextOffset: 'integer?', previousOffset: 'integer?' };

const PLATFORM = '=ps4|=PS5';
const BASIC_PRESENCE: Spec = {
  basicPresence: {
    availability: '=unavailable|=availableToPlay',
    lastAvailableDate: 'iso?',
    primaryPlatformInfo: { onlineStatus: '=online|=offline', platform: PLATFORM, lastOnlineDate: 'iso' },
    lastOnlineDate: 'iso?',
    onlineStatus: '=offline|=online?',
    platform: `${PLATFORM}?`,
    // psn-api types the list as always present; Sony sends it only while the user is in a game (asserted per case below).
    'gameTitleInfoList?': [
      { npTitleId: 'string', titleName: 'string', format: PLATFORM, launchPlatform: PLATFORM, npTitleIconUrl: 'string?', conceptIconUrl: 'string?' },
    ],
  },
};

const ACCOUNT_DEVICES: Spec = {
  accountId: 'string',
  accountDevices: [{ deviceId: 'string', deviceType: 'string', activationType: 'string', activationDate: 'iso', accountDeviceVector: 'string' }],
};

const SOCIAL_ACCOUNT_RESULT: Spec = {
  id: 'string',
  type: 'string',
  score: 'number',
  socialMetadata: {
    accountId: 'string',
    country: 'string',
    language: 'string',
    onlineId: 'string',
    isPsPlus: 'boolean',
    isOfficiallyVerified: 'boolean',
    avatarUrl: 'string',
    verifiedUserName: 'string',
    highlights: { onlineId: 'array' },
  },
};

const UNIVERSAL_SEARCH: Spec = {
  prefix: 'string',
  suggestions: 'array',
  fallbackQueried: 'boolean',
  domainResponses: [
    {
      domain: 'string',
      domainTitle: 'string',
      domainTitleMessageId: 'string',
      zeroState: 'boolean',
      univexId: 'string',
      facetOptions: 'array',
      next: 'string',
      totalResultCount: 'integer',
      results: [SOCIAL_ACCOUNT_RESULT],
    },
  ],
};

// --- helpers ----------------------------------------------------------------------------------

interface Counts {
  bronze: number;
  silver: number;
  gold: number;
  platinum: number;
}

function addCounts(a: Counts, b: Counts): Counts {
  return { bronze: a.bronze + b.bronze, silver: a.silver + b.silver, gold: a.gold + b.gold, platinum: a.platinum + b.platinum };
}

const ZERO: Counts = { bronze: 0, silver: 0, gold: 0, platinum: 0 };

function countTypes(trophies: Array<{ trophyType?: string; earned?: boolean }>, onlyEarned = false): Counts {
  const out = { ...ZERO };
  for (const t of trophies) if ((!onlyEarned || t.earned) && t.trophyType) out[t.trophyType as keyof Counts] += 1;
  return out;
}

function totalOf(c: Counts): number {
  return c.bronze + c.silver + c.gold + c.platinum;
}

/** A Sony data-host error body, as psn-api hands it back from the calls that do not throw. */
function sonyError(body: unknown): { referenceId?: string; code?: number; message?: string } | undefined {
  return isRecord(body) && isRecord(body.error) ? (body.error as { referenceId?: string; code?: number; message?: string }) : undefined;
}

// --- the simulator behind psn-api's fetch -----------------------------------------------------

const SONY_HOST = /(^|\.)(sony\.com|playstation\.com|playstation\.net)$/i;
const realFetch = globalThis.fetch;

let sim: Simulator;
let me: AccountCredentials;
let other: AccountCredentials;
let privateUser: AccountCredentials | undefined;
let auth: AuthorizationPayload;
let firstCode: string;
let firstTokens: AuthTokensResponse;
const hostsSeen = new Set<string>();
const foreign: string[] = [];
let requestCount = 0;

beforeAll(async () => {
  sim = createSimulator({ seed: 7, accounts: 6, titles: 30 });
  await sim.listen(0);
  const simOrigin = new URL(sim.url).origin;
  globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(href);
    requestCount += 1;
    if (url.protocol === 'https:' && SONY_HOST.test(url.hostname)) {
      hostsSeen.add(url.hostname);
      const target = `${sim.url}${url.pathname}${url.search}`;
      return input instanceof Request ? realFetch(new Request(target, input), init) : realFetch(target, init);
    }
    if (url.origin === simOrigin) return realFetch(input, init);
    foreign.push(href);
    return Promise.reject(new TypeError(`test: blocked a request to a non-simulator host: ${href}`));
  }) as typeof fetch;

  me = sim.credentialsOf(0);
  const publicIndex = [1, 2, 3, 4, 5].find((i) => !sim.world.account(i).privateTrophies && !sim.world.account(i).privateFriends);
  if (publicIndex === undefined) throw new Error('the seed has no public second account');
  other = sim.credentialsOf(publicIndex);
  const privateIndex = [1, 2, 3, 4, 5].find((i) => sim.world.account(i).privateTrophies);
  privateUser = privateIndex === undefined ? undefined : sim.credentialsOf(privateIndex);

  firstCode = await exchangeNpssoForAccessCode(me.npsso);
  firstTokens = await exchangeAccessCodeForAuthTokens(firstCode);
  auth = { accessToken: firstTokens.accessToken };
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  await sim?.close();
});

/** Every title of a user's list, paged 10 at a time until `nextOffset` is absent. */
async function allTitles(accountId: string): Promise<TrophyTitle[]> {
  const out: TrophyTitle[] = [];
  for (let offset: number | undefined = 0; offset !== undefined; ) {
    const page = await getUserTitles(auth, accountId, { limit: 10, offset });
    expectShape(page, USER_TITLES, `getUserTitles(offset=${offset})`);
    out.push(...page.trophyTitles);
    expect(page.nextOffset === undefined || page.nextOffset === offset + 10).toBe(true);
    offset = page.nextOffset;
  }
  return out;
}

let myTitles: TrophyTitle[];
async function titlesOfMe(): Promise<TrophyTitle[]> {
  myTitles ??= await allTitles('me');
  return myTitles;
}

/** A PS5 title with DLC groups and a PS4 title (`npServiceName` trophy), both earned in. */
async function pickTitles(): Promise<{ ps5: TrophyTitle; ps4: TrophyTitle }> {
  const titles = await titlesOfMe();
  const earned = (t: TrophyTitle) => totalOf(t.earnedTrophies) > 0;
  const ps5 = titles.find((t) => t.npServiceName === 'trophy2' && t.hasTrophyGroups && earned(t)) ?? titles.find((t) => t.npServiceName === 'trophy2');
  const isPs4 = (t: TrophyTitle) => t.npServiceName === 'trophy' && t.trophyTitlePlatform.split(',').includes('PS4') && earned(t);
  const ps4 = titles.find((t) => isPs4(t) && t.hasTrophyGroups) ?? titles.find(isPs4);
  if (!ps5 || !ps4) throw new Error('the seed lacks a PS5 or a PS4 title');
  return { ps5, ps4 };
}

// --- the tests ----------------------------------------------------------------------------------

/** psn-api's exports this file calls (TrophyRarity is an enum, used in the rarity checks). */
const COVERED = [
  'call',
  'exchangeAccessCodeForAuthTokens',
  'exchangeCodeForAccessToken',
  'exchangeNpssoForAccessCode',
  'exchangeNpssoForCode',
  'exchangeRefreshTokenForAuthTokens',
  'getAccountDevices',
  'getBasicPresence',
  'getProfileFromAccountId',
  'getProfileFromUserName',
  'getProfileShareableLink',
  'getPurchasedGames',
  'getRecentlyPlayedGames',
  'getTitleTrophies',
  'getTitleTrophyGroups',
  'getUserBlockedAccountIds',
  'getUserFriendsAccountIds',
  'getUserFriendsRequests',
  'getUserPlayedGames',
  'getUserRegion',
  'getUserTitles',
  'getUserTrophiesEarnedForTitle',
  'getUserTrophiesForSpecificTitle',
  'getUserTrophyGroupEarningsForTitle',
  'getUserTrophyProfileSummary',
  'makeUniversalSearch',
];

describe('psn-api 2.18 against the simulator on loopback', () => {
  it('covers every function psn-api exports', () => {
    const exported = Object.entries(psn)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name)
      .sort();
    expect(exported).toEqual([...COVERED].sort());
  });

  describe('authentication', () => {
    it('exchanges the NPSSO for a v3 code, and the code for auth tokens', () => {
      expect(firstCode).toMatch(/^v3\.[A-Za-z0-9]+$/);
      expectShape(firstTokens, AUTH_TOKENS, 'exchangeAccessCodeForAuthTokens');
      expect(firstTokens.tokenType).toBe('bearer');
      expect(firstTokens.scope).toBe('psn:mobile.v2.core psn:clientapp');
      expect(firstTokens.accessToken.split('.')).toHaveLength(3);
      expect(firstTokens.expiresIn).toBeGreaterThan(3000);
      expect(firstTokens.refreshTokenExpiresIn).toBeGreaterThan(firstTokens.expiresIn);
    });

    it('does the same through the deprecated aliases exchangeNpssoForCode and exchangeCodeForAccessToken', async () => {
      const code = await exchangeNpssoForCode(me.npsso);
      expect(code).toMatch(/^v3\./);
      expect(code).not.toBe(firstCode);
      const tokens = await exchangeCodeForAccessToken(code);
      expectShape(tokens, AUTH_TOKENS, 'exchangeCodeForAccessToken');
      const summary = await getUserTrophyProfileSummary({ accessToken: tokens.accessToken }, 'me');
      expect(summary.accountId).toBe(me.accountId);
    });

    it('refreshes: the same refresh token comes back, its lifetime not extended, and the new access token works', async () => {
      const refreshed = await exchangeRefreshTokenForAuthTokens(firstTokens.refreshToken);
      expectShape(refreshed, AUTH_TOKENS, 'exchangeRefreshTokenForAuthTokens');
      expect(refreshed.refreshToken).toBe(firstTokens.refreshToken);
      expect(refreshed.refreshTokenExpiresIn).toBeLessThanOrEqual(firstTokens.refreshTokenExpiresIn);
      expect(refreshed.refreshTokenExpiresIn).toBeGreaterThan(0);
      const summary = await getUserTrophyProfileSummary({ accessToken: refreshed.accessToken }, 'me');
      expect(summary.accountId).toBe(me.accountId);
    });

    it('makes exchangeNpssoForAccessCode throw on a bad NPSSO', async () => {
      const bad = `${me.npsso.slice(0, 63)}${me.npsso.endsWith('x') ? 'y' : 'x'}`;
      await expect(exchangeNpssoForAccessCode(bad)).rejects.toThrow(/NPSSO/);
      await expect(exchangeNpssoForAccessCode('not-an-npsso')).rejects.toThrow(/NPSSO/);
    });
  });

  describe('trophies', () => {
    it('getUserTitles pages the whole list, newest first, and its earned counts add up to the summary', async () => {
      const titles = await titlesOfMe();
      const whole = await getUserTitles(auth, 'me');
      expectShape(whole, USER_TITLES, 'getUserTitles');
      expect(whole.totalItemCount).toBe(titles.length);
      // Offsets only when meaningful (psn-reference.md): a single full page has neither.
      expect(whole.nextOffset).toBeUndefined();
      expect(whole.previousOffset).toBeUndefined();
      expect(whole.trophyTitles.map((t) => t.npCommunicationId)).toEqual(titles.map((t) => t.npCommunicationId));
      const middle = await getUserTitles(auth, 'me', { limit: 5, offset: 5 });
      expect(middle.nextOffset).toBe(10);
      expect(middle.previousOffset).toBe(0);

      const dates = titles.map((t) => Date.parse(t.lastUpdatedDateTime));
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
      for (const t of titles) {
        expect(t.npCommunicationId).toMatch(/^NPWR\d{5}_00$/);
        expect(t.definedTrophies.platinum).toBeLessThanOrEqual(1);
        expect(t.progress).toBeGreaterThanOrEqual(0);
        expect(t.progress).toBeLessThanOrEqual(100);
        for (const k of ['bronze', 'silver', 'gold', 'platinum'] as const) expect(t.earnedTrophies[k]).toBeLessThanOrEqual(t.definedTrophies[k]);
        if (t.npServiceName === 'trophy2') expect(t.trophyTitleDetail).toBeUndefined();
      }
      expect(new Set(titles.map((t) => t.npServiceName))).toEqual(new Set(['trophy', 'trophy2']));

      const summary = await getUserTrophyProfileSummary(auth, 'me');
      expect(titles.map((t) => t.earnedTrophies).reduce(addCounts, ZERO)).toEqual(summary.earnedTrophies);
    });

    it('getUserTrophyProfileSummary matches its model', async () => {
      const summary = await getUserTrophyProfileSummary(auth, 'me');
      expectShape(summary, TROPHY_SUMMARY, 'getUserTrophyProfileSummary');
      expect(summary.accountId).toBe(me.accountId);
      expect(summary.tier).toBeGreaterThanOrEqual(1);
      expect(summary.tier).toBeLessThanOrEqual(10);
      expect(summary.progress).toBeGreaterThanOrEqual(0);
      expect(summary.progress).toBeLessThanOrEqual(100);
      // psn-reference.md: trophyLevel is a number (psn-api's d.ts says string).
      expect(typeof summary.trophyLevel).toBe('number');
      const byAccountId = await getUserTrophyProfileSummary(auth, me.accountId);
      expect(byAccountId).toEqual(summary);
    });

    for (const kind of ['ps5', 'ps4'] as const) {
      it(`getTitleTrophyGroups and getTitleTrophies agree for a ${kind === 'ps5' ? 'PS5 trophy2' : "PS4 'trophy'"} title (groups 'all' and 'default')`, async () => {
        const title = (await pickTitles())[kind];
        const npServiceName = title.npServiceName;
        const groups = await getTitleTrophyGroups(auth, title.npCommunicationId, { npServiceName });
        expectShape(groups, TITLE_TROPHY_GROUPS, 'getTitleTrophyGroups');
        expect(groups.trophyTitleName).toBe(title.trophyTitleName);
        expect(groups.trophyTitlePlatform).toBe(title.trophyTitlePlatform);
        expect(groups.definedTrophies).toEqual(title.definedTrophies);
        expect(groups.trophyGroups[0]?.trophyGroupId).toBe('default');
        expect(groups.trophyGroups.length > 1).toBe(title.hasTrophyGroups);
        expect(groups.trophyGroups.map((g) => g.definedTrophies).reduce(addCounts, ZERO)).toEqual(groups.definedTrophies);
        if (kind === 'ps5') expect(groups.trophyTitleDetail).toBeUndefined();
        else expect(typeof groups.trophyTitleDetail).toBe('string');

        const all = await getTitleTrophies(auth, title.npCommunicationId, 'all', { npServiceName });
        expectShape(all, TITLE_TROPHIES, "getTitleTrophies('all')");
        expect(all.totalItemCount).toBe(all.trophies.length);
        expect(all.hasTrophyGroups).toBe(title.hasTrophyGroups);
        expect(all.trophySetVersion).toBe(groups.trophySetVersion);
        expect(countTypes(all.trophies)).toEqual(groups.definedTrophies);
        const ids = all.trophies.map((t) => t.trophyId);
        expect(new Set(ids).size).toBe(ids.length);
        if (groups.definedTrophies.platinum === 1) expect(all.trophies.find((t) => t.trophyType === 'platinum')?.trophyId).toBe(0);

        const defaultGroup = await getTitleTrophies(auth, title.npCommunicationId, 'default', { npServiceName });
        expectShape(defaultGroup, TITLE_TROPHIES, "getTitleTrophies('default')");
        expect(defaultGroup.trophies.every((t) => t.trophyGroupId === 'default')).toBe(true);
        expect(countTypes(defaultGroup.trophies)).toEqual(groups.trophyGroups[0]?.definedTrophies);
        expect(defaultGroup.trophies).toEqual(all.trophies.filter((t) => t.trophyGroupId === 'default'));
      });
    }

    it('passes headerOverrides through: Accept-Language de-DE localises names, not ids or types', async () => {
      const { ps5 } = await pickTitles();
      const english = await getTitleTrophies(auth, ps5.npCommunicationId, 'all');
      const german = await getTitleTrophies(auth, ps5.npCommunicationId, 'all', { headerOverrides: { 'Accept-Language': 'de-DE' } });
      expectShape(german, TITLE_TROPHIES, 'getTitleTrophies(de-DE)');
      expect(german.trophies.map((t) => [t.trophyId, t.trophyType])).toEqual(english.trophies.map((t) => [t.trophyId, t.trophyType]));
      expect(german.trophies.map((t) => t.trophyName)).not.toEqual(english.trophies.map((t) => t.trophyName));
    });

    it('getTitleTrophies pages with limit and offset', async () => {
      const { ps4 } = await pickTitles();
      const all = await getTitleTrophies(auth, ps4.npCommunicationId, 'all', { npServiceName: 'trophy' });
      const page = await getTitleTrophies(auth, ps4.npCommunicationId, 'all', { npServiceName: 'trophy', limit: 3, offset: 3 });
      expectShape(page, TITLE_TROPHIES, 'getTitleTrophies(limit=3, offset=3)');
      expect(page.trophies).toEqual(all.trophies.slice(3, 6));
      expect(page.totalItemCount).toBe(all.totalItemCount);
      expect(page.previousOffset).toBe(0);
      expect(page.nextOffset).toBe(all.totalItemCount > 6 ? 6 : undefined);
    });

    for (const kind of ['ps5', 'ps4'] as const) {
      it(`getUserTrophyGroupEarningsForTitle and getUserTrophiesEarnedForTitle agree with the title list (${kind})`, async () => {
        const title = (await pickTitles())[kind];
        const npServiceName = title.npServiceName;
        const earnings = await getUserTrophyGroupEarningsForTitle(auth, 'me', title.npCommunicationId, { npServiceName });
        expectShape(earnings, USER_GROUP_EARNINGS, 'getUserTrophyGroupEarningsForTitle');
        expect(earnings.earnedTrophies).toEqual(title.earnedTrophies);
        expect(earnings.progress).toBe(title.progress);
        expect(earnings.hiddenFlag).toBe(title.hiddenFlag);
        expect(earnings.lastUpdatedDateTime).toBe(title.lastUpdatedDateTime);
        expect(earnings.trophyGroups.map((g) => g.earnedTrophies).reduce(addCounts, ZERO)).toEqual(earnings.earnedTrophies);

        const earned = await getUserTrophiesEarnedForTitle(auth, 'me', title.npCommunicationId, 'all', { npServiceName });
        expectShape(earned, USER_TROPHIES_EARNED, "getUserTrophiesEarnedForTitle('all')");
        expect(countTypes(earned.trophies, true)).toEqual(title.earnedTrophies);
        expect(countTypes(earned.trophies)).toEqual(title.definedTrophies);
        expect(earned.totalItemCount).toBe(earned.trophies.length);
        expect(earned.lastUpdatedDateTime).toBe(title.lastUpdatedDateTime);
        for (const t of earned.trophies) {
          if (!t.earned) expect(t.earnedDateTime).toBeUndefined();
          expect(Number(t.trophyEarnedRate)).toBeGreaterThanOrEqual(0);
        }
        // The rarest earned trophy is one the user earned, with no earned one rarer.
        const rarest = earned.rarestTrophies?.[0];
        expect(rarest).toBeDefined();
        expect(rarest?.earned).toBe(true);
        const minRate = Math.min(...earned.trophies.filter((t) => t.earned).map((t) => Number(t.trophyEarnedRate)));
        expect(Number(rarest?.trophyEarnedRate)).toBe(minRate);

        // Earned state and definitions merge by trophyId.
        const definitions = await getTitleTrophies(auth, title.npCommunicationId, 'all', { npServiceName });
        expect(earned.trophies.map((t) => t.trophyId).sort((a, b) => a - b)).toEqual(definitions.trophies.map((t) => t.trophyId).sort((a, b) => a - b));

        const defaultGroup = await getUserTrophiesEarnedForTitle(auth, 'me', title.npCommunicationId, 'default', { npServiceName });
        expectShape(defaultGroup, USER_TROPHIES_EARNED, "getUserTrophiesEarnedForTitle('default')");
        const defaultEarnings = earnings.trophyGroups.find((g) => g.trophyGroupId === 'default');
        expect(countTypes(defaultGroup.trophies, true)).toEqual(defaultEarnings?.earnedTrophies);
      });
    }

    it("reads another (public) user's titles, summary and earned trophies by account id", async () => {
      const theirTitles = await allTitles(other.accountId);
      expect(theirTitles.length).toBeGreaterThan(0);
      // Hidden titles are never shown to others.
      expect(theirTitles.every((t) => t.hiddenFlag === false)).toBe(true);
      const summary = await getUserTrophyProfileSummary(auth, other.accountId);
      expectShape(summary, TROPHY_SUMMARY, 'getUserTrophyProfileSummary(other)');
      expect(summary.accountId).toBe(other.accountId);

      const title = theirTitles.find((t) => totalOf(t.earnedTrophies) > 0) ?? theirTitles[0];
      if (!title) throw new Error('no title');
      const earned = await getUserTrophiesEarnedForTitle(auth, other.accountId, title.npCommunicationId, 'all', { npServiceName: title.npServiceName });
      expectShape(earned, USER_TROPHIES_EARNED, 'getUserTrophiesEarnedForTitle(other)');
      expect(countTypes(earned.trophies, true)).toEqual(title.earnedTrophies);
      const earnings = await getUserTrophyGroupEarningsForTitle(auth, other.accountId, title.npCommunicationId, { npServiceName: title.npServiceName });
      expectShape(earnings, USER_GROUP_EARNINGS, 'getUserTrophyGroupEarningsForTitle(other)');
      expect(earnings.earnedTrophies).toEqual(title.earnedTrophies);
    });

    it("gets Sony's 403 body for a private user's summary", async () => {
      if (!privateUser) throw new Error('the seed has no private account');
      const body = await getUserTrophyProfileSummary(auth, privateUser.accountId);
      expect(sonyError(body)).toMatchObject({ code: 2240526, message: 'Not permitted by access control', referenceId: expect.any(String) });
    });

    it("getUserTrophiesForSpecificTitle joins getUserPlayedGames' titleIds to the trophy titles", async () => {
      const played = await getUserPlayedGames(auth, 'me');
      const ps4Game = played.titles.find((g) => g.category === 'ps4_game');
      const ps5Game = played.titles.find((g) => g.category === 'ps5_native_game');
      const npTitleIds = [ps4Game?.titleId, ps5Game?.titleId].filter((id): id is string => id !== undefined);
      expect(npTitleIds).toHaveLength(2);
      const response = await getUserTrophiesForSpecificTitle(auth, 'me', { npTitleIds: npTitleIds.join(','), includeNotEarnedTrophyIds: true });
      expectShape(response, BY_TITLE_ID, 'getUserTrophiesForSpecificTitle');
      expect(response.titles.map((t) => t.npTitleId)).toEqual(npTitleIds);
      const titles = await titlesOfMe();
      for (const entry of response.titles) {
        expect(entry.trophyTitles).toHaveLength(1);
        const trophyTitle = entry.trophyTitles[0] as TrophyTitle & { notEarnedTrophyIds?: number[] };
        const listed = titles.find((t) => t.npCommunicationId === trophyTitle.npCommunicationId);
        expect(listed).toBeDefined();
        expect(trophyTitle.earnedTrophies).toEqual(listed?.earnedTrophies);
        expect(trophyTitle.npServiceName).toBe(entry.npTitleId.startsWith('PPSA') ? 'trophy2' : 'trophy');
        // includeNotEarnedTrophyIds: one id per trophy not yet earned.
        expect(trophyTitle.notEarnedTrophyIds).toHaveLength(totalOf(trophyTitle.definedTrophies) - totalOf(trophyTitle.earnedTrophies));
      }
    });

    it("gives Sony's 404 error body (2240525) for a wrong npServiceName", async () => {
      const { ps4, ps5 } = await pickTitles();
      const wrongForPs4 = await getTitleTrophies(auth, ps4.npCommunicationId, 'all', { npServiceName: 'trophy2' });
      expect(sonyError(wrongForPs4)).toEqual({ referenceId: expect.any(String), code: 2240525, message: 'Resource not found' });
      // Omitting npServiceName means trophy2, which a PS4 title does not answer to either.
      const omitted = await getTitleTrophies(auth, ps4.npCommunicationId, 'all');
      expect(sonyError(omitted)?.code).toBe(2240525);
      const wrongForPs5 = await getTitleTrophyGroups(auth, ps5.npCommunicationId, { npServiceName: 'trophy' });
      expect(sonyError(wrongForPs5)?.code).toBe(2240525);
      // The user-data calls that check the body throw with Sony's message instead.
      await expect(getUserTrophiesEarnedForTitle(auth, 'me', ps4.npCommunicationId, 'all', { npServiceName: 'trophy2' })).rejects.toThrow('Resource not found');
    });
  });

  describe('game lists', () => {
    it('getUserPlayedGames matches its model, newest first, with null for the missing next page', async () => {
      const played = await getUserPlayedGames(auth, 'me');
      expectShape(played, PLAYED_GAMES, 'getUserPlayedGames');
      expect(played.totalItemCount).toBe(played.titles.length);
      expect(played.nextOffset).toBeNull();
      for (const g of played.titles) {
        expect(g.titleId).toMatch(/^(CUSA|PPSA)\d{5}_00$/);
        expect(g.category).toBe(g.titleId.startsWith('PPSA') ? 'ps5_native_game' : 'ps4_game');
        expect(g.playDuration).toMatch(/^PT(\d+H)?(\d+M)?(\d+S)?$/);
        expect(g.concept.titleIds).toContain(g.titleId);
        expect(Date.parse(g.firstPlayedDateTime)).toBeLessThanOrEqual(Date.parse(g.lastPlayedDateTime));
      }
      const dates = played.titles.map((g) => Date.parse(g.lastPlayedDateTime));
      expect(dates).toEqual([...dates].sort((a, b) => b - a));

      const page = await getUserPlayedGames(auth, 'me', { limit: 5, offset: 5 });
      expectShape(page, PLAYED_GAMES, 'getUserPlayedGames(limit=5, offset=5)');
      expect(page.titles).toEqual(played.titles.slice(5, 10));
      expect(page.nextOffset).toBe(10);
      expect(page.previousOffset).toBe(0);

      const theirs = await getUserPlayedGames(auth, other.accountId, { categories: 'ps5_native_game', limit: 100, offset: 0 });
      expectShape(theirs, PLAYED_GAMES, 'getUserPlayedGames(other)');
      expect(theirs.titles.every((g) => g.category === 'ps5_native_game')).toBe(true);
    });

    it('getRecentlyPlayedGames matches its model and the played-games order', async () => {
      const recent = await getRecentlyPlayedGames(auth, { limit: 5 });
      expectShape(recent, RECENTLY_PLAYED, 'getRecentlyPlayedGames');
      const games = recent.data.gameLibraryTitlesRetrieve.games;
      expect(games).toHaveLength(5);
      const played = await getUserPlayedGames(auth, 'me', { limit: 5, offset: 0 });
      expect(games.map((g) => g.titleId)).toEqual(played.titles.map((g) => g.titleId));
      // The game list writes microseconds (`…:28.000000Z`), GraphQL whole seconds: the same instants.
      expect(games.map((g) => Date.parse(g.lastPlayedDateTime))).toEqual(played.titles.map((g) => Date.parse(g.lastPlayedDateTime)));

      const ps5Only = await getRecentlyPlayedGames(auth, { limit: 50, categories: ['ps5_native_game'] });
      expectShape(ps5Only, RECENTLY_PLAYED, 'getRecentlyPlayedGames(ps5)');
      expect(ps5Only.data.gameLibraryTitlesRetrieve.games.every((g) => g.platform === 'PS5')).toBe(true);
    });

    it('getPurchasedGames matches its model', async () => {
      const purchased = await getPurchasedGames(auth);
      expectShape(purchased, PURCHASED, 'getPurchasedGames');
      const games = purchased.data.purchasedTitlesRetrieve.games;
      expect(games.length).toBeGreaterThan(0);
      expect(games.length).toBeLessThanOrEqual(24);
      const ps4 = await getPurchasedGames(auth, { platform: ['ps4'], size: 5, start: 0 });
      expectShape(ps4, PURCHASED, 'getPurchasedGames(ps4)');
      expect(ps4.data.purchasedTitlesRetrieve.games.every((g) => g.platform === 'PS4')).toBe(true);
      expect(ps4.data.purchasedTitlesRetrieve.games.length).toBeLessThanOrEqual(5);
    });
  });

  describe('profiles and people', () => {
    it('getProfileFromAccountId reads me and another user', async () => {
      const mine = await getProfileFromAccountId(auth, 'me');
      expectShape(mine, PROFILE, 'getProfileFromAccountId(me)');
      expect(mine.onlineId).toBe(me.onlineId);
      expect(mine.isMe).toBe(true);
      const theirs = await getProfileFromAccountId(auth, other.accountId);
      expectShape(theirs, PROFILE, 'getProfileFromAccountId(other)');
      expect(theirs.onlineId).toBe(other.onlineId);
      expect(theirs.isMe).toBe(false);
    });

    it('getProfileFromUserName maps an online id to its account id', async () => {
      const response = await getProfileFromUserName(auth, other.onlineId);
      expectShape(response, PROFILE2, 'getProfileFromUserName');
      expect(response.profile.onlineId).toBe(other.onlineId);
      expect(response.profile.accountId).toBe(other.accountId);
      await expect(getProfileFromUserName(auth, 'NoSuchUser_123')).rejects.toThrow("User not found (user: 'NoSuchUser_123')");
    });

    it("getUserRegion reads the region from the profile's npId", async () => {
      const region = await getUserRegion(auth, other.onlineId);
      const country = sim.world.account(sim.world.accountById(other.accountId)?.index ?? -1).country;
      expect(region).toEqual({ code: country, name: new Intl.DisplayNames(['en'], { type: 'region' }).of(country) });
    });

    it('getProfileShareableLink matches its model', async () => {
      const link = await getProfileShareableLink(auth, other.accountId);
      expectShape(link, SHAREABLE_LINK, 'getProfileShareableLink');
      expect(link.shareUrl).toContain(other.onlineId);
      expect(() => new URL(link.shareImageUrl)).not.toThrow();
    });

    it('getUserFriendsAccountIds lists account ids, symmetrically', async () => {
      const mine = await getUserFriendsAccountIds(auth, 'me');
      expectShape(mine, FRIENDS, 'getUserFriendsAccountIds(me)');
      expect(mine.totalItemCount).toBe(mine.friends.length);
      expect(mine.friends.every((id) => /^\d{19}$/.test(id))).toBe(true);
      const theirs = await getUserFriendsAccountIds(auth, other.accountId);
      expectShape(theirs, FRIENDS, 'getUserFriendsAccountIds(other)');
      expect(mine.friends.includes(other.accountId)).toBe(theirs.friends.includes(me.accountId));
      const page = await getUserFriendsAccountIds(auth, 'me', { limit: 1, offset: 0 });
      expect(page.friends).toEqual(mine.friends.slice(0, 1));
      expect(page.nextOffset).toBe(mine.totalItemCount > 1 ? 1 : undefined);
    });

    it('getUserFriendsRequests and getUserBlockedAccountIds match their models', async () => {
      const requests = await getUserFriendsRequests(auth);
      expectShape(requests, FRIEND_REQUESTS, 'getUserFriendsRequests');
      const blocked = await getUserBlockedAccountIds(auth);
      expectShape(blocked, BLOCKED, 'getUserBlockedAccountIds');
    });

    it('getBasicPresence matches its model online and offline', async () => {
      const mine = await getBasicPresence(auth, 'me');
      expectShape(mine, BASIC_PRESENCE, 'getBasicPresence(me)');
      const presences = [mine, await getBasicPresence(auth, other.accountId)];
      expectShape(presences[1], BASIC_PRESENCE, 'getBasicPresence(other)');
      for (const p of presences) {
        const online = p.basicPresence.primaryPlatformInfo.onlineStatus === 'online';
        expect(p.basicPresence.availability).toBe(online ? 'availableToPlay' : 'unavailable');
        if (online) expect(p.basicPresence.gameTitleInfoList.length).toBeGreaterThan(0);
      }
      // Both branches of the model are exercised: the seed has the caller online and the other user offline.
      expect(presences.map((p) => p.basicPresence.primaryPlatformInfo.onlineStatus)).toEqual(['online', 'offline']);
    });

    it('getAccountDevices lists the caller’s devices', async () => {
      const devices = await getAccountDevices(auth);
      expectShape(devices, ACCOUNT_DEVICES, 'getAccountDevices');
      expect(devices.accountId).toBe(me.accountId);
      expect(devices.accountDevices.length).toBeGreaterThan(0);
    });

    it('makeUniversalSearch finds an online id and returns its account id', async () => {
      const result = await makeUniversalSearch(auth, other.onlineId, 'SocialAllAccounts');
      expectShape(result, UNIVERSAL_SEARCH, 'makeUniversalSearch');
      expect(result.prefix).toBe(other.onlineId);
      const domain = result.domainResponses[0];
      expect(domain?.domain).toBe('SocialAllAccounts');
      expect(domain?.totalResultCount).toBe(domain?.results.length);
      expect(domain?.results[0]?.socialMetadata.accountId).toBe(other.accountId);
      expect(domain?.results[0]?.socialMetadata.onlineId).toBe(other.onlineId);
    });
  });

  it('call (the generic helper) reaches any URL with the bearer token', async () => {
    const viaCall = await call<UserTrophyProfileSummaryResponse>({ url: 'https://m.np.playstation.com/api/trophy/v1/users/me/trophySummary' }, auth);
    expectShape(viaCall, TROPHY_SUMMARY, 'call(trophySummary)');
    expect(viaCall).toEqual(await getUserTrophyProfileSummary(auth, 'me'));
    const unauthorised = await call<unknown>({ url: 'https://m.np.playstation.com/api/trophy/v1/users/me/trophySummary' }, { accessToken: 'nope' });
    expect(sonyError(unauthorised)?.code).toBe(2105857);
  });

  it('sent every request to the simulator, through every Sony host psn-api uses', () => {
    expect(foreign).toEqual([]);
    expect(requestCount).toBeGreaterThan(50);
    expect([...hostsSeen].sort()).toEqual(
      ['ca.account.sony.com', 'dms.api.playstation.com', 'm.np.playstation.com', 'us-prof.np.community.playstation.net', 'web.np.playstation.com'].sort(),
    );
  });
});
