/** Stacks: list them, see a game's, split one, join lists by hand. */
import { endpoints } from '@trophyroom/contract';
import type { AppDeps } from '../deps.ts';
import type { RouteTable } from '../route.ts';

export function stacksRoutes(routes: RouteTable, { stacks, artwork }: AppDeps): void {
  routes.add(endpoints.stacks, async (c, { user, query }) => c.json(artwork.localize(await stacks.page(user.id, query))));
  routes.add(endpoints.gameStack, async (c, { user, params }) => c.json(artwork.localize(await stacks.stackOf(user.id, params.npCommunicationId as string))));
  routes.add(endpoints.splitStack, async (c, { user, body }) => c.json(artwork.localize(await stacks.split(user.id, body.npCommunicationId))));
  routes.add(endpoints.joinStack, async (c, { user, body }) => c.json(artwork.localize(await stacks.join(user.id, body.npCommunicationIds))));
}
