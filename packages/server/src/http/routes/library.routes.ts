/** The imported library: pages of games, one game's trophies, the player's stats. */
import { endpoints } from '@trophyroom/contract';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import type { RouteTable } from '../route.ts';

export function libraryRoutes(routes: RouteTable, { library, artwork }: AppDeps): void {
  // Icons point at our own origin (`/api/images/…`): the browser never asks Sony.
  routes.add(endpoints.games, async (c, { user, query }) =>
    c.body(artwork.localizeJson(await library.pageJson(user.id, query)), 200, { 'Content-Type': 'application/json' }),
  );

  routes.add(endpoints.game, async (c, { user, params, query }) => {
    const found = await library.game(user.id, params.npCommunicationId as string, { reveal: query.reveal === 'true' });
    if (!found) throw notFound('That game (not imported, or not yours)');
    return c.json(artwork.localize(found));
  });

  routes.add(endpoints.stats, async (c, { user }) => c.json(await library.stats(user.id)));
}
