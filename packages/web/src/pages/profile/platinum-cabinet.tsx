/**
 * Every platinum, in the order earned, numbered ("Platinum #37"), each a link to its game: the
 * profile's first page, then a button that appends the next (a hunter's cabinet runs to
 * thousands; loading them all made a 940 KB profile).
 * @module
 */
import { useEffect, useRef } from 'react';
import type { PlatinumEntry } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';
import { GameIcon } from '../../components/game-icon/game-icon.tsx';
import { formatDate } from '../../format/dates.ts';
import { formatDuration } from '../../format/duration.ts';
import { Link } from '../../router/link.tsx';
import { CABINET_PAGE, type CabinetSource, useCabinet } from './use-cabinet.ts';

export function PlatinumCabinet({ profile }: { profile: CabinetSource }) {
  const cabinet = useCabinet(profile);
  const list = useRef<HTMLOListElement>(null);
  // The cabinet is a scroll box above the button: an appended page would land out of sight, so the
  // box scrolls to its first platinum. The focus stays on the button for the next page, unless the
  // last page took the button away: then it goes to that page's first platinum, not to the body.
  const revealFrom = useRef<number | null>(null);
  const shown = cabinet.items.length;
  useEffect(() => {
    const from = revealFrom.current;
    const box = list.current;
    if (from === null || shown <= from || !box) return;
    revealFrom.current = null;
    const link = box.querySelectorAll<HTMLAnchorElement>('.cabinet__link')[from];
    if (!link) return;
    box.scrollTop += link.getBoundingClientRect().top - box.getBoundingClientRect().top;
    if (!cabinet.hasMore) link.focus({ preventScroll: true });
  }, [shown, cabinet.hasMore]);

  if (shown === 0) return <p className="muted">No platinum yet: the first one you earn takes its place here.</p>;
  const paged = cabinet.total > profile.platinums.length;
  const left = Math.max(0, cabinet.total - shown);
  return (
    <>
      <ol className="cabinet" aria-label="Platinum trophies, first earned first" ref={list}>
        {cabinet.items.map((p) => (
          <Platinum key={p.npCommunicationId} platinum={p} />
        ))}
      </ol>
      {paged && (
        <div className="load-more">
          <p className="muted" aria-live="polite">
            Showing {shown.toLocaleString()} of {cabinet.total.toLocaleString()} platinums
          </p>
          {cabinet.hasMore && (
            <button
              type="button"
              className="button"
              // aria-disabled, not disabled: Chromium drops the focus of a button that turns disabled, so a
              // keyboard user would be thrown back to the top of the page at each click.
              aria-disabled={cabinet.loading}
              onClick={() => {
                if (cabinet.loading) return;
                revealFrom.current = shown;
                cabinet.more();
              }}
            >
              {cabinet.loading ? 'Loading more platinums…' : `Show ${Math.min(CABINET_PAGE, left).toLocaleString()} more of ${left.toLocaleString()}`}
            </button>
          )}
          <ErrorMessage error={cabinet.error} />
        </div>
      )}
    </>
  );
}

function Platinum({ platinum: p }: { platinum: PlatinumEntry }) {
  return (
    <li className="cabinet__item">
      <Link href={`/games/${encodeURIComponent(p.npCommunicationId)}`} className="cabinet__link">
        <GameIcon src={p.iconUrl} size={64} />
        <span className="cabinet__number">Platinum #{p.number}</span>
        <span className="cabinet__name">{p.name}</span>
        <span className="cabinet__date muted">
          {p.earnedAt ? <time dateTime={p.earnedAt}>{formatDate(p.earnedAt)}</time> : 'date not imported yet'}
          {p.secondsToPlatinum !== null && ` · in ${formatDuration(p.secondsToPlatinum)}`}
        </span>
      </Link>
    </li>
  );
}
