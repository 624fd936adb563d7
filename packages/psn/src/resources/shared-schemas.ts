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

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** A number that Sony writes as a string (`"8.0"`, `"25"`); comes out as a number. */
export const numericStringSchema = z.union([z.number(), z.string().regex(NUMERIC, 'expected a numeric string')]).transform((value) => Number(value));

/** `trophy` (PS3/PS4/Vita) or `trophy2` (PS5/PC); another value Sony may add is kept as sent. */
export type NpServiceName = 'trophy' | 'trophy2' | (string & {});
export const npServiceNameSchema = z.string() as unknown as z.ZodType<NpServiceName, string>;

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
 * A schema built twice: `fast`, for the answers Sony usually sends (every usual field present, no
 * `null`), which zod compiles into quick checks; and `lenient`, for the rest (`null` read as
 * absent, every field's fallback applied), which a body falls back to when the fast one fails —
 * and whose list items may then be left out one by one. Both give the same output. Transforms on
 * every field would make every answer cost several times more to validate (measured: 8× on a
 * 100-title page), so only the rare untidy body pays for them.
 */
export interface Dual<T> {
  readonly fast: z.ZodType<T>;
  readonly lenient: z.ZodType<T>;
  /** Runs on the parsed value of either: turns numeric strings into numbers, fills what is derived. */
  readonly finish?: (value: T) => T;
}

/** The pieces a dual schema is built from; each gives the same output in both modes. */
export interface Kit {
  readonly lenient: boolean;
  /** A string, `fallback` when missing (or `null`, leniently). */
  str(fallback: string): z.ZodType<string>;
  /** A boolean, `fallback` when missing (or `null`, leniently). */
  bool(fallback: boolean): z.ZodType<boolean>;
  /** A count, 0 when missing (or `null`, leniently). */
  count(): z.ZodType<number>;
  /** Bronze, silver, gold and platinum counts. */
  counts(): z.ZodType<TrophyCounts>;
  /** An optional field (`null` read as absent, leniently). */
  opt<T extends z.ZodType>(schema: T): z.ZodOptional<T>;
  /** A list, empty when missing (or `null`, leniently). */
  listOr<T extends z.ZodType>(item: T): z.ZodType<z.output<T>[]>;
  /**
   * A number Sony writes as a string (`"8.0"`). The fast schema only checks the string; the dual's
   * `finish` must turn it into a number (`toNumber`), which the lenient one already did.
   */
  numeric(): z.ZodType<number>;
  /** As `numeric`, with `fallback` when missing (or `null`, leniently). */
  numericOr(fallback: number): z.ZodType<number>;
}

/** A numeric string (or number) as a number: what a dual's `finish` applies to `Kit.numeric` fields. */
export function toNumber(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

function kitOf(lenient: boolean): Kit {
  // Fast: plain required types, which zod compiles into the quickest checks (a default or a
  // length check costs 2–3× on a 100-title page, measured); a missing field fails over to lenient.
  const orDefault = <T>(schema: z.ZodType<T>, fallback: T): z.ZodType<T> =>
    lenient ? (schema.nullish().transform((value) => value ?? fallback) as unknown as z.ZodType<T>) : schema;
  const count = () => orDefault(z.number(), 0);
  const numeric = z.string().regex(NUMERIC, 'expected a numeric string') as unknown as z.ZodType<number>;
  return {
    lenient,
    str: (fallback) => orDefault(z.string(), fallback),
    bool: (fallback) => orDefault(z.boolean(), fallback),
    count,
    counts: () => z.object({ bronze: count(), silver: count(), gold: count(), platinum: count() }),
    opt: (schema) => (lenient ? optional(schema) : schema.optional()),
    listOr: (item) => orDefault(z.array(item), []),
    numeric: () => (lenient ? numericStringSchema : numeric),
    numericOr: (fallback) => (lenient ? orDefault(numericStringSchema, fallback) : numeric),
  };
}

/** Builds a schema in both modes (see `Dual`), with an optional `finish` applied after either. */
export function dual<S extends z.ZodType>(build: (k: Kit) => S, finish?: (value: z.output<S>) => z.output<S>): Dual<z.output<S>> {
  return {
    fast: build(kitOf(false)) as unknown as z.ZodType<z.output<S>>,
    lenient: build(kitOf(true)) as unknown as z.ZodType<z.output<S>>,
    ...(finish ? { finish } : {}),
  };
}

/** Whether a value is a `Dual` rather than a plain schema. */
export function isDual<T>(value: z.ZodType<T> | Dual<T>): value is Dual<T> {
  return 'fast' in value && 'lenient' in value;
}

/**
 * `nextOffset` and `previousOffset`: Sony writes `null` where there is no next or previous page
 * (the game list) or leaves the field out (the trophy API). Both are kept as sent in a page;
 * iterators read `?? undefined`.
 */
export const offsetSchema = z.number().nullish();

/**
 * `totalItemCount`, `nextOffset`, `previousOffset`. Sony writes `null` where there is no next or
 * previous page (the game list), or leaves the field out (the trophy API); both come out absent.
 */
export const paginationSchema = {
  totalItemCount: optional(z.number()),
  nextOffset: optional(z.number()),
  previousOffset: optional(z.number()),
};
