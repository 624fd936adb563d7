/** One structured log line per request: method, route, status, duration, user — never headers or bodies. */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { Counter } from '../../observability/metrics.ts';
import type { AppEnv } from '../context.ts';

export function requestLog(log: Logger, requests: Counter, now: () => number = performance.now.bind(performance)): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = now();
    await next();
    const route = c.req.routePath;
    const line = {
      method: c.req.method,
      path: c.req.path,
      route,
      status: c.res.status,
      ms: Math.round((now() - started) * 10) / 10,
      userId: c.get('user')?.id,
    };
    requests.inc({ method: c.req.method, route, status: c.res.status });
    if (c.res.status >= 500) log.error(line, 'request');
    else if (c.req.path === '/healthz' || c.req.path === '/metrics') log.debug(line, 'request');
    else log.info(line, 'request');
  };
}
