/**
 * The listener of `--metrics-listen host:port`: `/metrics` (behind the metrics token when one is
 * set) and nothing else, answering only to the names of its own address. Any role may run it, so
 * a worker process can be scraped too.
 * @module
 */
import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.ts';
import { ApiError, errorResponse, toApiError } from './errors.ts';
import { metricsEndpoint } from './metrics-endpoint.ts';
import { knownHost } from './middleware/known-host.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import type { ServerIdentity } from './server-identity.ts';

export function createMetricsApp(deps: { metrics: Metrics; identity: ServerIdentity; token: string | undefined; log: Logger }) {
  const app = new Hono();
  app.use('*', securityHeaders());
  app.onError((error, c) => {
    const api = toApiError(error);
    if (api.code === 'internal') deps.log.error({ err: error, path: c.req.path }, 'unhandled error');
    return errorResponse(c, api);
  });
  app.use('*', knownHost(deps.identity));
  app.get('/metrics', metricsEndpoint(deps.metrics, deps.token));
  app.notFound((c) => errorResponse(c, new ApiError(404, 'not_found', 'This address serves /metrics only.')));
  return app;
}
