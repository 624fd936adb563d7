/**
 * A bounded cache that forgets the least recently used entries first, approximately: two
 * generations of at most max/2 entries each. A hit in the old generation is promoted; when the
 * young one fills up it becomes the old one. O(1) with no reordering on hits, which keeps hot
 * paths (every title-list request reads dozens of entries) cheap.
 * @module
 */
export class Lru<K, V> {
  readonly #half: number;
  #young = new Map<K, V>();
  #old = new Map<K, V>();

  constructor(max: number) {
    this.#half = Math.max(1, Math.floor(max / 2));
  }

  get(key: K): V | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old !== undefined) this.#put(key, old);
    return old;
  }

  set(key: K, value: V): void {
    this.#old.delete(key);
    this.#put(key, value);
  }

  #put(key: K, value: V): void {
    this.#young.set(key, value);
    if (this.#young.size >= this.#half) {
      this.#old = this.#young;
      this.#young = new Map();
    }
  }

  delete(key: K): void {
    this.#young.delete(key);
    this.#old.delete(key);
  }

  clear(): void {
    this.#young.clear();
    this.#old.clear();
  }
}
