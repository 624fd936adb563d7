/**
 * Paged lists as async iterators: the iterator is the primitive, `all()` is built on it, it can
 * stop early, and `for await` works on the unawaited call. Pages are requested at the endpoint's
 * maximum size and iteration stops when `nextOffset` is absent, not at `totalItemCount` (Sony's
 * totals drift between identical calls).
 * @module
 */

export interface Page<T> {
  items: T[];
  totalItemCount?: number;
  nextOffset?: number | undefined;
}

const MAX_EMPTY_PAGES = 3;

export type PageFetcher<T> = (offset: number, signal?: AbortSignal) => Promise<Page<T>>;

export class Paginator<T> implements AsyncIterable<T> {
  readonly #fetchPage: PageFetcher<T>;
  readonly #signal: AbortSignal | undefined;
  readonly #startOffset: number;

  constructor(fetchPage: PageFetcher<T>, options: { signal?: AbortSignal | undefined; offset?: number } = {}) {
    this.#fetchPage = fetchPage;
    this.#signal = options.signal;
    this.#startOffset = options.offset ?? 0;
  }

  /** Every page, in order. */
  async *pages(): AsyncGenerator<Page<T>> {
    let offset: number | undefined = this.#startOffset;
    let empty = 0;
    while (offset !== undefined) {
      const page: Page<T> = await this.#fetchPage(offset, this.#signal);
      yield page;
      // A page can come back empty because every item on it was malformed (and left out): go on.
      // A next offset that does not move forward, or page after empty page, would loop forever.
      empty = page.items.length === 0 ? empty + 1 : 0;
      offset = page.nextOffset !== undefined && page.nextOffset > offset && empty < MAX_EMPTY_PAGES ? page.nextOffset : undefined;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Collects every item (or the first `max`). */
  async all(max = Number.POSITIVE_INFINITY): Promise<T[]> {
    const out: T[] = [];
    if (max <= 0) return out;
    for await (const item of this) {
      out.push(item);
      if (out.length >= max) break;
    }
    return out;
  }
}
