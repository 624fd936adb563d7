/**
 * One HTTP exchange with Sony, the way every call of the client makes it: budget first, a
 * timeout on every request, the caller's `AbortSignal`, classification of failures into
 * `PsnError`s, and bounded, jittered retries of what is safe to retry.
 * @module
 */
import { NetworkError, RateLimitError, TimeoutError } from '../errors/kinds.ts';
import { PsnError } from '../errors/psn-error.ts';
import type { RateBudget } from '../budget/rate-budget.ts';
import type { Logger } from '../logger.ts';
import type { Sleep } from './delay.ts';
import { type RetryPolicy, retryDelay } from './retry-policy.ts';
import { Deadlines, TIMED_OUT } from './deadlines.ts';
import { untilAborted } from './until-aborted.ts';

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface ExchangeSpec {
  /** Route id for errors, logs and metrics (`trophy.titles`). */
  endpoint: string;
  url: string;
  method?: 'GET' | 'POST';
  /** Built per attempt, so a refreshed token is picked up. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  body?: string;
  signal?: AbortSignal | undefined;
  /** Budget key (one per PSN account), or undefined for no budget. */
  budgetKey?: string;
  /** Whether the request may run twice; if not, it is retried only on a 429 or 503. @default true */
  idempotent?: boolean;
  /** `manual` hands back a redirect instead of following it (the `authorize` call reads its Location). */
  redirect?: 'manual';
  /** Turns a response into the error to throw, or undefined when it is a success. */
  classify: (raw: RawResponse) => PsnError | undefined;
}

export interface TransportConfig {
  fetch: Fetch;
  now: () => number;
  sleep: Sleep;
  random: () => number;
  logger: Logger;
  retry: RetryPolicy;
  timeoutMs: number;
  budget: RateBudget | undefined;
  /** Hears each request actually sent, once its answer is in (see `PsnClientOptions.onRequest`). */
  onRequest?: ((info: RequestInfo) => void) | undefined;
}

/** One request sent to Sony: its route, method, answer status, attempt (1 for the first) and time taken. */
export interface RequestInfo {
  endpoint: string;
  method: string;
  status: number;
  attempt: number;
  ms: number;
}

export class Transport {
  readonly config: TransportConfig;
  readonly #deadlines: Deadlines;

  constructor(config: TransportConfig) {
    this.config = config;
    // AbortSignal.timeout's check, kept: a timeoutMs it refuses fails at once, as it did.
    const { timeoutMs } = config;
    if (!Number.isInteger(timeoutMs) || timeoutMs < 0 || timeoutMs > 0xffff_ffff) AbortSignal.timeout(timeoutMs);
    this.#deadlines = new Deadlines(timeoutMs);
  }

  /** Sends one request, retrying as the policy allows, and returns the successful response. */
  async exchange(spec: ExchangeSpec): Promise<RawResponse> {
    const { budget, logger, sleep, now } = this.config;
    for (let attempt = 1; ; attempt++) {
      const started = now();
      let sending = false;
      try {
        // Headers first (they may refresh the token), then the budget slot, then the request at once:
        // the slot's time is the send time, so Sony's count never runs ahead of the budget's.
        const headers = (await spec.headers?.()) ?? {};
        if (budget && spec.budgetKey) await budget.acquire(spec.budgetKey, spec.endpoint, spec.signal);
        sending = true;
        const raw = await this.#send(spec, headers);
        const info: RequestInfo = { endpoint: spec.endpoint, method: spec.method ?? 'GET', status: raw.status, attempt, ms: now() - started };
        logger.debug('psn request', { ...info });
        this.config.onRequest?.(info);
        const error = spec.classify(raw);
        if (error) throw error;
        return raw;
      } catch (caught) {
        if (spec.signal?.aborted) throw spec.signal.reason;
        // A failure before sending (the budget's refusal, a token refresh that already ran its own retries) is not this request's to retry.
        if (!sending || !(caught instanceof PsnError)) throw caught;
        if (caught instanceof RateLimitError && budget && spec.budgetKey) await budget.block(spec.budgetKey, caught.retryAt.getTime());
        // A request that must not run twice is retried only when Sony's answer proves it did not run (429, 503).
        const provenUnprocessed = caught.status === 429 || caught.status === 503;
        const delay = spec.idempotent === false && !provenUnprocessed ? undefined : retryDelay(caught, attempt, this.config.retry, now(), this.config.random);
        if (delay === undefined) throw caught;
        logger.warn('psn retry', { endpoint: spec.endpoint, kind: caught.kind, status: caught.status, attempt, delayMs: delay });
        if (caught instanceof RateLimitError && budget && spec.budgetKey) {
          // Declined by the caller's onRateLimit: throw Sony's 429 (status, code, referenceId), not the budget's.
          await budget.wait({ key: spec.budgetKey, endpoint: spec.endpoint, waitMs: delay, reason: 'server' }, spec.signal).catch((error: unknown) => {
            throw error instanceof RateLimitError ? caught : error;
          });
        } else await sleep(delay, spec.signal);
      }
    }
  }

  async #send(spec: ExchangeSpec, headers: Record<string, string>): Promise<RawResponse> {
    const { timeoutMs } = this.config;
    // Only the options a call needs: each one costs Node's fetch measurable time per request.
    const init: RequestInit = { headers };
    if (spec.method && spec.method !== 'GET') init.method = spec.method;
    if (spec.body !== undefined) init.body = spec.body;
    if (spec.redirect) init.redirect = spec.redirect;
    // The answer and its body within the deadline (see Deadlines: a late request is abandoned).
    const exchange = this.config.fetch(spec.url, init).then(async (response): Promise<RawResponse> => {
      const text = await response.text();
      return { status: response.status, headers: response.headers, text };
    });
    try {
      // The caller's signal abandons the request like a deadline does: not handed to fetch, where a run-long signal gathers a listener per request.
      return await this.#deadlines.within(untilAborted(exchange, spec.signal));
    } catch (error) {
      if (spec.signal?.aborted) throw spec.signal.reason;
      if (error === TIMED_OUT) throw new TimeoutError(timeoutMs, { endpoint: spec.endpoint });
      // Keep only the low-level code: a fetch error's cause is safe, but nothing more is needed.
      const code = (error as { cause?: { code?: string } }).cause?.code;
      throw new NetworkError(`Could not reach PSN (${spec.endpoint})${code ? `: ${code}` : ''}.`, {
        endpoint: spec.endpoint,
        cause: code ? new Error(code) : undefined,
      });
    }
  }
}
