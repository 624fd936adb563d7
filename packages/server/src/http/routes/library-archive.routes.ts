/** The whole library out (JSON to import back, CSV for spreadsheets) and a JSON export back in. */
import { endpoints } from '@trophyroom/contract';
import type { Context } from 'hono';
import { stream } from 'hono/streaming';
import type { AppEnv } from '../context.ts';
import type { AppDeps } from '../deps.ts';
import type { RouteTable } from '../route.ts';

/** Streams text chunks as a download named `name`. */
function download(c: Context<AppEnv>, chunks: AsyncIterable<string>, contentType: string, name: string): Response {
  c.header('Content-Type', contentType);
  c.header('Content-Disposition', `attachment; filename="${name}"`);
  c.header('Cache-Control', 'no-store');
  return stream(c, async (out) => {
    for await (const chunk of chunks) await out.write(chunk);
  });
}

export function libraryArchiveRoutes(routes: RouteTable, { archive, now }: AppDeps): void {
  const day = () => new Date(now()).toISOString().slice(0, 10);

  routes.add(endpoints.exportLibrary, (c, { user }) =>
    download(c, archive.exportJson(user.id), 'application/json; charset=utf-8', `trophyroom-library-${day()}.json`),
  );

  routes.add(endpoints.exportLibraryCsv, (c, { user }) =>
    download(c, archive.exportCsv(user.id), 'text/csv; charset=utf-8', `trophyroom-library-${day()}.csv`),
  );

  routes.add(endpoints.importLibrary, async (c, { user, body }) => c.json(await archive.importArchive(user.id, body), 201));
}
