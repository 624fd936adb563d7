/**
 * Generated artwork: a small deterministic PNG for every icon path Sony's image hosts serve
 * (title, group, trophy and reward icons, game-list images), drawn from a hash of the path so
 * the same URL always shows the same picture and different icons look different.
 * @module
 */
import { hashString, mix } from '../prng.ts';
import { encodePng } from './png.ts';

/** Sony's image hosts whose URLs the simulator's answers point at its own origin instead. */
export const SONY_IMAGE_ORIGINS = [
  'https://image.api.playstation.com',
  'https://psnobj.prod.dl.playstation.net',
  'http://trophy01.np.community.playstation.net',
  'https://trophy01.np.community.playstation.net',
] as const;

/** The paths of those hosts the simulator draws (Hono patterns). */
export const IMAGE_ROUTES = ['/trophy/np/*', '/psnobj/*', '/gs2-sec/*'] as const;

const SIZE = 96;

function hsl(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** The PNG for an image path (same path, same bytes). */
export function drawArtwork(path: string): Buffer {
  const h = hashString(path);
  const hue = h % 360;
  const from = hsl(hue, 0.55, 0.32);
  const to = hsl((hue + 40 + (mix(h, 1) % 80)) % 360, 0.6, 0.5);
  const emblem = hsl((hue + 180) % 360, 0.7, 0.75);
  const shape = mix(h, 2) % 3; // circle, diamond, square
  const radius = 18 + (mix(h, 3) % 14);
  const rgb = new Uint8Array(SIZE * SIZE * 3);
  const c = SIZE / 2;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const dx = Math.abs(x - c + 0.5);
      const dy = Math.abs(y - c + 0.5);
      const inside = shape === 0 ? dx * dx + dy * dy <= radius * radius : shape === 1 ? dx + dy <= radius * 1.3 : Math.max(dx, dy) <= radius * 0.85;
      const t = (x + y) / (2 * SIZE);
      const px = inside ? emblem : ([0, 1, 2].map((i) => Math.round((from[i] as number) * (1 - t) + (to[i] as number) * t)) as number[]);
      rgb.set(px, (y * SIZE + x) * 3);
    }
  }
  return encodePng(SIZE, SIZE, rgb);
}

/**
 * Points every Sony image URL in a JSON answer at `origin`, keeping Sony's path, so a client
 * (or a browser) that loads the icons finds them on the simulator.
 */
export function localizeImageUrls(json: string, origin: string): string {
  if (!json.includes('playstation')) return json;
  let out = json;
  for (const sony of SONY_IMAGE_ORIGINS) if (out.includes(sony)) out = out.split(`${sony}/`).join(`${origin}/`);
  return out;
}
