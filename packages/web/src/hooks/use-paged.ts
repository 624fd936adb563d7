/**
 * A cursor-paged list: the first page whenever `key` changes (stale answers dropped), then
 * `loadMore()` appends the next page. `reload()` fetches the first page again in place.
 * @module
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Paged<T, P extends Page<T>> {
  items: T[];
  first: P | null;
  nextCursor: string | null;
  loading: boolean;
  error: unknown;
  loadMore: () => void;
  reload: () => Promise<void>;
}

export function usePaged<T, P extends Page<T>>(key: string, load: (cursor: string | null) => Promise<P>): Paged<T, P> {
  const [items, setItems] = useState<T[]>([]);
  const [first, setFirst] = useState<P | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const busy = useRef(false);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    busy.current = true;
    setLoading(true);
    setError(null);
    try {
      const page = await loadRef.current(null);
      if (mine !== generation.current) return;
      setItems(page.items);
      setFirst(page);
      setNextCursor(page.nextCursor);
    } catch (caught) {
      if (mine === generation.current) setError(caught);
    } finally {
      if (mine === generation.current) {
        busy.current = false;
        setLoading(false);
      }
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the key names everything the first page depends on.
  useEffect(() => {
    setItems([]);
    setFirst(null);
    setNextCursor(null);
    void reload();
  }, [key, reload]);

  const loadMore = useCallback(() => {
    if (busy.current || !nextCursor) return;
    const mine = generation.current;
    busy.current = true;
    setLoading(true);
    loadRef
      .current(nextCursor)
      .then((page) => {
        if (mine !== generation.current) return;
        setItems((previous) => [...previous, ...page.items]);
        setNextCursor(page.nextCursor);
      })
      .catch((caught: unknown) => {
        if (mine === generation.current) setError(caught);
      })
      .finally(() => {
        if (mine === generation.current) {
          busy.current = false;
          setLoading(false);
        }
      });
  }, [nextCursor]);

  return { items, first, nextCursor, loading, error, loadMore, reload };
}
