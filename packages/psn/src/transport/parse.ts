/**
 * The boundary: Sony's body is parsed and validated once, here. A body that is not JSON, or whose
 * envelope fails, becomes a `MalformedResponseError` naming the endpoint and the field. An item of
 * a list that fails (one title, one trophy) is reported and left out, never the whole page: the
 * happy path costs one validation, and only a failing body is looked at twice.
 * @module
 */
import type { z } from 'zod';
import { MalformedResponseError } from '../errors/kinds.ts';
import { type Dual, isDual } from '../resources/shared-schemas.ts';

/** Where the droppable items of a body sit: `['trophyTitles']`, `['titles', '*', 'trophyTitles']` (`*` is any index). */
export type ItemPath = readonly string[];

/** One item of a list that Sony sent malformed and the client left out. */
export interface SkippedItem {
  /** Route id, e.g. `trophy.titles`. */
  endpoint: string;
  /** Dotted path of the item (`trophyTitles.3`). */
  path: string;
  /** The field that failed in it and why (`trophyTitles.3.npCommunicationId: expected string`). */
  message: string;
}

export interface ParseContext {
  endpoint: string;
  status: number;
  /** Lists whose items may be dropped one by one. @default none: any failure fails the body */
  items?: readonly ItemPath[];
  /** Hears every item left out. */
  onSkipped?: (item: SkippedItem) => void;
  /** Prefix of reported paths (`data` for a GraphQL body's `data`). */
  pathPrefix?: readonly string[];
}

// A body with more broken items than this is not a few untidy entries: it fails as a whole.
const MAX_PASSES = 3;

/** Parses and validates a JSON body against an endpoint's schema (a dual schema: the fast one first). */
export function parseBody<T>(text: string, schema: z.ZodType<T> | Dual<T>, context: ParseContext): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MalformedResponseError(`PSN answered ${context.endpoint} with a body that is not JSON (${text.length} bytes).`, '', {
      endpoint: context.endpoint,
      status: context.status,
      retryable: true,
    });
  }
  if (isDual(schema)) {
    const quick = schema.fast.safeParse(json);
    const value = quick.success ? quick.data : validate(json, schema.lenient, context);
    return schema.finish ? schema.finish(value) : value;
  }
  return validate(json, schema, context);
}

/** Validates parsed JSON, leaving out (and reporting) the list items that fail when `items` allows it. */
export function validate<S extends z.ZodType>(json: unknown, schema: S, context: ParseContext): z.output<S> {
  let value = json;
  for (let pass = 0; ; pass++) {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const issues = result.error.issues;
    const targets = pass < MAX_PASSES && context.items ? droppable(issues, context.items) : undefined;
    if (!targets) throw malformed(issues, context);
    // Copy before cutting: the caller's JSON stays as Sony sent it.
    if (pass === 0) value = structuredClone(value);
    for (const target of targets) {
      const path = [...(context.pathPrefix ?? []), ...target.path].join('.');
      context.onSkipped?.({
        endpoint: context.endpoint,
        path,
        message: `${[...(context.pathPrefix ?? []), ...target.issue.path.map(String)].join('.')}: ${target.issue.message}`,
      });
    }
    removeItems(
      value,
      targets.map((t) => t.path),
    );
  }
}

interface Target {
  path: (string | number)[];
  issue: z.core.$ZodIssue;
}

/** The items that hold every issue, or undefined when one issue lies outside any droppable item. */
function droppable(issues: readonly z.core.$ZodIssue[], items: readonly ItemPath[]): Target[] | undefined {
  const targets = new Map<string, Target>();
  for (const issue of issues) {
    const path = issue.path as (string | number)[];
    let found: (string | number)[] | undefined;
    // The deepest list wins: a bad trophy drops the trophy, not its title.
    for (const pattern of items) {
      if (path.length <= pattern.length) continue;
      const matches = pattern.every((segment, i) => (segment === '*' ? typeof path[i] === 'number' : path[i] === segment));
      const index = path[pattern.length];
      if (matches && typeof index === 'number' && (!found || pattern.length + 1 > found.length)) found = path.slice(0, pattern.length + 1);
    }
    if (!found) return undefined;
    const key = found.join('.');
    if (!targets.has(key)) targets.set(key, { path: found, issue });
  }
  // An item inside another dropped item goes with it.
  const keys = [...targets.keys()];
  return [...targets.values()].filter((t) => !keys.some((k) => k !== t.path.join('.') && t.path.join('.').startsWith(`${k}.`)));
}

function removeItems(root: unknown, paths: (string | number)[][]): void {
  // Deepest first (cutting inside an item moves no outer index), then the highest index of each list first.
  const sorted = [...paths].sort((a, b) => b.length - a.length || (b[b.length - 1] as number) - (a[a.length - 1] as number));
  for (const path of sorted) {
    let node = root as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
    (node as unknown as unknown[]).splice(path[path.length - 1] as number, 1);
  }
}

function malformed(issues: readonly z.core.$ZodIssue[], context: ParseContext): MalformedResponseError {
  const issue = issues[0];
  const path = [...(context.pathPrefix ?? []), ...(issue ? issue.path.map(String) : [])].join('.');
  return new MalformedResponseError(
    `PSN answered ${context.endpoint} with an unexpected body at "${path || '(root)'}": ${issue?.message ?? 'invalid'}.`,
    path,
    {
      endpoint: context.endpoint,
      status: context.status,
      retryable: false,
    },
  );
}
