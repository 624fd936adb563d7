/**
 * The authenticated call that every resource makes: bearer token, refresh once on a 401,
 * language, budget, retries, and validation of the body against the endpoint's schema.
 * @module
 */
import type { z } from 'zod';
import type { TokenManager } from './auth/token-manager.ts';
import { fromResponse } from './errors/from-response.ts';
import { UnauthorizedError } from './errors/kinds.ts';
import { type Host, type HostOptions, hostUrl, withQuery } from './transport/hosts.ts';
import type { Logger } from './logger.ts';
import type { Dual } from './resources/shared-schemas.ts';
import { type ItemPath, type SkippedItem, parseBody } from './transport/parse.ts';
import type { Transport } from './transport/transport.ts';

export interface CallOptions {
  /** Cancels the call, including any wait for the rate budget. */
  signal?: AbortSignal;
  /** `Accept-Language` of this call (names and details of trophies). */
  language?: string;
}

export interface CallSpec<T> extends CallOptions {
  endpoint: string;
  host: Host;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  method?: 'GET' | 'POST';
  body?: unknown;
  /** The answer's schema: a plain one, or a `Dual` (fast for tidy answers, lenient for the rest). */
  schema: z.ZodType<T> | Dual<T>;
  /** Added to a 404's message: what the caller can try. */
  notFoundHint?: string;
  /** Host options for this call only (e.g. the legacy region). */
  hosts?: HostOptions;
  /** Lists whose malformed items are left out (and reported) instead of failing the call. */
  items?: readonly ItemPath[];
}

/** What the client noticed about Sony's answers, for logs and metrics. */
export interface ClientStats {
  /** List items Sony sent malformed that were left out (each one was logged with its path). */
  skippedItems: number;
}

export class Api {
  readonly transport: Transport;
  readonly tokens: TokenManager;
  readonly hosts: HostOptions;
  readonly language: string | undefined;
  readonly budgetKey: string;
  readonly stats: ClientStats = { skippedItems: 0 };
  readonly #onSkipped: (item: SkippedItem) => void;

  constructor(
    transport: Transport,
    tokens: TokenManager,
    hosts: HostOptions,
    language: string | undefined,
    budgetKey: string,
    onSkippedItem?: (item: SkippedItem) => void,
  ) {
    this.transport = transport;
    this.tokens = tokens;
    this.hosts = hosts;
    this.language = language;
    this.budgetKey = budgetKey;
    const logger: Logger = transport.config.logger;
    this.#onSkipped = (item) => {
      this.stats.skippedItems += 1;
      logger.warn('psn item skipped', { endpoint: item.endpoint, path: item.path, reason: item.message });
      onSkippedItem?.(item);
    };
  }

  /** Reports one malformed list item that a caller left out (GraphQL bodies are validated after the call). */
  reportSkipped(item: SkippedItem): void {
    this.#onSkipped(item);
  }

  /** Makes one data call and returns its validated body. */
  async call<T>(spec: CallSpec<T>): Promise<T> {
    const url = withQuery(`${hostUrl(spec.host, { ...this.hosts, ...spec.hosts })}${spec.path}`, spec.query);
    const language = spec.language ?? this.language;
    const now = this.transport.config.now;
    let generation = -1;
    for (let refreshed = false; ; refreshed = true) {
      try {
        const raw = await this.transport.exchange({
          endpoint: spec.endpoint,
          url,
          method: spec.method ?? 'GET',
          body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
          signal: spec.signal,
          budgetKey: this.budgetKey,
          headers: async () => {
            const access = await this.tokens.accessToken(spec.signal);
            generation = access.generation;
            // Only the headers a call needs: each one costs fetch time on every request.
            const headers: Record<string, string> = { authorization: `Bearer ${access.token}` };
            if (spec.body !== undefined) headers['content-type'] = 'application/json';
            if (language) headers['accept-language'] = language;
            return headers;
          },
          classify: (raw) =>
            raw.status >= 200 && raw.status < 300
              ? undefined
              : fromResponse(raw.status, raw.text, raw.headers, { endpoint: spec.endpoint, now: now(), hint: spec.notFoundHint }),
        });
        return parseBody(raw.text, spec.schema, { endpoint: spec.endpoint, status: raw.status, items: spec.items, onSkipped: this.#onSkipped });
      } catch (error) {
        // One refresh after a 401: the token may have been revoked or expired early.
        if (error instanceof UnauthorizedError && !refreshed && this.tokens.tokens) {
          await this.tokens.refresh(generation, spec.signal);
          continue;
        }
        throw error;
      }
    }
  }
}
