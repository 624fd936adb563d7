/**
 * Game and trophy artwork from our own origin: the API's game JSON points every Sony image at
 * `/api/images/{source}/{ref}`, and this fetches each image once, from Sony's image hosts or the
 * configured PSN origin only (the source is a fixed name, the ref a checked path on it: a user
 * can never steer the server to another host), checks its size and that it is an image, and
 * keeps it on disk in the data directory. The player's browser never asks Sony for anything.
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ServiceError } from './service-error.ts';

/** Sony's image hosts, by the fixed name our URLs use for them. */
export const SONY_IMAGE_SOURCES: Readonly<Record<string, string>> = {
  'image-api': 'https://image.api.playstation.com',
  psnobj: 'https://psnobj.prod.dl.playstation.net',
  trophy01: 'http://trophy01.np.community.playstation.net',
};

export interface ArtworkDeps {
  /** Where fetched images are kept (`<dataDir>/images`). */
  dir: string;
  /** The configured PSN origin (the simulator's), whose image paths may be fetched too. */
  psnOrigin?: string | undefined;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** The largest image taken. @default 1_048_576 */
  maxBytes?: number;
  /** @default 10_000 */
  timeoutMs?: number;
}

export interface Image {
  body: Uint8Array;
  contentType: string;
}

const PATH = /^\/[A-Za-z0-9._~\-/]{1,500}$/;
const TYPES: Array<{ type: string; magic: number[] }> = [
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', magic: [0x47, 0x49, 0x46, 0x38] },
  { type: 'image/webp', magic: [0x52, 0x49, 0x46, 0x46] },
];

/** The image type the bytes really are (SVG and anything else: none). */
function sniff(bytes: Uint8Array): string | undefined {
  return TYPES.find(({ magic }) => magic.every((b, i) => bytes[i] === b))?.type;
}

/** Image URLs whose `{source}/{ref}` is kept (about 150 bytes each); past that the memo starts again. */
const REFS_KEPT = 50_000;

const unavailable = (why: string) => new ServiceError('image_unavailable', `That image could not be fetched: ${why}. The game shows a placeholder instead.`);

export class ArtworkService {
  readonly #sources: Map<string, string>;
  readonly #byOrigin: Map<string, string>;
  readonly #maxBytes: number;
  readonly #timeoutMs: number;
  readonly #inFlight = new Map<string, Promise<Image>>();
  readonly #refs = new Map<string, string | null>();

  constructor(private readonly deps: ArtworkDeps) {
    this.#sources = new Map(Object.entries(SONY_IMAGE_SOURCES));
    if (deps.psnOrigin) this.#sources.set('psn', new URL(deps.psnOrigin).origin);
    this.#byOrigin = new Map([...this.#sources].map(([name, origin]) => [origin, name]));
    this.#maxBytes = deps.maxBytes ?? 1_048_576;
    this.#timeoutMs = deps.timeoutMs ?? 10_000;
  }

  /** An image URL's `{source}/{ref}` (what our URLs name it by), or null when it is on no allowed host. */
  imageRef(url: string | null | undefined): string | null {
    if (!url) return null;
    // A library's pages name the same icons again and again: parsing each URL once keeps a 3,000-icon page cheap.
    const known = this.#refs.get(url);
    if (known !== undefined) return known;
    const ref = this.#refOf(url);
    if (this.#refs.size >= REFS_KEPT) this.#refs.clear();
    this.#refs.set(url, ref);
    return ref;
  }

  #refOf(url: string): string | null {
    if (!URL.canParse(url)) return null;
    const parsed = new URL(url);
    const source = this.#byOrigin.get(parsed.origin);
    if (!source || !PATH.test(parsed.pathname) || parsed.search) return null;
    return `${source}/${Buffer.from(parsed.pathname).toString('base64url')}`;
  }

  /**
   * Our URL for an image URL, or null when it is on no allowed host (it is then not shown).
   * @param base the path our image URLs start with (a shared profile's are under its token) @default '/api/images'
   */
  localUrl(url: string | null | undefined, base = '/api/images'): string | null {
    const ref = this.imageRef(url);
    return ref && `${base}/${ref}`;
  }

  /** Names what decides our image URLs (the allowed origins): pages kept with our URLs in them are made again when it changes. */
  get signature(): string {
    return `/api/images from ${[...this.#sources].map(([name, origin]) => `${name}=${origin}`).join(' ')}`;
  }

  /** Rewrites every allowed image URL in a JSON text to ours (the library's pages are ready JSON). */
  localizeJson(json: string): string {
    return json.replace(/"(https?:\/\/[^"\\/]+\/[^"\\]*)"/g, (whole, url: string) => {
      const local = this.localUrl(url);
      return local ? `"${local}"` : whole;
    });
  }

  /** The same for a value about to be sent as JSON. */
  localize<T>(value: T): T {
    return JSON.parse(this.localizeJson(JSON.stringify(value))) as T;
  }

  /** The upstream URL of one of our image URLs' `{source}/{ref}`, or a `not_found` error. */
  upstream(source: string, ref: string): string {
    const origin = this.#sources.get(source);
    const path = /^[A-Za-z0-9_-]{1,700}$/.test(ref) ? Buffer.from(ref, 'base64url').toString('utf8') : '';
    if (!origin || !PATH.test(path) || path.includes('..') || path.includes('//')) throw new ServiceError('not_found', 'There is no such image.');
    const url = new URL(path, origin);
    // Belt and braces: whatever the path, the request goes to that origin and nowhere else.
    if (url.origin !== origin) throw new ServiceError('not_found', 'There is no such image.');
    return url.href;
  }

  /** The image, from disk, or fetched once (concurrent asks share the fetch) and kept. */
  async image(source: string, ref: string): Promise<Image> {
    const url = this.upstream(source, ref);
    const file = join(this.deps.dir, createHash('sha256').update(url).digest('hex'));
    const kept = await readFile(file).catch(() => undefined);
    const keptType = kept && sniff(kept);
    if (kept && keptType) return { body: kept, contentType: keptType };
    let pending = this.#inFlight.get(url);
    if (!pending) {
      pending = this.#fetch(url, file).finally(() => this.#inFlight.delete(url));
      this.#inFlight.set(url, pending);
    }
    return pending;
  }

  async #fetch(url: string, file: string): Promise<Image> {
    let response: Response;
    try {
      // No redirects: a redirect could lead anywhere.
      response = await (this.deps.fetch ?? fetch)(url, { redirect: 'manual', signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch {
      throw unavailable('the image host did not answer');
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw unavailable(`the image host answered ${response.status}`);
    }
    const declared = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!TYPES.some((t) => t.type === declared)) {
      await response.body?.cancel();
      throw unavailable(`it is not a PNG, JPEG, GIF or WebP image (${declared || 'no content type'})`);
    }
    if (Number(response.headers.get('content-length') ?? 0) > this.#maxBytes) {
      await response.body?.cancel();
      throw unavailable(`it is larger than ${this.#maxBytes} bytes`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    for (;;) {
      const chunk = reader ? await reader.read() : { done: true as const, value: undefined };
      if (chunk.done) break;
      size += chunk.value.byteLength;
      if (size > this.#maxBytes) {
        await reader?.cancel();
        throw unavailable(`it is larger than ${this.#maxBytes} bytes`);
      }
      chunks.push(chunk.value);
    }
    const body = Buffer.concat(chunks);
    if (sniff(body) !== declared) throw unavailable(`its bytes are not the ${declared} it claims to be`);
    await mkdir(this.deps.dir, { recursive: true });
    // Written whole, then renamed: a crash never leaves half an image to serve.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, body);
    await rename(partial, file);
    return { body, contentType: declared };
  }
}
