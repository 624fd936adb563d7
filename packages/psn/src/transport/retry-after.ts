/**
 * When Sony says to come back: `X-RateLimit-Next-Available` (unix seconds, seed 002) or the
 * standard `Retry-After` (seconds or an HTTP date).
 * @module
 */

/** The instant named by the rate-limit headers, or undefined when there are none. */
export function retryAtFrom(headers: Headers, now: number): Date | undefined {
  // A value that is not a representable date within a year is ignored rather than trusted.
  const sane = (ms: number) => (Number.isFinite(ms) && ms < now + 366 * 86_400_000 ? new Date(Math.max(ms, now)) : undefined);
  const next = headers.get('x-ratelimit-next-available');
  if (next && /^\d+(\.\d+)?$/.test(next.trim())) return sane(Number(next) * 1000);
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter.trim())) return sane(now + Number(retryAfter) * 1000);
    return sane(Date.parse(retryAfter));
  }
  return undefined;
}
