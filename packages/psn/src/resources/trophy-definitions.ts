/**
 * A title's definitions, the same for every player: its groups (`trophyGroups`) and its trophies
 * (`trophyGroups/{groupId|all}/trophies`).
 * @module
 */
import { z } from 'zod';
import type { Api, CallOptions } from '../api.ts';
import { type Kit, dual, offsetSchema, toNumber, trophyTypeSchema } from './shared-schemas.ts';
import { type TitleRef, resolveTitle } from './title-ref.ts';

export const titleGroupsSchema = dual((k) =>
  z.object({
    trophySetVersion: k.str(''),
    trophyTitleName: k.str(''),
    trophyTitleDetail: k.opt(z.string()),
    trophyTitleIconUrl: k.str(''),
    trophyTitlePlatform: k.str(''),
    definedTrophies: k.counts(),
    trophyGroups: z.array(
      z.object({
        trophyGroupId: z.string().min(1),
        trophyGroupName: k.str(''),
        trophyGroupDetail: k.opt(z.string()),
        trophyGroupIconUrl: k.str(''),
        definedTrophies: k.counts(),
      }),
    ),
  }),
);
export type TitleGroups = z.output<typeof titleGroupsSchema.fast>;

const buildDefinition = (k: Kit) =>
  z.object({
    trophyId: z.number(),
    trophyHidden: k.bool(false),
    trophyType: trophyTypeSchema,
    trophyName: k.str(''),
    trophyDetail: k.str(''),
    trophyIconUrl: k.str(''),
    trophyGroupId: k.str('default'),
    /** PS5 progress trophies: the target, as a number. */
    trophyProgressTargetValue: k.opt(k.numeric()),
    trophyRewardName: k.opt(z.string()),
    trophyRewardImageUrl: k.opt(z.string()),
  });
export const trophyDefinitionSchema = dual(buildDefinition, (t) => {
  if (t.trophyProgressTargetValue !== undefined) t.trophyProgressTargetValue = toNumber(t.trophyProgressTargetValue);
  return t;
});
export type TrophyDefinition = z.output<ReturnType<typeof buildDefinition>>;

export const titleTrophiesSchema = dual(
  (k) =>
    z.object({
      trophySetVersion: k.str(''),
      hasTrophyGroups: k.bool(false),
      trophies: z.array(buildDefinition(k)),
      totalItemCount: k.opt(z.number()),
      nextOffset: offsetSchema,
      previousOffset: offsetSchema,
    }),
  (page) => {
    for (const t of page.trophies) if (t.trophyProgressTargetValue !== undefined) t.trophyProgressTargetValue = toNumber(t.trophyProgressTargetValue);
    return page;
  },
);
export type TitleTrophies = z.output<typeof titleTrophiesSchema.fast>;

const GROUP_ITEMS = [['trophyGroups']] as const;
const TROPHY_ITEMS = [['trophies']] as const;

/** A title's groups with their names, icons and defined counts. */
export function getTitleGroups(api: Api, title: TitleRef, options: CallOptions = {}): Promise<TitleGroups> {
  const t = resolveTitle(title);
  return api.call({
    endpoint: 'trophy.titleGroups',
    host: 'trophy',
    path: `/npCommunicationIds/${t.path}/trophyGroups`,
    query: { npServiceName: t.npServiceName },
    schema: titleGroupsSchema,
    items: GROUP_ITEMS,
    notFoundHint: t.hint,
    ...options,
  });
}

/** A title's trophy definitions, of one group or of `all` groups, in one request. */
export function getTitleTrophies(api: Api, title: TitleRef, groupId = 'all', options: CallOptions = {}): Promise<TitleTrophies> {
  const t = resolveTitle(title);
  return api.call({
    endpoint: 'trophy.titleTrophies',
    host: 'trophy',
    path: `/npCommunicationIds/${t.path}/trophyGroups/${encodeURIComponent(groupId)}/trophies`,
    query: { npServiceName: t.npServiceName },
    schema: titleTrophiesSchema,
    items: TROPHY_ITEMS,
    notFoundHint: t.hint,
    ...options,
  });
}
