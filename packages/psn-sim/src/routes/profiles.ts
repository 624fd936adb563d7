/**
 * Profiles and people: the profile host (profiles, friends, presence, blocks, friend requests),
 * the share link (cpss), devices (dms), universal search, and the legacy `profile2` that maps an
 * online id to its account id.
 * @module
 */
import type { Simulator } from '../simulator.ts';
import { SonyError } from '../sony-errors.ts';
import type { Account } from '../world/accounts.ts';
import { isoSeconds } from '../world/title-text.ts';
import { parsePage, pageFields } from './pagination.ts';
import { gameImageUrl } from './game-list.ts';

const PROFILE = '/api/userProfile/v1/internal/users';

function avatars(account: Account) {
  const base = `https://psn-rsc.prod.dl.playstation.net/psn-rsc/avatar/UP9000-CUSA00001_00/${account.accountId.slice(-8)}`;
  return (['s', 'm', 'l', 'xl'] as const).map((size) => ({ size, url: `${base}-${size}.png` }));
}

export function registerProfileRoutes(sim: Simulator): void {
  const { world, errors, clock } = sim;

  sim.route('GET', `${PROFILE}/:accountId/profiles`, 'profile.profiles', 'bearer', (ctx) => {
    const account = sim.target(ctx.param('accountId'), ctx.caller, 'profile');
    const isMe = account.index === ctx.caller.index;
    return {
      body: {
        onlineId: account.onlineId,
        // Your own profile carries your real name (recorded: psnawp `test_client__get_profile_legacy`).
        ...(isMe
          ? {
              personalDetail: {
                firstName: account.firstName,
                lastName: account.lastName,
                profilePictures: avatars(account).map((a) => ({ size: a.size, url: a.url })),
              },
            }
          : {}),
        aboutMe: account.aboutMe,
        avatars: avatars(account),
        languages: [account.language],
        isPlus: account.isPlus,
        isOfficiallyVerified: account.isOfficiallyVerified,
        isMe,
      },
    };
  });

  sim.route('GET', `${PROFILE}/me/friends/receivedRequests`, 'profile.friendRequests', 'bearer', () => ({
    body: { receivedRequests: [], totalItemCount: 0 },
  }));

  sim.route('GET', `${PROFILE}/me/blocks`, 'profile.blocks', 'bearer', () => ({ body: { blockList: [], totalItemCount: 0 } }));

  sim.route('GET', `${PROFILE}/:accountId/friends`, 'profile.friends', 'bearer', (ctx) => {
    const account = sim.target(ctx.param('accountId'), ctx.caller, 'profile');
    const p = parsePage(ctx.query('limit'), ctx.query('offset'), { defaultLimit: 1000, maxLimit: 1000 }, (what) =>
      errors.data(400, 2281473, `Bad Request (query: ${what})`),
    );
    if (account.index !== ctx.caller.index && account.privateFriends) throw errors.data(403, 2281486, 'Not permitted by access control');
    const friends = world.friends(account.index).map((i) => world.account(i).accountId);
    return { body: { friends: friends.slice(p.offset, p.offset + p.limit), ...pageFields(p, friends.length) } };
  });

  sim.route('GET', `${PROFILE}/:accountId/basicPresences`, 'profile.presence', 'bearer', (ctx) => {
    const account = sim.target(ctx.param('accountId'), ctx.caller, 'profile');
    if (account.index !== ctx.caller.index && account.privateTrophies) throw errors.data(403, 2281486, 'Not permitted by access control');
    const recent = world.gameList(account.index)[0];
    const online = recent !== undefined && account.index % 3 === 0;
    const lastOnline = isoSeconds(recent?.lastPlayedMs ?? sim.options.epochMs);
    const platform = recent?.npTitleId.startsWith('PPSA') ? 'PS5' : 'ps4';
    return {
      body: {
        basicPresence: online
          ? {
              availability: 'availableToPlay',
              primaryPlatformInfo: { onlineStatus: 'online', platform, lastOnlineDate: lastOnline },
              gameTitleInfoList: [
                { npTitleId: recent.npTitleId, titleName: recent.title.name, format: platform, launchPlatform: platform, npTitleIconUrl: gameImageUrl(recent) },
              ],
            }
          : {
              availability: 'unavailable',
              lastAvailableDate: lastOnline,
              primaryPlatformInfo: { onlineStatus: 'offline', platform, lastOnlineDate: lastOnline },
            },
      },
    };
  });

  sim.route('GET', '/api/cpss/v1/share/profile/:accountId', 'profile.share', 'bearer', (ctx) => {
    const account = sim.target(ctx.param('accountId'), ctx.caller, 'profile');
    const expires = Math.floor(clock.now() / 1000) + 7 * 86_400;
    return {
      body: {
        shareUrl: `https://profile.playstation.com/${account.onlineId}`,
        shareImageUrl: `https://share.playstation.example/profile-${account.onlineId}?Expires=${expires}`,
        shareImageUrlDestination: `https://profile.playstation.com/share/${account.onlineId}`,
      },
    };
  });

  sim.route('GET', '/api/v1/devices/accounts/:accountId', 'devices.accounts', 'bearer', (ctx) => {
    const account = sim.target(ctx.param('accountId'), ctx.caller, 'profile');
    if (account.index !== ctx.caller.index) throw errors.accessControl();
    const activation = isoSeconds(sim.options.epochMs - (400 + (account.index % 300)) * 86_400_000);
    return {
      body: {
        accountId: account.accountId,
        accountDevices: [
          {
            deviceId: `${account.accountId.slice(-6)}ps5`,
            deviceType: 'PS5',
            activationType: 'PRIMARY',
            activationDate: activation,
            accountDeviceVector: `v${account.accountId.slice(-10)}`,
          },
          {
            deviceId: `${account.accountId.slice(-6)}ps4`,
            deviceType: 'PS4',
            activationType: 'PSN_GAME_V3',
            activationDate: activation,
            accountDeviceVector: `w${account.accountId.slice(-10)}`,
          },
        ],
      },
    };
  });

  sim.route('POST', '/api/search/v1/universalSearch', 'search.universal', 'bearer', async (ctx) => {
    let request: { searchTerm?: unknown; domainRequests?: Array<{ domain?: unknown }> };
    try {
      request = (await ctx.c.req.json()) as typeof request;
    } catch {
      throw errors.badRequest('body');
    }
    const term = typeof request.searchTerm === 'string' ? request.searchTerm.trim() : '';
    const domains = (request.domainRequests ?? []).map((d) => d.domain);
    if (!term || domains.length === 0) throw errors.badRequest('body: searchTerm');
    const lower = term.toLowerCase();
    // The caller never finds itself: "if you search for your own username, it will not be in the
    // list of results" (a psn-api user's note; a live check of 2026-09 says the same).
    const results: Account[] = [];
    const exact = world.accountByOnlineId(term);
    if (exact && exact.index !== ctx.caller.index) results.push(exact);
    for (let i = 0; i < sim.options.accounts && results.length < 50; i++) {
      const account = world.account(i);
      if (account !== exact && i !== ctx.caller.index && account.onlineId.toLowerCase().includes(lower)) results.push(account);
    }
    const highlight = (onlineId: string) => onlineId.replace(new RegExp(term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'), (m) => `<em>${m}</em>`);
    // Fields as live answers showed them (Ragowit/PsnApiWrapperNet's live test; a 2026-09 field list):
    // queryFrequency, responseStatus, strandPaginationResponse, domainExpandedTitle, relevancyScore, accountType.
    return {
      body: {
        prefix: term,
        suggestions: [],
        fallbackQueried: false,
        queryFrequency: { searchDebounceMs: 500, filterDebounceMs: 1000 },
        responseStatus: [{ status: '200', statusMessage: 'OK' }],
        strandPaginationResponse: { pageSize: results.length, offset: 0, lastPage: true },
        domainResponses: domains.map((domain) => ({
          domain,
          domainTitle: 'Players',
          domainTitleMessageId: 'msgid_players',
          domainTitleHighlight: ['Players'],
          domainExpandedTitle: `Players with names like "${term}"`,
          zeroState: false,
          univexId: `search.${domain}`,
          facetOptions: [],
          next: '',
          totalResultCount: domain === 'SocialAllAccounts' ? results.length : 0,
          results:
            domain === 'SocialAllAccounts'
              ? results.map((a, rank) => ({
                  id: a.accountId,
                  type: 'social',
                  score: Math.max(0.01, 1 - rank / 50),
                  relevancyScore: Math.max(0.01, 1 - rank / 50),
                  socialMetadata: {
                    accountId: a.accountId,
                    accountType: 'CUSTOMER',
                    country: a.country,
                    language: a.language,
                    onlineId: a.onlineId,
                    isPsPlus: a.isPlus,
                    isOfficiallyVerified: a.isOfficiallyVerified,
                    avatarUrl: avatars(a)[2]?.url,
                    verifiedUserName: '',
                    highlights: { onlineId: [highlight(a.onlineId)] },
                  },
                }))
              : [],
        })),
      },
    };
  });

  sim.route('GET', '/userProfile/v1/users/:onlineId/profile2', 'legacy.profile2', 'bearer', (ctx) => {
    const name = ctx.param('onlineId');
    const account = world.accountByOnlineId(name);
    // The legacy host's 404 carries no referenceId.
    if (!account) throw new SonyError(404, { error: { code: 2105356, message: `User not found (user: '${name}')` } });
    const summary = account.privateTrophies && account.index !== ctx.caller.index ? undefined : world.summary(account.index);
    return {
      body: {
        profile: {
          onlineId: account.onlineId,
          accountId: account.accountId,
          npId: Buffer.from(`${account.onlineId}@a6.${account.country.toLowerCase()}`).toString('base64'),
          avatarUrls: avatars(account).map((a) => ({ size: a.size, avatarUrl: a.url })),
          plus: account.isPlus ? 1 : 0,
          aboutMe: account.aboutMe,
          languagesUsed: [account.language],
          trophySummary: summary
            ? { level: summary.trophyLevel, progress: summary.progress, earnedTrophies: { ...summary.earned } }
            : { level: 0, progress: 0, earnedTrophies: { bronze: 0, silver: 0, gold: 0, platinum: 0 } },
          isOfficiallyVerified: account.isOfficiallyVerified,
          personalDetail: {
            firstName: account.firstName,
            lastName: account.lastName,
            profilePictureUrls: avatars(account).map((a) => ({ size: a.size, profilePictureUrl: a.url })),
          },
          personalDetailSharing: 'no',
          personalDetailSharingRequestMessageFlag: false,
          primaryOnlineStatus: 'offline',
          presences: [{ onlineStatus: 'offline', hasBroadcastData: false }],
          friendRelation: account.index === ctx.caller.index ? 'no' : world.friends(ctx.caller.index).includes(account.index) ? 'friend' : 'no',
          requestMessageFlag: false,
          blocking: false,
          following: false,
          consoleAvailability: { availabilityStatus: 'offline' },
        },
      },
    };
  });
}
