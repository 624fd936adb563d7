/**
 * When and how long to wait before trying again. Only what is safe is retried: network errors,
 * timeouts, 5xx and 429, on idempotent calls. A server-given delay beats backoff, gets no jitter
 * and is capped.
 * @module
 */
import type { PsnError } from '../errors/psn-error.ts';
import type { RateLimitError, ServerError } from '../errors/kinds.ts';

export interface RetryPolicy {
  /** Attempts after the first. @default 3 */
  retries: number;
  /** First backoff delay in ms, doubled each attempt. @default 500 */
  baseDelayMs: number;
  /** Longest backoff delay in ms. @default 10_000 */
  maxDelayMs: number;
  /** Longest wait the client accepts from a server's rate-limit header before giving up. @default 900_000 (15 minutes) */
  maxServerDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 10_000, maxServerDelayMs: 900_000 };

/**
 * The delay before the next attempt, or undefined when the error must be thrown.
 * @param attempt 1 for the first retry
 */
export function retryDelay(error: PsnError, attempt: number, policy: RetryPolicy, now: number, random: () => number): number | undefined {
  if (!error.retryable || attempt > policy.retries) return undefined;
  // An edge block: retrying at once would prolong it (reported blocks of hours after bursts); the caller backs off.
  if ((error as ServerError).edgeBlocked) return undefined;
  // Sony's own delay (429's X-RateLimit-Next-Available, a 5xx's Retry-After) beats backoff.
  const serverAt = (error as RateLimitError | ServerError).retryAt;
  if (serverAt) {
    const wait = Math.max(0, serverAt.getTime() - now);
    return wait <= policy.maxServerDelayMs ? wait : undefined;
  }
  // Full jitter: spreads retries of many clients over the whole backoff window.
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
