/**
 * The end of a paged list: loads the next page when it scrolls into view, and is a button for
 * keyboards and for browsers without IntersectionObserver.
 * @module
 */
import { useEffect, useRef } from 'react';

export function LoadMore({
  hasMore,
  loading,
  onMore,
  shown,
  total,
  noun,
}: {
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
  shown: number;
  total: number;
  noun: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const onMoreRef = useRef(onMore);
  onMoreRef.current = onMore;

  useEffect(() => {
    const element = ref.current;
    if (!element || !hasMore || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onMoreRef.current();
      },
      { rootMargin: '600px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore]);

  return (
    <div className="load-more" ref={ref}>
      <p className="muted" aria-live="polite">
        Showing {shown.toLocaleString()} of {total.toLocaleString()} {noun}
      </p>
      {hasMore && (
        <button type="button" className="button" onClick={onMore} disabled={loading}>
          {loading ? 'Loading…' : 'Show more'}
        </button>
      )}
    </div>
  );
}
