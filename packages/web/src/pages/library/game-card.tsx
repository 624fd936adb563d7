/**
 * One game in the library: icon, name, platforms, progress, counts, platinum, last played; a
 * game whose trophies the import has not fetched yet says so instead of "0 of N".
 * @module
 */
import { memo } from 'react';
import type { Game } from '../../api/types.ts';
import { GameIcon } from '../../components/game-icon/game-icon.tsx';
import { PlatformBadges } from '../../components/platform-badges/platform-badges.tsx';
import { ProgressBar } from '../../components/progress-bar/progress-bar.tsx';
import { TrophyCounts } from '../../components/trophy-counts/trophy-counts.tsx';
import { formatDateTime, formatRelative } from '../../format/dates.ts';
import { TrophyIcon } from '../../components/trophy-icon/trophy-icon.tsx';
import { Link } from '../../router/link.tsx';

export const GameCard = memo(function GameCard({ game }: { game: Game }) {
  const played = game.lastPlayedAt ?? game.lastUpdatedAt;
  const importing = game.syncedAt === null;
  return (
    <li className="game" data-id={game.npCommunicationId} data-importing={importing || undefined}>
      <GameIcon src={game.iconUrl} size={72} />
      <div className="game__body">
        <h2 className="game__name">
          <Link href={`/games/${encodeURIComponent(game.npCommunicationId)}`}>{game.name}</Link>
        </h2>
        <div className="game__meta">
          <PlatformBadges platforms={game.platforms} />
          {game.platinumEarned && (
            <span className="tag tag--platinum" title="Platinum earned">
              <TrophyIcon size={14} /> Platinum
            </span>
          )}
        </div>
        {importing ? (
          <p className="game__importing muted">
            <span className="spinner" aria-hidden="true" /> Trophies still importing
          </p>
        ) : (
          <>
            <ProgressBar value={game.progress} label={`${game.name} progress`} />
            {game.unobtainable > 0 && <p className="game__obtainable muted">{game.obtainableProgress}% of obtainable</p>}
            <TrophyCounts earned={game.earned} defined={game.defined} compact />
          </>
        )}
        <p className="game__played muted">
          {played ? (
            <>
              {game.lastPlayedAt ? 'Played' : 'Last trophy'}{' '}
              <time dateTime={played} title={formatDateTime(played)}>
                {formatRelative(played)}
              </time>
            </>
          ) : (
            'Not played yet'
          )}
          {!importing && ` · ${game.points.earned.toLocaleString()} pts`}
        </p>
      </div>
    </li>
  );
});
