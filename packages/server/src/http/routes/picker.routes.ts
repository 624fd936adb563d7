/** The picker (`/api/psn/…`): the title list to pick from, importing the picked titles, and "sync now". */
import { endpoints } from '@trophyroom/contract';
import type { AppDeps } from '../deps.ts';
import type { RouteTable } from '../route.ts';

export function pickerRoutes(routes: RouteTable, { picker, library, artwork }: AppDeps): void {
  routes.add(endpoints.pickerTitles, async (c, { user, query }) => c.json(artwork.localize(await picker.page(user.id, query))));

  routes.add(endpoints.pickerIds, async (c, { user, query }) =>
    c.json({ ids: await picker.ids(user.id, { ...query, preselectedOnly: query.preselected === 'true' }) }),
  );

  routes.add(endpoints.importTitles, async (c, { user, body }) => c.json(await picker.requestImport(user.id, body.npCommunicationIds), 202));

  routes.add(endpoints.syncNow, async (c, { user }) => c.json(await library.requestSync(user.id), 202));
}
