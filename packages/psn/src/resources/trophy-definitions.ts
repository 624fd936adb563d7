/**
 * A title's definitions, the same for every player: its groups (`trophyGroups`) and its trophies
 * (`trophyGroups/{groupId|all}/trophies`).
 * @module
 */
import { z } from 'zod';
import type { Api, CallOptions } from '../api.ts';
import { numericStringSchema, paginationSchema, trophyCountsSchema, trophyTypeSchema } from './shared-schemas.ts';
import { type TitleRef, resolveTitle } from './title-ref.ts';

export const titleGroupsSchema = z.looseObject({
  trophySetVersion: z.string(),
  trophyTitleName: z.string(),
  trophyTitleDetail: z.string().optional(),
  trophyTitleIconUrl: z.string(),
  trophyTitlePlatform: z.string(),
  definedTrophies: trophyCountsSchema,
  trophyGroups: z.array(
    z.looseObject({
      trophyGroupId: z.string(),
      trophyGroupName: z.string(),
      trophyGroupDetail: z.string().optional(),
      trophyGroupIconUrl: z.string(),
      definedTrophies: trophyCountsSchema,
    }),
  ),
});
export type TitleGroups = z.output<typeof titleGroupsSchema>;

export const trophyDefinitionSchema = z.looseObject({
  trophyId: z.number(),
  trophyHidden: z.boolean(),
  trophyType: trophyTypeSchema,
  trophyName: z.string(),
  trophyDetail: z.string(),
  trophyIconUrl: z.string(),
  trophyGroupId: z.string(),
  /** PS5 progress trophies: the target, as a number. */
  trophyProgressTargetValue: numericStringSchema.optional(),
  trophyRewardName: z.string().optional(),
  trophyRewardImageUrl: z.string().optional(),
});
export type TrophyDefinition = z.output<typeof trophyDefinitionSchema>;

export const titleTrophiesSchema = z.looseObject({
  trophySetVersion: z.string(),
  hasTrophyGroups: z.boolean(),
  trophies: z.array(trophyDefinitionSchema),
  ...paginationSchema,
});
export type TitleTrophies = z.output<typeof titleTrophiesSchema>;

/** A title's groups with their names, icons and defined counts. */
export function getTitleGroups(api: Api, title: TitleRef, options: CallOptions = {}): Promise<TitleGroups> {
  const t = resolveTitle(title);
  return api.call({
    endpoint: 'trophy.titleGroups',
    host: 'trophy',
    path: `/npCommunicationIds/${t.npCommunicationId}/trophyGroups`,
    query: { npServiceName: t.npServiceName },
    schema: titleGroupsSchema,
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
    path: `/npCommunicationIds/${t.npCommunicationId}/trophyGroups/${encodeURIComponent(groupId)}/trophies`,
    query: { npServiceName: t.npServiceName },
    schema: titleTrophiesSchema,
    notFoundHint: t.hint,
    ...options,
  });
}
