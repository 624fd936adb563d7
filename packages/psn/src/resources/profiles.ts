/**
 * People: an account's profile, friends and presence (`{profile}/{accountId}/…`), and the legacy
 * `profile2` that maps an online id to its account id.
 * @module
 */
import { z } from 'zod';
import type { Api, CallOptions } from '../api.ts';
import { Paginator } from '../pagination/paginator.ts';
import { booleanOr, optional, paginationSchema, stringOr, trophyCountsSchema } from './shared-schemas.ts';
import type { AccountOptions } from './trophy-earnings.ts';

export const FRIENDS_MAX_LIMIT = 1000;

/** The fields `profile2` is asked for (the psn-api / psnawp set). */
export const PROFILE2_FIELDS =
  'npId,onlineId,accountId,avatarUrls,plus,aboutMe,languagesUsed,trophySummary(@default,level,progress,earnedTrophies),isOfficiallyVerified';

const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((value) => value ?? []);

export const profileSchema = z.looseObject({
  onlineId: z.string().min(1),
  aboutMe: stringOr(''),
  avatars: list(z.looseObject({ size: stringOr(''), url: z.string() })),
  languages: list(z.string()),
  isPlus: booleanOr(false),
  isOfficiallyVerified: booleanOr(false),
  isMe: booleanOr(false),
  /** Your own profile (and shared real names): first and last name, profile pictures. */
  personalDetail: optional(z.looseObject({ firstName: optional(z.string()), lastName: optional(z.string()) })),
});
export type Profile = z.output<typeof profileSchema>;

export const friendsSchema = z.looseObject({
  /** Account ids of the friends. */
  friends: z.array(z.string()),
  ...paginationSchema,
});
export type FriendsPage = z.output<typeof friendsSchema>;

export const presenceSchema = z.looseObject({
  basicPresence: z.looseObject({
    /** `availableToPlay`, `unavailable`, …; `""` when left out. */
    availability: stringOr(''),
    lastAvailableDate: optional(z.string()),
    /** `platform` is `ps4`, `PS5`, `MOBILE_APP`, `PSPC`, … as Sony writes it. */
    primaryPlatformInfo: optional(z.looseObject({ onlineStatus: stringOr(''), platform: stringOr(''), lastOnlineDate: optional(z.string()) })),
    gameTitleInfoList: optional(
      z.array(
        z.looseObject({
          npTitleId: z.string(),
          titleName: stringOr(''),
          format: stringOr(''),
          launchPlatform: stringOr(''),
          npTitleIconUrl: optional(z.string()),
          conceptIconUrl: optional(z.string()),
        }),
      ),
    ),
  }),
});
export type Presence = z.output<typeof presenceSchema>;

export const profile2Schema = z.looseObject({
  profile: z.looseObject({
    onlineId: z.string().min(1),
    /** The 19-digit account id that every other call takes. */
    accountId: z.string().min(1),
    npId: stringOr(''),
    avatarUrls: list(z.looseObject({ size: stringOr(''), avatarUrl: z.string() })),
    /** 1 with PlayStation Plus, else 0. */
    plus: z
      .number()
      .nullish()
      .transform((value) => value ?? 0),
    aboutMe: optional(z.string()),
    languagesUsed: list(z.string()),
    trophySummary: optional(z.looseObject({ level: optional(z.number()), progress: optional(z.number()), earnedTrophies: trophyCountsSchema })),
    isOfficiallyVerified: booleanOr(false),
  }),
});
export type Profile2 = z.output<typeof profile2Schema>;

export interface FriendsOptions extends AccountOptions {
  /** 1–1000. @default 1000 */
  limit?: number;
  offset?: number;
}

const accountPath = (options: AccountOptions) => `/${encodeURIComponent(options.accountId ?? 'me')}`;

/** An account's profile: online id, avatars, about me, Plus. */
export function getProfile(api: Api, options: AccountOptions = {}): Promise<Profile> {
  return api.call({
    endpoint: 'profile.profiles',
    host: 'profile',
    path: `${accountPath(options)}/profiles`,
    schema: profileSchema,
    signal: options.signal,
    language: options.language,
  });
}

/** One page of an account's friends (account ids); another account's private list is a `ForbiddenError`. */
export function getFriends(api: Api, options: FriendsOptions = {}): Promise<FriendsPage> {
  return api.call({
    endpoint: 'profile.friends',
    host: 'profile',
    path: `${accountPath(options)}/friends`,
    query: { limit: options.limit ?? FRIENDS_MAX_LIMIT, offset: options.offset ?? 0 },
    schema: friendsSchema,
    items: [['friends']],
    signal: options.signal,
    language: options.language,
  });
}

/** Every friend's account id, 1000 a page. */
export function iterateFriends(api: Api, options: Omit<FriendsOptions, 'offset' | 'limit'> = {}): Paginator<string> {
  return new Paginator(async (offset, signal) => {
    const page = await getFriends(api, { ...options, offset, signal });
    return { items: page.friends, totalItemCount: page.totalItemCount, nextOffset: page.nextOffset };
  }, options);
}

/** Whether an account is online, on which platform, and what it is playing. */
export function getPresence(api: Api, options: AccountOptions = {}): Promise<Presence> {
  return api.call({
    endpoint: 'profile.presence',
    host: 'profile',
    path: `${accountPath(options)}/basicPresences`,
    query: { type: 'primary' },
    schema: presenceSchema,
    items: [['basicPresence', 'gameTitleInfoList']],
    signal: options.signal,
    language: options.language,
  });
}

/** The legacy profile of an online id: account id, npId, Plus, trophy level. An unknown online id is a `NotFoundError`. */
export async function getProfile2(api: Api, onlineId: string, options: CallOptions = {}): Promise<Profile2> {
  if (!onlineId.trim()) throw new TypeError('An online id is needed to look up a profile.');
  return api.call({
    endpoint: 'legacy.profile2',
    host: 'legacyProfile',
    path: `/${encodeURIComponent(onlineId)}/profile2`,
    query: { fields: PROFILE2_FIELDS },
    schema: profile2Schema,
    notFoundHint: `Check the spelling of the online id "${onlineId}".`,
    signal: options.signal,
    language: options.language,
  });
}

/** The 19-digit account id of an online id (one `profile2` request). */
export async function accountIdOf(api: Api, onlineId: string, options: CallOptions = {}): Promise<string> {
  return (await getProfile2(api, onlineId, options)).profile.accountId;
}
