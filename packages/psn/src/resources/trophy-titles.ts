/**
 * The title list (`/users/{accountId}/trophyTitles`): every title the account has trophies in,
 * with counts, progress and last-updated time, newest first; 800 a page at most.
 * @module
 */
import { z } from 'zod';
import type { Api, CallOptions } from '../api.ts';
import { Paginator } from '../pagination/paginator.ts';
import { npServiceNameSchema, paginationSchema, trophyCountsSchema } from './shared-schemas.ts';

export const TITLE_LIST_MAX_LIMIT = 800;

export const trophyTitleSchema = z.looseObject({
  npServiceName: npServiceNameSchema,
  npCommunicationId: z.string(),
  trophySetVersion: z.string(),
  trophyTitleName: z.string(),
  trophyTitleDetail: z.string().optional(),
  trophyTitleIconUrl: z.string(),
  trophyTitlePlatform: z.string(),
  hasTrophyGroups: z.boolean(),
  trophyGroupCount: z.number().optional(),
  definedTrophies: trophyCountsSchema,
  progress: z.number(),
  earnedTrophies: trophyCountsSchema,
  hiddenFlag: z.boolean(),
  lastUpdatedDateTime: z.string(),
});
export type TrophyTitle = z.output<typeof trophyTitleSchema>;

export const trophyTitlesSchema = z.looseObject({ trophyTitles: z.array(trophyTitleSchema), ...paginationSchema });
export type TrophyTitlesPage = z.output<typeof trophyTitlesSchema>;

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
    signal: options.signal,
    language: options.language,
  });
}

/** Every title, 800 a page: ⌈T/800⌉ requests. */
export function iterateTrophyTitles(api: Api, options: Omit<TitleListOptions, 'offset' | 'limit'> = {}): Paginator<TrophyTitle> {
  return new Paginator(async (offset, signal) => {
    const page = await getTrophyTitles(api, { ...options, offset, signal });
    return { items: page.trophyTitles, totalItemCount: page.totalItemCount, nextOffset: page.nextOffset };
  }, options);
}
