/**
 * Library answers kept in memory by their tag and address: between two writes a user's library
 * answers the same bytes, so a repeated request (another tab, a page reloaded, the next visit
 * before a sync) skips the queries. The tag comes from the database on every request, so a
 * write by any process changes the key and the old entry is never served; entries leave by
 * least recent use, within a byte budget.
 * @module
 */

export interface CachedAnswer {
  /** Encoded once: sending bytes skips encoding the text again on every hit. */
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
}

export interface ResponseCacheOptions {
  /** The most bytes of bodies kept. @default 16 MiB */
  maxBytes?: number;
  /** A body larger than this is not kept. @default 1 MiB */
  maxEntryBytes?: number;
}

/** A least-recently-used map from (tag, address) to an answer's body. */
export class ResponseCache {
  readonly #entries = new Map<string, CachedAnswer>();
  readonly #maxBytes: number;
  readonly #maxEntryBytes: number;
  #bytes = 0;

  constructor(options: ResponseCacheOptions = {}) {
    this.#maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
    this.#maxEntryBytes = options.maxEntryBytes ?? 1024 * 1024;
  }

  static key(etag: string, address: string): string {
    return `${etag} ${address}`;
  }

  get(key: string): CachedAnswer | undefined {
    const found = this.#entries.get(key);
    if (!found) return undefined;
    // Most recently used last: Map keeps insertion order.
    this.#entries.delete(key);
    this.#entries.set(key, found);
    return found;
  }

  set(key: string, answer: CachedAnswer): void {
    const size = answer.body.byteLength;
    if (size > this.#maxEntryBytes) return;
    const old = this.#entries.get(key);
    if (old) {
      this.#bytes -= old.body.byteLength;
      this.#entries.delete(key);
    }
    this.#entries.set(key, answer);
    this.#bytes += size;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.body.byteLength;
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
