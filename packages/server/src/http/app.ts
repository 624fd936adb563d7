/**
 * The HTTP app: the JSON API under `/api` (with its OpenAPI document), `/healthz`, `/metrics`,
 * and the built web UI at `/` with a fallback to `index.html` for the UI's own routes.
 * @module
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './context.ts';
import type { AppDeps } from './deps.ts';
import { ApiError, errorResponse, toApiError } from './errors.ts';
import { metricsElsewhere, metricsEndpoint, metricsOff } from './metrics-endpoint.ts';
import { authenticate } from './middleware/authenticate.ts';
import { knownHost } from './middleware/known-host.ts';
import { requestLog } from './middleware/request-log.ts';
import { sameOrigin } from './middleware/same-origin.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { openApiDocument } from './openapi.ts';
import { RouteTable } from './route.ts';
import { accountsRoutes } from './routes/accounts.routes.ts';
import { connectionRoutes } from './routes/connection.routes.ts';
import { libraryRoutes } from './routes/library.routes.ts';
import { libraryArchiveRoutes } from './routes/library-archive.routes.ts';
import { pickerRoutes } from './routes/picker.routes.ts';
import { syncRunsRoutes } from './routes/sync-runs.routes.ts';
import { webhooksRoutes } from './routes/webhooks.routes.ts';
import { sharingRoutes } from './routes/sharing.routes.ts';
import { stacksRoutes } from './routes/stacks.routes.ts';
import { imagesRoutes } from './routes/images.routes.ts';
import { profileRoutes } from './routes/profile.routes.ts';
import { sharedPages } from './pages/shared-pages.ts';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Trophyroom</title>
<p>The Trophyroom API is running at <a href="/api/openapi.json">/api</a>, but the web UI is not built yet.
Run <code>npm run build</code> (or <code>npm run demo</code>) and reload.</p>`;

/** The largest library export the import takes (about 600,000 trophies). */
const IMPORT_LIMIT_MB = 256;

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const httpRequests = deps.metrics.counter('trophyroom_http_requests_total', 'HTTP requests by method, route and status');

  app.use('*', securityHeaders());
  app.use('*', requestLog(deps.log, httpRequests));
  app.onError((error, c) => {
    const api = toApiError(error);
    if (api.status >= 500 && api.code === 'internal') deps.log.error({ err: error, path: c.req.path }, 'unhandled error');
    else if (api.status >= 500) deps.log.warn({ code: api.code, details: api.details, path: c.req.path }, 'upstream error');
    return errorResponse(c, api);
  });

  // Before any route or file: a request must name this server (DNS rebinding). A health probe may use any name.
  app.use('*', knownHost(deps.identity, { except: ['/healthz'] }));

  app.get('/healthz', async (c) => {
    try {
      await deps.ping();
      return c.json({ status: 'ok', version: deps.version });
    } catch {
      return c.json({ status: 'unavailable', reason: 'the database does not answer' }, 503);
    }
  });
  if (deps.metricsElsewhere || !deps.metricsToken)
    app.get('/metrics', () => {
      throw deps.metricsElsewhere ? metricsElsewhere() : metricsOff();
    });
  else app.get('/metrics', metricsEndpoint(deps.metrics, deps.metricsToken));

  // A library export read back can be large; every other body stays small.
  const smallBodies = bodyLimit({ maxSize: 1024 * 1024, onError: (c) => errorResponse(c, new ApiError(413, 'too_large', 'The body is over 1 MB.')) });
  const importBodies = bodyLimit({
    maxSize: IMPORT_LIMIT_MB * 1024 * 1024,
    onError: (c) => errorResponse(c, new ApiError(413, 'too_large', `The library file is over ${IMPORT_LIMIT_MB} MB.`)),
  });
  app.use('/api/*', (c, next) => (c.req.path === '/api/library/import' ? importBodies(c, next) : smallBodies(c, next)));
  app.use('/api/*', authenticate(deps.accounts));
  app.use('/api/*', sameOrigin(deps.identity));

  const routes = new RouteTable(app);
  accountsRoutes(routes, deps);
  connectionRoutes(routes, deps);
  pickerRoutes(routes, deps);
  syncRunsRoutes(routes, deps);
  libraryRoutes(routes, deps);
  webhooksRoutes(routes, deps);
  libraryArchiveRoutes(routes, deps);
  sharingRoutes(routes, deps);
  stacksRoutes(routes, deps);
  imagesRoutes(routes, deps);
  profileRoutes(routes, deps);
  const openapi = openApiDocument(routes.specs, { version: deps.version });
  app.get('/api/openapi.json', (c) => c.json(openapi));
  app.all('/api/*', () => {
    throw new ApiError(404, 'not_found', 'There is no such API route. The routes are listed at /api/openapi.json.');
  });

  // Shared profiles, signed out: server-rendered, so link previews see their card.
  sharedPages(app, deps);

  const webDir = deps.webDir;
  if (webDir && existsSync(join(webDir, 'index.html'))) {
    const index = readFile(join(webDir, 'index.html'), 'utf8');
    app.use('/*', serveStatic({ root: webDir }));
    // The UI routes itself: any other page path gets the app shell.
    app.get('/*', async (c) => c.html(await index));
  } else {
    app.get('/', (c) => c.html(NOT_BUILT));
  }
  return { app, routes };
}
