/** The imported library: pages of games, one game's trophies, the player's stats. */
import { endpoints } from '@trophyroom/contract';
import { InvalidCursorError } from '../../repositories/games.repository.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError, notFound } from '../errors.ts';
import type { RouteTable } from '../route.ts';

export function gamesRoutes(routes: RouteTable, { games }: AppDeps): void {
  routes.add(endpoints.games, async (c, { user, query }) => {
    try {
      return c.body(await games.pageJson(user.id, query), 200, { 'Content-Type': 'application/json' });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new ApiError(400, 'invalid_cursor', error.message);
      throw error;
    }
  });

  routes.add(endpoints.game, async (c, { user, params, query }) => {
    const found = await games.game(user.id, params.npCommunicationId as string, { reveal: query.reveal === 'true' });
    if (!found) throw notFound('That game (not imported, or not yours)');
    return c.json(found);
  });

  routes.add(endpoints.stats, async (c, { user }) => c.json(await games.stats(user.id)));
}
