/** Game and trophy icons from our own origin (fetched once from Sony's image hosts, kept on disk). */
import { endpoints } from '@trophyroom/contract';
import type { AppDeps } from '../deps.ts';
import type { RouteTable } from '../route.ts';

export function imagesRoutes(routes: RouteTable, { artwork }: AppDeps): void {
  routes.add(endpoints.image, async (c, { params }) => {
    const image = await artwork.image(params.source as string, params.ref as string);
    return c.body(new Uint8Array(image.body), 200, {
      'Content-Type': image.contentType,
      // Sony's icon paths are content hashes: the same URL is the same picture.
      'Cache-Control': 'private, max-age=604800',
      'X-Content-Type-Options': 'nosniff',
    });
  });
}
