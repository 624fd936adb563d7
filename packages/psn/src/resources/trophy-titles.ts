/**
 * The title list (`/users/{accountId}/trophyTitles`): every title the account has trophies in,
 * with counts, progress and last-updated time, newest first; 800 a page at most.
 * @module
 */
import { z } from 'zod';
import type { Api, CallOptions } from '../api.ts';
import { Paginator } from '../pagination/paginator.ts';
import { type Kit, dual, npServiceNameSchema, offsetSchema } from './shared-schemas.ts';

export const TITLE_LIST_MAX_LIMIT = 800;

/**
 * A title of the list. Required: what identifies it and what the product shows (ids, name, counts,
 * progress, last updated). The rest may be missing or `null` without failing the title.
 */
const buildTitle = (k: Kit) =>
  z.object({
    npServiceName: npServiceNameSchema,
    npCommunicationId: k.lenient ? z.string().min(1) : z.string(),
    /** `""` when Sony leaves it out. */
    trophySetVersion: k.str(''),
    trophyTitleName: z.string(),
    /** PS3/PS4/Vita titles only. */
    trophyTitleDetail: k.opt(z.string()),
    trophyTitleIconUrl: k.str(''),
    /** A comma list (`PS5,PSPC`, `PS3,PSVITA,PS4`); platforms Sony adds come as sent. `""` when left out. */
    trophyTitlePlatform: k.str(''),
    hasTrophyGroups: k.bool(false),
    /** Sent since 2024 (absent in older answers). */
    trophyGroupCount: k.opt(z.number()),
    definedTrophies: k.counts(),
    progress: z.number(),
    earnedTrophies: k.counts(),
    /** Only the owner sees hidden titles. */
    hiddenFlag: k.bool(false),
    lastUpdatedDateTime: z.string(),
  });
export const trophyTitleSchema = dual(buildTitle);
export type TrophyTitle = z.output<ReturnType<typeof buildTitle>>;

export const trophyTitlesSchema = dual((k) =>
  z.object({ trophyTitles: z.array(buildTitle(k)), totalItemCount: k.opt(z.number()), nextOffset: offsetSchema, previousOffset: offsetSchema }),
);
export type TrophyTitlesPage = z.output<typeof trophyTitlesSchema.fast>;
const TITLE_ITEMS = [['trophyTitles']] as const;

export interface TitleListOptions extends CallOptions {
  /** `me` or a 19-digit account id. @default 'me' */
  accountId?: string;
  /** 1–800. @default 800 */
  limit?: number;
  offset?: number;
}

/** One page of the title list. */
export function getTrophyTitles(api: Api, options: TitleListOptions = {}): Promise<TrophyTitlesPage> {
  return api.call({
    endpoint: 'trophy.titles',
    host: 'trophy',
    path: `/users/${encodeURIComponent(options.accountId ?? 'me')}/trophyTitles`,
    query: { limit: options.limit ?? TITLE_LIST_MAX_LIMIT, offset: options.offset ?? 0 },
    schema: trophyTitlesSchema,
    items: TITLE_ITEMS,
    signal: options.signal,
    language: options.language,
  });
}

/** Every title, 800 a page: ⌈T/800⌉ requests. */
export function iterateTrophyTitles(api: Api, options: Omit<TitleListOptions, 'offset' | 'limit'> = {}): Paginator<TrophyTitle> {
  return new Paginator(async (offset, signal) => {
    const page = await getTrophyTitles(api, { ...options, offset, signal });
    return { items: page.trophyTitles, totalItemCount: page.totalItemCount, nextOffset: page.nextOffset ?? undefined };
  }, options);
}
