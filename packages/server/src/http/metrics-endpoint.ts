/**
 * `/metrics`: the registry in Prometheus text, behind a Bearer token when one is configured. The
 * token is compared in constant time; without a token (and without an address of its own, see
 * `metrics-app.ts`) the endpoint is off and says how to turn it on.
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Handler } from 'hono';
import type { Metrics } from '../observability/metrics.ts';
import { ApiError } from './errors.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares a secret with what was sent: equal-length digests, so timing tells neither where they differ nor the length. */
export function secretEquals(sent: string, secret: string): boolean {
  return timingSafeEqual(digest(sent), digest(secret));
}

export const metricsOff = () =>
  new ApiError(
    404,
    'not_found',
    'Metrics are off. Turn them on with a token (--metrics-token or TROPHYROOM_METRICS_TOKEN; scrape with "Authorization: Bearer <token>") or an address of their own (--metrics-listen host:port or TROPHYROOM_METRICS_LISTEN).',
  );

export const metricsElsewhere = () => new ApiError(404, 'not_found', 'Metrics are not served on this address (see --metrics-listen).');

/** Serves the metrics; with a `token`, only to `Authorization: Bearer <token>`. */
export function metricsEndpoint(metrics: Metrics, token: string | undefined): Handler {
  return async (c) => {
    if (token) {
      const [scheme, sent] = c.req.header('authorization')?.trim().split(/\s+/) ?? [];
      if (scheme?.toLowerCase() !== 'bearer' || !sent || !secretEquals(sent, token))
        throw new ApiError(
          401,
          'unauthenticated',
          'Metrics need the metrics token, sent as "Authorization: Bearer <token>" (Prometheus: authorization.credentials in the scrape config).',
          undefined,
          { 'WWW-Authenticate': 'Bearer realm="trophyroom metrics"' },
        );
    }
    return c.text(await metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
  };
}
