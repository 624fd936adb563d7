/**
 * The platinum cabinet a page at a time: the profile's first page, then `more()` appends the next
 * page from `/api/profile/platinums`. A new profile object (the profile reloaded) starts over
 * from its own first page, and an answer for the profile before it is dropped.
 * @module
 */
import { useCallback, useState } from 'react';
import { api } from '../../api/client.ts';
import type { PlatinumEntry, Profile } from '../../api/types.ts';

/** Platinums asked for a page: the contract's `CABINET_PAGE` (the web bundle imports no values from the contract, which carries zod). */
export const CABINET_PAGE = 100;

export type CabinetSource = Pick<Profile, 'platinums' | 'platinumCount' | 'platinumsNext'>;

export interface Cabinet {
  items: PlatinumEntry[];
  /** Platinums in the whole cabinet (the latest page's `total`). */
  total: number;
  /** Whether another page is there to fetch. */
  hasMore: boolean;
  loading: boolean;
  /** The last page's failure, until the next try. */
  error: unknown;
  more: () => void;
}

interface State {
  source: CabinetSource;
  items: PlatinumEntry[];
  total: number;
  next: string | null;
  loading: boolean;
  error: unknown;
}

const fresh = (source: CabinetSource): State => ({
  source,
  items: source.platinums,
  total: source.platinumCount,
  next: source.platinumsNext,
  loading: false,
  error: null,
});

export function useCabinet(source: CabinetSource): Cabinet {
  const [state, setState] = useState(() => fresh(source));
  // Reset while rendering, not in an effect, so a new profile never shows the old pages for a frame
  // (https://react.dev/learn/you-might-not-need-an-effect#adjusting-some-state-when-a-prop-changes).
  const current = state.source === source ? state : fresh(source);
  if (current !== state) setState(current);

  const { next, loading } = current;
  const more = useCallback(() => {
    if (!next || loading) return;
    setState((s) => (s.source === source ? { ...s, loading: true, error: null } : s));
    // The source object is the generation: an answer for a profile since replaced is dropped.
    api.profilePlatinums(next, CABINET_PAGE).then(
      (page) =>
        setState((s) =>
          s.source === source && s.next === next ? { ...s, items: [...s.items, ...page.items], total: page.total, next: page.nextCursor, loading: false } : s,
        ),
      (caught: unknown) => setState((s) => (s.source === source && s.next === next ? { ...s, loading: false, error: caught } : s)),
    );
  }, [source, next, loading]);

  return { items: current.items, total: current.total, hasMore: current.next !== null, loading: current.loading, error: current.error, more };
}
