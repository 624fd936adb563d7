/**
 * Sony's `limit`/`offset` paging: parameter checks with each host's error, and the
 * `nextOffset`/`previousOffset`/`totalItemCount` trio.
 * @module
 */

export interface Page {
  offset: number;
  limit: number;
}

/** Parses `limit` and `offset`; `invalid` builds the host's error for a bad value. */
export function parsePage(
  limitText: string | undefined,
  offsetText: string | undefined,
  rules: { defaultLimit: number; maxLimit: number },
  invalid: (what: 'limit' | 'offset', value: number) => Error,
): Page {
  const limit = limitText === undefined || limitText === '' ? rules.defaultLimit : Number(limitText);
  const offset = offsetText === undefined || offsetText === '' ? 0 : Number(offsetText);
  if (!Number.isInteger(limit) || limit < 1 || limit > rules.maxLimit) throw invalid('limit', limit);
  if (!Number.isInteger(offset) || offset < 0) throw invalid('offset', offset);
  return { offset, limit };
}

/** The pagination fields of a page of `total` items; `nextOffset` only while more remain. */
export function pageFields(page: Page, total: number): { nextOffset?: number; previousOffset?: number; totalItemCount: number } {
  const out: { nextOffset?: number; previousOffset?: number; totalItemCount: number } = {} as { totalItemCount: number };
  if (page.offset + page.limit < total) out.nextOffset = page.offset + page.limit;
  if (page.offset > 0) out.previousOffset = Math.max(0, page.offset - page.limit);
  out.totalItemCount = total;
  return out;
}
