/**
 * A title's definitions, the same for every player: its groups (`trophyGroups`) and its trophies
 * (`trophyGroups/{groupId|all}/trophies`).
 * @module
 */
import { z } from 'zod';
import type { Api, CallOptions } from '../api.ts';
import { booleanOr, numericStringSchema, optional, paginationSchema, stringOr, trophyCountsSchema, trophyTypeSchema } from './shared-schemas.ts';
import { type TitleRef, resolveTitle } from './title-ref.ts';

export const titleGroupsSchema = z.looseObject({
  trophySetVersion: stringOr(''),
  trophyTitleName: stringOr(''),
  trophyTitleDetail: optional(z.string()),
  trophyTitleIconUrl: stringOr(''),
  trophyTitlePlatform: stringOr(''),
  definedTrophies: trophyCountsSchema,
  trophyGroups: z.array(
    z.looseObject({
      trophyGroupId: z.string().min(1),
      trophyGroupName: stringOr(''),
      trophyGroupDetail: optional(z.string()),
      trophyGroupIconUrl: stringOr(''),
      definedTrophies: trophyCountsSchema,
    }),
  ),
});
export type TitleGroups = z.output<typeof titleGroupsSchema>;

export const trophyDefinitionSchema = z.looseObject({
  trophyId: z.number(),
  trophyHidden: booleanOr(false),
  trophyType: trophyTypeSchema,
  trophyName: stringOr(''),
  trophyDetail: stringOr(''),
  trophyIconUrl: stringOr(''),
  trophyGroupId: stringOr('default'),
  /** PS5 progress trophies: the target, as a number. */
  trophyProgressTargetValue: optional(numericStringSchema),
  trophyRewardName: optional(z.string()),
  trophyRewardImageUrl: optional(z.string()),
});
export type TrophyDefinition = z.output<typeof trophyDefinitionSchema>;

export const titleTrophiesSchema = z.looseObject({
  trophySetVersion: stringOr(''),
  hasTrophyGroups: booleanOr(false),
  trophies: z.array(trophyDefinitionSchema),
  ...paginationSchema,
});
export type TitleTrophies = z.output<typeof titleTrophiesSchema>;

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
