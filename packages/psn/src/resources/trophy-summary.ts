/**
 * An account's trophy level, points and earned counts (`/users/{accountId}/trophySummary`).
 * @module
 */
import { z } from 'zod';
import type { Api } from '../api.ts';
import { dual, numericStringSchema } from './shared-schemas.ts';
import type { AccountOptions } from './trophy-earnings.ts';

export const trophySummarySchema = dual((k) =>
  z.object({
    accountId: z.string(),
    /** A number (older clients type it as a string; it is parsed either way). */
    trophyLevel: k.lenient ? numericStringSchema : z.number(),
    trophyPoint: k.opt(z.number()),
    trophyLevelBasePoint: k.opt(z.number()),
    trophyLevelNextPoint: k.opt(z.number()),
    progress: k.opt(z.number()),
    /** 1–10 today; another tier Sony may add comes as sent. */
    tier: k.opt(z.number()),
    earnedTrophies: k.counts(),
  }),
);
export type TrophySummary = z.output<typeof trophySummarySchema.fast>;

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
