/**
 * GraphQL persisted queries (`/api/graphql/v1/op` on the mobile and web hosts): PlayStation Stars
 * (`metGetAccount`; a collectible by `metLoyaltyUserCollectibleById` and by the app's newer
 * `metLoyaltyGetOwnedCollectibleById`) and the game lists (`getUserGameList`, `getPurchasedGameList`).
 * Only registered hashes are answered, as on PSN. Shapes follow `recordings/andshrew-*`,
 * `recordings/psn-api-recently-played.json` and `recordings/ha-ps5-purchased-games.json`.
 * @module
 */
import type { GraphqlOperation } from '../options.ts';
import type { Simulator } from '../simulator.ts';
import { SonyError } from '../sony-errors.ts';
import { hashString, mix, unit } from '../prng.ts';
import { isoSeconds } from '../world/title-text.ts';
import type { Account } from '../world/accounts.ts';
import { gameImageUrl, isoMicros } from './game-list.ts';

const statusLevels = ['Sapphire', 'Sapphire', 'Ruby', 'Ruby', 'Diamond', 'Platinum'];
const rarities = ['COMMON', 'UNCOMMON', 'RARE', 'HEROIC', 'LEGENDARY', 'MYTHIC'];
const ASSETS = 'https://sky-assets.api.playstation.com/sky/p1-np';
const STARS_KEY = hashString('stars:not-enrolled');

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function uuidOf(...keys: number[]): string {
  const h = [1, 2, 3, 4]
    .map((k) =>
      mix(...keys, k)
        .toString(16)
        .padStart(8, '0'),
    )
    .join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-9${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface Earned {
  how: 'CAMPAIGN' | 'PURCHASE';
  unlockedDate: string;
  earnedDate: string;
}

/** A collectible of the catalogue (any GUID names one) and whether `owner` earned it, and how. */
function collectibleFor(seed: number, id: string, owner: Account) {
  const key = hashString(id);
  const release = Date.UTC(2022, 9, 1) + (key % 600) * 86_400_000;
  const roll = mix(seed, owner.index, key) % 3;
  const unlockedMs = release + (key % 30) * 86_400_000 + (owner.index % 86_400) * 1000;
  const earned: Earned | undefined =
    roll === 0
      ? undefined
      : {
          how: roll === 1 ? 'CAMPAIGN' : 'PURCHASE',
          unlockedDate: isoMicros(unlockedMs),
          // Sony stamps the task a few milliseconds after the collectible (recorded: …15.642907Z and …15.654491Z).
          earnedDate: isoMicros(unlockedMs + 11),
        };
  return {
    key,
    earned,
    detail: {
      assets: [
        { __typename: 'Media', type: 'IMAGE', url: `${ASSETS}/collectible/image/masterImage_png_${key % 1000}_${1663345652984 + key}.png` },
        { __typename: 'Media', type: 'VIDEO', url: `${ASSETS}/collectible/video/video_mp4_${key % 1000}_${1663345660772 + key}.mp4` },
      ],
      descriptions: [
        { __typename: 'Description', type: 'LEGAL', value: null },
        { __typename: 'Description', type: 'LONG', value: 'A digital collectible of PlayStation history.' },
      ],
      id,
      name: `Collectible #${key % 1000}`,
      rarity: rarities[key % rarities.length],
      releaseDate: isoMicros(release),
    },
  };
}

/** How a collectible was earned, as `referenceData` says it: every field null when it was not. */
function referenceOf(c: ReturnType<typeof collectibleFor>) {
  const earned = c.earned;
  const campaign = earned?.how === 'CAMPAIGN';
  return {
    __typename: 'LoyaltyCollectibleReference',
    // A campaign has a name and a description; a purchase a price in points (recorded: 200) and neither.
    description: campaign ? 'Play along with this month\u2019s campaign and take this collectible home.' : null,
    earnedDate: earned ? earned.earnedDate : null,
    id: earned ? uuidOf(c.key, earned.how === 'CAMPAIGN' ? 1 : 2) : null,
    internalName: earned ? `Y24_${earned.how === 'CAMPAIGN' ? 'Campaign' : 'Reward'}_${c.key % 1000}_Global` : null,
    name: campaign ? `Campaign #${c.key % 1000}` : null,
    points: earned?.how === 'PURCHASE' ? 200 : null,
    referenceType: earned ? earned.how : null,
  };
}

export function registerGraphqlRoutes(sim: Simulator): void {
  const { world, options } = sim;
  const badRequest = (message: string) => new SonyError(400, { errors: [{ message }] });
  const collectible = (id: string, owner: Account) => collectibleFor(options.seed, id, owner);

  /** About one account in six (never the first) never enrolled in PlayStation Stars. */
  const notEnrolled = (owner: Account) => owner.index > 0 && unit(options.seed, STARS_KEY, owner.index) < 1 / 6;

  sim.route('GET', '/api/graphql/v1/op', 'graphql.op', 'bearer', (ctx) => {
    const operation = ctx.query('operationName') as GraphqlOperation | undefined;
    const variables = parseJson(ctx.query('variables')) ?? {};
    const extensions = parseJson(ctx.query('extensions'));
    const hash = (extensions?.persistedQuery as { sha256Hash?: string } | undefined)?.sha256Hash;
    if (!operation) throw badRequest('Must provide operationName');
    if (!hash || options.graphqlHashes[operation] !== hash) {
      return { body: { errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] } };
    }
    const accountParam = typeof variables.accountId === 'string' ? variables.accountId : 'me';
    const owner = accountParam === 'me' ? ctx.caller : world.accountById(accountParam);
    const isMe = owner?.index === ctx.caller.index;
    // Another account answers only when it enrolled in Stars and lets the caller see it; the
    // caller's own account always answers (andshrew/PlayStation-Stars, "User Account Summary" and
    // "Collectible Detail": "an error object contained within" a 200).
    const visible = owner !== undefined && (isMe || (!owner.privateTrophies && !notEnrolled(owner)));

    if (operation === 'metGetAccount') {
      if (!owner || !visible) {
        return {
          body: {
            errors: [
              {
                message: 'User not found',
                type: 'NimbusNormalizedError',
                error: { reason: 'NotFound', code: -1, source: '-1', message: 'User not found', referenceId: sim.errors.ids.next() },
                statusCode: 404,
                errorCode: -1,
                humanReadableCode: '',
                humanReadableValidationErrors: [],
                apiName: 'getAccount',
              },
            ],
            data: { loyaltyAccountRetrieve: null },
          },
        };
      }
      // The caller never enrolled: nulls nearly everywhere (andshrew/PlayStation-Stars, metGetAccount example 3).
      if (notEnrolled(owner)) {
        return {
          body: {
            data: {
              loyaltyAccountRetrieve: {
                __typename: 'LoyaltyAccount',
                collectibleScene: { __typename: 'LoyaltyCollectibleScene', assets: null, id: null },
                collectibles: null,
                enrollStatus: {
                  __typename: 'LoyaltyEnrollStatus',
                  enrolledDateTime: null,
                  isUserEligibleToEnroll: false,
                  isUserEnrolled: false,
                  status: 'NOT_ENROLLED',
                },
                pointsBalance: null,
                requiresTosAcceptance: true,
                statusLevel: {
                  __typename: 'LoyaltyStatusLevel',
                  currentStatusLevel: null,
                  expiryDate: null,
                  nextStatusProgress: null,
                  statusLevelNumber: null,
                  totalPurchaseEarned: null,
                  totalPurchaseNeeded: null,
                  totalTrophiesEarned: null,
                  totalTrophiesNeeded: null,
                },
              },
            },
          },
        };
      }
      const summary = world.summary(owner.index);
      const level = 1 + (owner.index % 5);
      return {
        body: {
          data: {
            loyaltyAccountRetrieve: {
              __typename: 'LoyaltyAccount',
              collectibleScene: {
                __typename: 'LoyaltyCollectibleScene',
                id: uuidOf(options.seed, owner.index, 1),
                assets: ['BACKGROUND', 'TILE', 'PREVIEW'].map((role) => ({
                  __typename: 'Media',
                  role,
                  url: `${ASSETS}/collectibleScene/image/ice_${role.toLowerCase()}.png`,
                })),
              },
              collectibles: [0, 1, 2].map((slot) => ({ __typename: 'LoyaltyCollectibleDisplayItem', assets: null, id: `empty-slot-${slot}`, isEmpty: true })),
              enrollStatus: {
                __typename: 'LoyaltyEnrollStatus',
                enrolledDateTime: isoSeconds(options.epochMs - 400 * 86_400_000),
                isUserEligibleToEnroll: true,
                isUserEnrolled: true,
                status: 'ENROLLED',
              },
              pointsBalance: isMe
                ? {
                    __typename: 'LoyaltyPointBalance',
                    displayTotalPointsBalance: String(summary.points % 5000),
                    totalCampaignsCompleted: summary.earned.platinum,
                    totalPointsBalance: summary.points % 5000,
                  }
                : null,
              requiresTosAcceptance: isMe ? false : null,
              statusLevel: {
                __typename: 'LoyaltyStatusLevel',
                currentStatusLevel: statusLevels[level] ?? 'Sapphire',
                expiryDate: null,
                nextStatusProgress: summary.progress,
                statusLevelNumber: level,
                totalPurchaseEarned: owner.index % 7,
                totalPurchaseNeeded: 10,
                totalTrophiesEarned: summary.earned.platinum + summary.earned.gold,
                totalTrophiesNeeded: 50,
              },
            },
          },
        },
      };
    }

    if (operation === 'metLoyaltyUserCollectibleById' || operation === 'metLoyaltyGetOwnedCollectibleById') {
      const id = typeof variables.collectibleId === 'string' ? variables.collectibleId : '';
      const known = /^[0-9a-f-]{36}$/.test(id);
      if (operation === 'metLoyaltyUserCollectibleById') {
        if (!owner || !visible || !known) {
          return {
            body: {
              errors: [{ message: 'Cannot return null for non-nullable field LoyaltyUserCollectible.id.' }],
              data: { loyaltyUserCollectibleByIdRetrieve: null },
            },
          };
        }
        const c = collectible(id, owner);
        return {
          body: {
            data: {
              loyaltyUserCollectibleByIdRetrieve: {
                __typename: 'LoyaltyUserCollectible',
                ...c.detail,
                // v1 tells only the caller when it was earned (v2's change notes: "you can now see the date that another user earned a collectible").
                unlockedDate: isMe && c.earned ? c.earned.unlockedDate : null,
              },
            },
          },
        };
      }
      // The app's operation since ~September 2023: the collectible nested, how it was earned in referenceData.
      if (!owner || !visible || !known) {
        return {
          body: {
            errors: [
              {
                message: 'Cannot return null for non-nullable field LoyaltyCollectible.id.',
                path: ['ownedLoyaltyCollectibleRetrieve', 'collectible', 'id'],
                extensions: {},
              },
            ],
            data: {
              ownedLoyaltyCollectibleRetrieve: {
                __typename: 'OwnedLoyaltyCollectible',
                collectible: null,
                id: `${accountParam}::undefined`,
                unlockedDate: null,
              },
            },
          },
        };
      }
      const c = collectible(id, owner);
      const { releaseDate, ...detail } = c.detail;
      return {
        body: {
          data: {
            ownedLoyaltyCollectibleRetrieve: {
              __typename: 'OwnedLoyaltyCollectible',
              collectible: { __typename: 'LoyaltyCollectible', ...detail, referenceData: referenceOf(c), releaseDate },
              id: `${accountParam}::${id}`,
              // Only the caller's own; another account's earning shows in referenceData.earnedDate.
              unlockedDate: isMe && c.earned ? c.earned.unlockedDate : null,
            },
          },
        },
      };
    }

    const games = world.gameList(ctx.caller.index);
    if (operation === 'getUserGameList') {
      const limit = Math.min(200, Math.max(1, Number(variables.limit ?? 50) || 50));
      const categories = String(variables.categories ?? 'ps4_game,ps5_native_game').split(',');
      const wanted = games.filter((g) => categories.includes(g.npTitleId.startsWith('PPSA') ? 'ps5_native_game' : 'ps4_game')).slice(0, limit);
      return {
        body: {
          data: {
            gameLibraryTitlesRetrieve: {
              __typename: 'GameList',
              games: wanted.map((g) => {
                const ps5 = g.npTitleId.startsWith('PPSA');
                const product = ps5 ? null : `EP0000-${g.npTitleId}-GAME${String(g.title.conceptId).slice(-8)}`;
                return {
                  __typename: 'GameLibraryTitle',
                  conceptId: String(g.title.conceptId),
                  entitlementId: product,
                  image: { __typename: 'Media', url: gameImageUrl(g) },
                  isActive: ps5 ? null : true,
                  lastPlayedDateTime: isoSeconds(g.lastPlayedMs),
                  name: g.title.name,
                  platform: ps5 ? 'PS5' : 'PS4',
                  productId: product,
                  subscriptionService: 'NONE',
                  titleId: g.npTitleId,
                };
              }),
            },
          },
        },
      };
    }

    // getPurchasedGameList
    const start = Math.max(0, Number(variables.start ?? 0) || 0);
    const size = Math.min(500, Math.max(1, Number(variables.size ?? 24) || 24));
    const platforms = (Array.isArray(variables.platform) ? variables.platform : ['ps4', 'ps5']).map(String);
    const owned = games.filter((g) => platforms.includes(g.npTitleId.startsWith('PPSA') ? 'ps5' : 'ps4'));
    if (variables.sortDirection === 'asc') owned.reverse();
    const page = owned.slice(start, start + size);
    return {
      body: {
        data: {
          purchasedTitlesRetrieve: {
            __typename: 'GameList',
            games: page.map((g) => {
              const product = `EP0000-${g.npTitleId}-GAME${String(g.title.conceptId).slice(-8)}`;
              return {
                __typename: 'GameLibraryTitle',
                // Recorded null on every purchased game (ha-ps5, 2026; psn-api: "most probably null").
                conceptId: null,
                entitlementId: product,
                image: { __typename: 'Media', url: gameImageUrl(g) },
                isActive: true,
                isDownloadable: true,
                isPreOrder: false,
                membership: g.title.iconKey % 5 === 0 ? 'PS_PLUS' : 'NONE',
                name: g.title.name,
                platform: g.npTitleId.startsWith('PPSA') ? 'PS5' : 'PS4',
                productId: product,
                titleId: g.npTitleId,
              };
            }),
            pageInfo: { __typename: 'PageInfo', isLast: start + size >= owned.length, offset: start, size: page.length, totalCount: owned.length },
          },
        },
      },
    };
  });
}
