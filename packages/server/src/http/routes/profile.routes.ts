/** The profile page and unobtainable trophies: flag, unflag, list, import a list. */
import { endpoints } from '@trophyroom/contract';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import type { RouteTable } from '../route.ts';

export function profileRoutes(routes: RouteTable, { profile, unobtainable }: AppDeps): void {
  routes.add(endpoints.profile, async (c, { user }) => c.json(await profile.profile(user.id)));

  routes.add(endpoints.unobtainable, async (c, { user }) => c.json(await unobtainable.list(user.id)));

  routes.add(endpoints.flagUnobtainable, async (c, { user, body }) => c.json(await unobtainable.flag(user.id, body), 201));

  routes.add(endpoints.unflagUnobtainable, async (c, { user, params }) => {
    const trophyId = Number(params.trophyId);
    if (!Number.isInteger(trophyId) || trophyId < 0) throw new ApiError(400, 'invalid_request', 'The trophy id is a whole number, 0 or more.');
    await unobtainable.unflag(user.id, { npCommunicationId: params.npCommunicationId as string, trophyId });
    return c.body(null, 204);
  });

  routes.add(endpoints.importUnobtainable, async (c, { user, body }) => c.json(await unobtainable.import(user.id, body)));
}
