/**
 * Schema pieces shared by several endpoints: trophy counts, numbers Sony sends as strings, and
 * the pagination trio. Objects are loose: unknown extra fields pass through untouched.
 * @module
 */
import { z } from 'zod';

export const trophyCountsSchema = z.looseObject({ bronze: z.number(), silver: z.number(), gold: z.number(), platinum: z.number() });
export type TrophyCounts = z.output<typeof trophyCountsSchema>;

/** A number that Sony writes as a string (`"8.0"`, `"25"`); comes out as a number. */
export const numericStringSchema = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a numeric string')]).transform((value) => Number(value));

export const npServiceNameSchema = z.enum(['trophy', 'trophy2']);
export type NpServiceName = z.output<typeof npServiceNameSchema>;

export const trophyTypeSchema = z.enum(['bronze', 'silver', 'gold', 'platinum']);
export type TrophyType = z.output<typeof trophyTypeSchema>;

export const paginationSchema = {
  totalItemCount: z.number(),
  nextOffset: z.number().optional(),
  previousOffset: z.number().optional(),
};
