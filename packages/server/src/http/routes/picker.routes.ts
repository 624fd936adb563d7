/** The picker (`/api/psn/…`): the title list to pick from, importing the picked titles, and "sync now". */
import { endpoints } from '@trophyroom/contract';
import { conditional, libraryEtag } from '../conditional.ts';
import type { AppDeps } from '../deps.ts';
import { ResponseCache } from '../response-cache.ts';
import type { RouteTable } from '../route.ts';

export function pickerRoutes(routes: RouteTable, { picker, library, connection, artwork, version: build, now }: AppDeps): void {
  const cache = new ResponseCache();
  routes.add(endpoints.pickerTitles, async (c, { user, query }) => {
    // A page changes with the titles and picks (the library version), the title list's loading state, and the hour (what counts as recent).
    const [version, state] = await Promise.all([library.version(user.id), connection.titleListState(user.id)]);
    const etag = libraryEtag(user.id, version, `${build}\0${state}\0${new Date(now()).toISOString().slice(0, 13)}`);
    return conditional(c, etag, cache, async () =>
      c.body(artwork.localizeJson(JSON.stringify(await picker.page(user.id, query, { state }))), 200, { 'Content-Type': 'application/json' }),
    );
  });

  routes.add(endpoints.pickerIds, async (c, { user, query }) =>
    c.json({ ids: await picker.ids(user.id, { ...query, preselectedOnly: query.preselected === 'true' }) }),
  );

  routes.add(endpoints.importTitles, async (c, { user, body }) => c.json(await picker.requestImport(user.id, body.npCommunicationIds), 202));

  routes.add(endpoints.syncNow, async (c, { user }) => c.json(await library.requestSync(user.id), 202));
}
