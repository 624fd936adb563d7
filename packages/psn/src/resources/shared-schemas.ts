/**
 * Schema pieces shared by several endpoints: trophy counts, numbers Sony sends as strings, open
 * enums, fields that may be missing or `null`, and the pagination trio. Objects are loose: unknown
 * extra fields pass through untouched. What Sony adds or renames tomorrow must not fail today's
 * page: only what the product cannot work without is required (recorded answers in
 * `packages/psn-sim/recordings/` show which fields Sony leaves out where).
 * @module
 */
import { z } from 'zod';

/** A count Sony may leave out: absent or `null` is 0. */
const count = z
  .number()
  .nullish()
  .transform((value) => value ?? 0);

export const trophyCountsSchema = z.looseObject({ bronze: count, silver: count, gold: count, platinum: count });
export type TrophyCounts = { bronze: number; silver: number; gold: number; platinum: number };

/** A number that Sony writes as a string (`"8.0"`, `"25"`); comes out as a number. */
export const numericStringSchema = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a numeric string')]).transform((value) => Number(value));

/** `trophy` (PS3/PS4/Vita) or `trophy2` (PS5/PC); another value Sony may add is kept as sent. */
export type NpServiceName = 'trophy' | 'trophy2' | (string & {});
export const npServiceNameSchema = z.string().min(1) as unknown as z.ZodType<NpServiceName, string>;

export const TROPHY_TYPES = ['bronze', 'silver', 'gold', 'platinum'] as const;
/** A trophy's type; a type Sony may add is kept as sent (and counted nowhere). */
export type TrophyType = (typeof TROPHY_TYPES)[number] | (string & {});
export const trophyTypeSchema = z.string() as unknown as z.ZodType<TrophyType, string>;

/** Whether a trophy type is one of the four counted in `TrophyCounts`. */
export function isCountedType(type: string): type is keyof TrophyCounts {
  return type === 'bronze' || type === 'silver' || type === 'gold' || type === 'platinum';
}

/** A string Sony may leave out or send as `null`: `fallback` then. */
export function stringOr(fallback: string) {
  return z
    .string()
    .nullish()
    .transform((value) => value ?? fallback);
}

/** A boolean Sony may leave out or send as `null`: `fallback` then. */
export function booleanOr(fallback: boolean) {
  return z
    .boolean()
    .nullish()
    .transform((value) => value ?? fallback);
}

/** An optional field that may also arrive as `null`: both come out as absent. */
export function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => (value === null ? undefined : value)) as unknown as z.ZodOptional<T>;
}

/**
 * `totalItemCount`, `nextOffset`, `previousOffset`. Sony writes `null` where there is no next or
 * previous page (the game list), or leaves the field out (the trophy API); both come out absent.
 */
export const paginationSchema = {
  totalItemCount: optional(z.number()),
  nextOffset: optional(z.number()),
  previousOffset: optional(z.number()),
};
