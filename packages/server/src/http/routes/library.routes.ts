/** The imported library: pages of games, one game's trophies, the player's stats (each with an ETag per library version). */
import { endpoints } from '@trophyroom/contract';
import { conditional, libraryEtag } from '../conditional.ts';
import type { AppDeps } from '../deps.ts';
import { ResponseCache } from '../response-cache.ts';
import { notFound } from '../errors.ts';
import type { RouteTable } from '../route.ts';

export function libraryRoutes(routes: RouteTable, { library, version: build }: AppDeps): void {
  // What doesn't change between writes: each answer kept under its tag (a write changes the tag).
  const cache = new ResponseCache();
  const etagOf = async (userId: string) => libraryEtag(userId, await library.version(userId), build);

  routes.add(endpoints.games, async (c, { user, query }) =>
    conditional(c, await etagOf(user.id), cache, async () => c.body(await library.pageJson(user.id, query), 200, { 'Content-Type': 'application/json' })),
  );

  routes.add(endpoints.game, async (c, { user, params, query }) =>
    conditional(c, await etagOf(user.id), cache, async () => {
      const found = await library.game(user.id, params.npCommunicationId as string, { reveal: query.reveal === 'true' });
      if (!found) throw notFound('That game (not imported, or not yours)');
      return c.json(found);
    }),
  );

  routes.add(endpoints.stats, async (c, { user }) => conditional(c, await etagOf(user.id), cache, async () => c.json(await library.stats(user.id))));
}
