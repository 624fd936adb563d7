/**
 * Sony's image hosts on the simulator's own origin: every icon path of its answers is served as
 * generated artwork, without a token and outside the rate limit, as Sony's CDN does.
 * @module
 */
import { IMAGE_ROUTES, drawArtwork } from '../artwork/artwork.ts';
import { Lru } from '../world/lru.ts';
import type { Simulator } from '../simulator.ts';

const IMAGE_PATH = /^\/[A-Za-z0-9_./-]{1,400}\.(png|PNG)$/;

export function registerImageRoutes(sim: Simulator): void {
  const cache = new Lru<string, Buffer>(512);
  for (const route of IMAGE_ROUTES) {
    sim.app.get(route, (c) => {
      const path = c.req.path;
      if (!IMAGE_PATH.test(path) || path.includes('..')) return c.text('Not Found', 404);
      let png = cache.get(path);
      if (!png) {
        png = drawArtwork(path);
        cache.set(path, png);
      }
      return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=31536000' });
    });
  }
}
