/**
 * Every platinum, in the order earned, numbered ("Platinum #37"), each a link to its game.
 * @module
 */
import type { PlatinumEntry } from '../../api/types.ts';
import { GameIcon } from '../../components/game-icon/game-icon.tsx';
import { formatDate } from '../../format/dates.ts';
import { Link } from '../../router/link.tsx';
import { formatDuration } from '../../format/duration.ts';

export function PlatinumCabinet({ platinums }: { platinums: PlatinumEntry[] }) {
  if (platinums.length === 0) return <p className="muted">No platinum yet: the first one you earn takes its place here.</p>;
  return (
    <ol className="cabinet" aria-label="Platinum trophies, first earned first">
      {platinums.map((p) => (
        <li key={p.npCommunicationId} className="cabinet__item">
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
      ))}
    </ol>
  );
}
