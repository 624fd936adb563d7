/**
 * Conditional requests on a user's library (`ETag` / `If-None-Match`, RFC 9110 §13.1.2): the tag
 * names the user, the library version and the server build, so a changed library, another user
 * or a new server version never matches. `Cache-Control: private, no-cache` lets the browser
 * keep the answer and ask again each time, which it does with `If-None-Match` on its own.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from './context.ts';
import { ResponseCache } from './response-cache.ts';

export const LIBRARY_CACHE_CONTROL = 'private, no-cache';

/** The strong tag of one user's library at one version, for one server build. */
export function libraryEtag(userId: string, version: number, build: string): string {
  const who = createHash('sha256').update(`${build}\0${userId}`).digest('base64url').slice(0, 16);
  return `"${version.toString(36)}-${who}"`;
}

/** Whether an `If-None-Match` header names this tag (a list, `*`, or weak forms of it). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/**
 * Answers from the library at the version read first: a 304 when the client holds that version,
 * else the answer kept for that tag and address, else `produce()`'s response (kept when it is a
 * 200), with the tag. The version is read before the data, so a tag never claims more than the
 * data it labels has.
 */
export async function conditional(c: Context<AppEnv>, etag: string, cache: ResponseCache, produce: () => Promise<Response>): Promise<Response> {
  const headers = { ETag: etag, 'Cache-Control': LIBRARY_CACHE_CONTROL };
  if (matchesIfNoneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
  const url = new URL(c.req.url);
  const key = ResponseCache.key(etag, url.pathname + url.search);
  const kept = cache.get(key);
  if (kept) return c.body(kept.body, 200, { ...headers, 'Content-Type': kept.contentType });
  const response = await produce();
  if (response.status !== 200) return response;
  const answer = { body: new Uint8Array(await response.arrayBuffer()), contentType: response.headers.get('content-type') ?? 'application/json' };
  cache.set(key, answer);
  return c.body(answer.body, 200, { ...headers, 'Content-Type': answer.contentType });
}
