/** Sharing: the owner turns the public profile on and off; anyone with its URL reads it (JSON and its icons here, HTML at /u/{token}). */
import { endpoints } from '@trophyroom/contract';
import type { Context } from 'hono';
import type { ShareState } from '../../services/sharing.service.ts';
import type { AppEnv } from '../context.ts';
import type { AppDeps } from '../deps.ts';
import type { RouteTable } from '../route.ts';
import type { ServerIdentity } from '../server-identity.ts';

/** The share as the owner's settings show it: its URLs on the server's own origin. */
export function sharingView(c: Context<AppEnv>, identity: ServerIdentity, share: ShareState) {
  const origin = identity.expectedOrigin(c);
  const page = share.token ? `${origin}/u/${share.token}` : null;
  return { sharing: { enabled: share.token !== null, url: page, cardUrl: page && `${page}/card.svg`, since: share.since } };
}

export function sharingRoutes(routes: RouteTable, { sharing, publicProfile, identity }: AppDeps): void {
  routes.add(endpoints.sharing, async (c, { user }) => c.json(sharingView(c, identity, await sharing.state(user.id))));
  routes.add(endpoints.enableSharing, async (c, { user }) => c.json(sharingView(c, identity, await sharing.enable(user.id))));
  routes.add(endpoints.disableSharing, async (c, { user }) => c.json(sharingView(c, identity, await sharing.disable(user.id))));
  routes.add(endpoints.publicProfile, async (c, { params }) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    return c.json({ profile: await publicProfile.profile(params.token as string) });
  });
  routes.add(endpoints.publicProfileImage, async (c, { params }) => {
    const image = await publicProfile.image(params.token as string, params.source as string, params.ref as string);
    return c.body(new Uint8Array(image.body), 200, {
      'Content-Type': image.contentType,
      // Public: Sony's icon paths are content hashes; a revoked share answers 404 at once, a copy already cached is Sony's public artwork.
      'Cache-Control': 'public, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    });
  });
}
