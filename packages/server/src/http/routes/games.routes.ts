/** The imported library: pages of games, one game's trophies, the player's stats. */
import { InvalidCursorError } from '../../repositories/games.repository.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError, notFound } from '../errors.ts';
import type { RouteTable } from '../route.ts';
import { gameQuery, gameResponse, gamesQuery, gamesResponse, statsResponse } from '../schemas/games.schema.ts';

export function gamesRoutes(routes: RouteTable, { games }: AppDeps): void {
  routes.add(
    {
      method: 'get',
      path: '/api/games',
      tag: 'library',
      summary: 'Your imported games, a page at a time (filter by platform, status or name; sort by last played, name, progress or points)',
      access: 'user',
      query: gamesQuery,
      responses: { 200: { description: 'A page of games', schema: gamesResponse } },
    },
    async (c, { user, query }) => {
      try {
        return c.body(await games.pageJson(user.id, query), 200, { 'Content-Type': 'application/json' });
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new ApiError(400, 'invalid_cursor', error.message);
        throw error;
      }
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/games/{npCommunicationId}',
      tag: 'library',
      summary: 'One game: groups (base game and each DLC) with their trophies; hidden ones masked unless reveal=true',
      access: 'user',
      query: gameQuery,
      responses: { 200: { description: 'The game', schema: gameResponse } },
    },
    async (c, { user, params, query }) => {
      const found = await games.game(user.id, params.npCommunicationId as string, { reveal: query.reveal === 'true' });
      if (!found) throw notFound('That game (not imported, or not yours)');
      return c.json(found);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/stats',
      tag: 'library',
      summary: 'Your level, points, trophy counts, platinums and game counts',
      access: 'user',
      responses: { 200: { description: 'Stats', schema: statsResponse } },
    },
    async (c, { user }) => c.json(await games.stats(user.id)),
  );
}
