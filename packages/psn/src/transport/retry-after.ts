/**
 * When Sony says to come back: `X-RateLimit-Next-Available` (unix seconds, seed 002) or the
 * standard `Retry-After` (seconds or an HTTP date).
 * @module
 */

/** The instant named by the rate-limit headers, or undefined when there are none. */
export function retryAtFrom(headers: Headers, now: number): Date | undefined {
  const next = headers.get('x-ratelimit-next-available');
  if (next && /^\d+(\.\d+)?$/.test(next.trim())) return new Date(Number(next) * 1000);
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter.trim())) return new Date(now + Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return new Date(date);
  }
  return undefined;
}
