/** The profile page and unobtainable trophies: flag, unflag, list, import a list. */
import { endpoints } from '@trophyroom/contract';
import { conditional, libraryEtag } from '../conditional.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { ResponseCache } from '../response-cache.ts';
import type { RouteTable } from '../route.ts';

export function profileRoutes(routes: RouteTable, { profile, unobtainable, library, version: build, now }: AppDeps): void {
  // The profile changes with the library (flags included: they rewrite the titles' facts) and with the day (the calendar's year).
  const cache = new ResponseCache();
  routes.add(endpoints.profile, async (c, { user }) => {
    const today = new Date(now()).toISOString().slice(0, 10);
    const etag = libraryEtag(user.id, await library.version(user.id), `${build}\0${today}`);
    // The kept page's icons already point at our own origin (`/api/images/…`): it is sent as it is.
    return conditional(c, etag, cache, async () => c.body(await profile.json(user.id), 200, { 'Content-Type': 'application/json' }));
  });

  routes.add(endpoints.profilePlatinums, async (c, { user, query }) => {
    // Not the day's: a page of the cabinet changes with the library only.
    const etag = libraryEtag(user.id, await library.version(user.id), build);
    return conditional(c, etag, cache, async () => c.body(await profile.platinumsPage(user.id, query), 200, { 'Content-Type': 'application/json' }));
  });

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
