/**
 * Trophy titles by product id (`/users/{accountId}/titles/trophyTitles?npTitleIds=…`): the join
 * from the game list (CUSA…/PPSA…) to trophy titles. Sony takes 5 ids a request; this takes any
 * number and batches them.
 * @module
 */
import { z } from 'zod';
import type { Api } from '../api.ts';
import { isNotFoundError } from '../errors/guards.ts';
import { type Kit, dual, npServiceNameSchema } from './shared-schemas.ts';
import { earnedTrophyFields, finishEarned } from './trophy-earnings.ts';
import type { AccountOptions } from './trophy-earnings.ts';

export const BY_TITLE_ID_BATCH = 5;

/**
 * A trophy set of a product id. Not a title-list entry: recorded answers leave out
 * `trophySetVersion`, `trophyTitlePlatform` and `hiddenFlag` here, so they are optional.
 */
const buildSet = (k: Kit) =>
  z.object({
    npServiceName: npServiceNameSchema,
    npCommunicationId: z.string().min(1),
    trophyTitleName: z.string(),
    trophyTitleDetail: k.opt(z.string()),
    trophyTitleIconUrl: k.str(''),
    hasTrophyGroups: k.bool(false),
    trophyGroupCount: k.opt(z.number()),
    trophySetVersion: k.opt(z.string()),
    trophyTitlePlatform: k.opt(z.string()),
    hiddenFlag: k.opt(z.boolean()),
    definedTrophies: k.counts(),
    progress: z.number(),
    earnedTrophies: k.counts(),
    lastUpdatedDateTime: k.str(''),
    rarestTrophies: k.opt(
      z.array(z.object({ ...earnedTrophyFields(k), trophyName: k.opt(z.string()), trophyDetail: k.opt(z.string()), trophyIconUrl: k.opt(z.string()) })),
    ),
    notEarnedTrophyIds: k.opt(z.array(z.number())),
  });
type ParsedSet = z.output<ReturnType<typeof buildSet>>;
type Rarest = NonNullable<ParsedSet['rarestTrophies']>[number];
export type TrophyTitleById = Omit<ParsedSet, 'rarestTrophies'> & { rarestTrophies?: Array<Rarest & { trophyRare: number }> };

export interface TitleById {
  npTitleId: string;
  /** Empty when the account never played it, or the product has no trophies; several sets for compilations and split lists. */
  trophyTitles: TrophyTitleById[];
}

const responseSchema = dual(
  (k) => z.object({ titles: z.array(z.object({ npTitleId: z.string(), trophyTitles: z.array(buildSet(k)) })) }),
  (page) => {
    for (const title of page.titles) for (const set of title.trophyTitles) if (set.rarestTrophies) finishEarned(set.rarestTrophies);
    return page;
  },
);
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
  return page.titles as TitleById[];
}
