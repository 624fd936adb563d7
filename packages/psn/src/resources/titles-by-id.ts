/**
 * Trophy titles by product id (`/users/{accountId}/titles/trophyTitles?npTitleIds=…`): the join
 * from the game list (CUSA…/PPSA…) to trophy titles. Sony takes 5 ids a request; this takes any
 * number and batches them.
 * @module
 */
import { z } from 'zod';
import type { Api } from '../api.ts';
import { isNotFoundError } from '../errors/guards.ts';
import { booleanOr, npServiceNameSchema, optional, stringOr, trophyCountsSchema } from './shared-schemas.ts';
import { earnedTrophyFields, rareOf } from './trophy-earnings.ts';
import type { AccountOptions } from './trophy-earnings.ts';

export const BY_TITLE_ID_BATCH = 5;

const rarestSchema = z
  .looseObject({
    ...earnedTrophyFields,
    trophyName: optional(z.string()),
    trophyDetail: optional(z.string()),
    trophyIconUrl: optional(z.string()),
  })
  .transform((trophy) => {
    trophy.trophyRare ??= rareOf(trophy.trophyEarnedRate);
    return trophy as typeof trophy & { trophyRare: number };
  });

/**
 * A trophy set of a product id. Not a title-list entry: recorded answers leave out
 * `trophySetVersion`, `trophyTitlePlatform` and `hiddenFlag` here, so they are optional.
 */
export const trophyTitleByIdSchema = z.looseObject({
  npServiceName: npServiceNameSchema,
  npCommunicationId: z.string().min(1),
  trophyTitleName: z.string(),
  trophyTitleDetail: optional(z.string()),
  trophyTitleIconUrl: stringOr(''),
  hasTrophyGroups: booleanOr(false),
  trophyGroupCount: optional(z.number()),
  trophySetVersion: optional(z.string()),
  trophyTitlePlatform: optional(z.string()),
  hiddenFlag: optional(z.boolean()),
  definedTrophies: trophyCountsSchema,
  progress: z.number(),
  earnedTrophies: trophyCountsSchema,
  lastUpdatedDateTime: stringOr(''),
  rarestTrophies: optional(z.array(rarestSchema)),
  notEarnedTrophyIds: optional(z.array(z.number())),
});
export type TrophyTitleById = z.output<typeof trophyTitleByIdSchema>;

export const titleByIdSchema = z.looseObject({
  npTitleId: z.string(),
  /** Empty when the account never played it, or the product has no trophies; several sets for compilations and split lists. */
  trophyTitles: z.array(trophyTitleByIdSchema),
});
export type TitleById = z.output<typeof titleByIdSchema>;

const responseSchema = z.looseObject({ titles: z.array(titleByIdSchema) });
const ITEMS = [['titles'], ['titles', '*', 'trophyTitles'], ['titles', '*', 'trophyTitles', '*', 'rarestTrophies']] as const;

export interface TitlesByIdOptions extends AccountOptions {
  /** Also list the ids of trophies not earned yet. @default false */
  includeNotEarnedTrophyIds?: boolean;
}

/** Trophy titles of the given product ids, in the order given (⌈n/5⌉ requests). */
export async function getTitlesById(api: Api, npTitleIds: readonly string[], options: TitlesByIdOptions = {}): Promise<TitleById[]> {
  const out: TitleById[] = [];
  for (let i = 0; i < npTitleIds.length; i += BY_TITLE_ID_BATCH) {
    const batch = npTitleIds.slice(i, i + BY_TITLE_ID_BATCH);
    try {
      out.push(...(await fetchBatch(api, batch, options)));
    } catch (error) {
      // Sony answers 404 for the whole batch when one id is unknown: ask for each id alone, and
      // report an unknown one as a title without trophies rather than losing the others.
      if (!isNotFoundError(error) || batch.length === 1) throw error;
      for (const id of batch) {
        try {
          out.push(...(await fetchBatch(api, [id], options)));
        } catch (single) {
          if (!isNotFoundError(single)) throw single;
          out.push({ npTitleId: id, trophyTitles: [] });
        }
      }
    }
  }
  return out;
}

async function fetchBatch(api: Api, batch: readonly string[], options: TitlesByIdOptions): Promise<TitleById[]> {
  const page = await api.call({
    endpoint: 'trophy.byTitleId',
    host: 'trophy',
    path: `/users/${encodeURIComponent(options.accountId ?? 'me')}/titles/trophyTitles`,
    query: { npTitleIds: batch.join(','), includeNotEarnedTrophyIds: options.includeNotEarnedTrophyIds ? 'true' : undefined },
    schema: responseSchema,
    items: ITEMS,
    signal: options.signal,
    language: options.language,
  });
  return page.titles;
}
