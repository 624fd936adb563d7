/**
 * An account's trophy level, points and earned counts (`/users/{accountId}/trophySummary`).
 * @module
 */
import { z } from 'zod';
import type { Api } from '../api.ts';
import { numericStringSchema, optional, trophyCountsSchema } from './shared-schemas.ts';
import type { AccountOptions } from './trophy-earnings.ts';

export const trophySummarySchema = z.looseObject({
  accountId: z.string(),
  /** A number (older clients type it as a string; it is parsed either way). */
  trophyLevel: numericStringSchema,
  trophyPoint: optional(z.number()),
  trophyLevelBasePoint: optional(z.number()),
  trophyLevelNextPoint: optional(z.number()),
  progress: optional(z.number()),
  /** 1–10 today; another tier Sony may add comes as sent. */
  tier: optional(z.number()),
  earnedTrophies: trophyCountsSchema,
});
export type TrophySummary = z.output<typeof trophySummarySchema>;

export function getTrophySummary(api: Api, options: AccountOptions = {}): Promise<TrophySummary> {
  return api.call({
    endpoint: 'trophy.summary',
    host: 'trophy',
    path: `/users/${encodeURIComponent(options.accountId ?? 'me')}/trophySummary`,
    schema: trophySummarySchema,
    signal: options.signal,
    language: options.language,
  });
}
