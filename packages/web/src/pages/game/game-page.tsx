/**
 * One game: trophy %, the breakdown by type, the platinum, then each group (base game, DLC)
 * with its own progress and its trophies. Hidden trophies stay masked until earned unless the
 * user reveals them (`?reveal=true`, kept in the URL).
 * @module
 */
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { GameDetail } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';
import { GameIcon } from '../../components/game-icon/game-icon.tsx';
import { PlatformBadges } from '../../components/platform-badges/platform-badges.tsx';
import { ProgressBar } from '../../components/progress-bar/progress-bar.tsx';
import { Spinner } from '../../components/spinner/spinner.tsx';
import { TrophyCounts } from '../../components/trophy-counts/trophy-counts.tsx';
import { formatDateTime, formatRelative } from '../../format/dates.ts';
import { TrophyIcon } from '../../components/trophy-icon/trophy-icon.tsx';
import { Link } from '../../router/link.tsx';
import { navigate } from '../../router/router.ts';
import { GroupSection } from './group-section.tsx';
import { StackPanel } from './stack-panel.tsx';

export function GamePage({ id, reveal }: { id: string; reveal: boolean }) {
  const [detail, setDetail] = useState<GameDetail | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    api.game(id, reveal).then(
      (answer) => live && setDetail(answer),
      (caught: unknown) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, [id, reveal]);

  if (error)
    return (
      <section className="page--narrow">
        <p>
          <Link href="/">← Library</Link>
        </p>
        <ErrorMessage error={error} />
      </section>
    );
  if (!detail || detail.game.npCommunicationId !== id) return <Spinner label="Loading trophies…" />;

  const { game, groups } = detail;
  // Flag or unflag, then read the game again: its progress "of obtainable" comes from the server.
  const flag = async (trophyId: number, unobtainable: boolean) => {
    try {
      if (unobtainable) await api.flagUnobtainable(id, trophyId);
      else await api.unflagUnobtainable(id, trophyId);
      setDetail(await api.game(id, reveal));
    } catch (caught) {
      setError(caught);
    }
  };
  const hiddenCount = groups.reduce((sum, group) => sum + group.trophies.filter((trophy) => trophy.hidden && !trophy.earned).length, 0);
  const played = game.lastPlayedAt ?? game.lastUpdatedAt;
  const earnedTotal = game.earned.bronze + game.earned.silver + game.earned.gold + game.earned.platinum;
  const definedTotal = game.defined.bronze + game.defined.silver + game.defined.gold + game.defined.platinum;
  const importing = game.syncedAt === null;

  return (
    <article className="game-detail">
      <p className="back">
        <Link href="/">← Library</Link>
      </p>
      <header className="game-detail__head card">
        <GameIcon src={game.iconUrl} size={120} />
        <div className="game-detail__title">
          <h1>{game.name}</h1>
          <div className="game__meta">
            <PlatformBadges platforms={game.platforms} />
            {game.hasPlatinum &&
              !importing &&
              (game.platinumEarned ? (
                <span className="tag tag--platinum">
                  <TrophyIcon size={14} /> Platinum earned
                </span>
              ) : (
                <span className="tag">Platinum not earned yet</span>
              ))}
          </div>
          {game.goneFromPsnAt && (
            <p className="callout callout--info history-mark">
              PlayStation no longer lists this game (since {formatDateTime(game.goneFromPsnAt)}): what it said before is kept here.
            </p>
          )}
          {game.countsDroppedAt && (
            <p className="callout callout--info history-mark">
              PlayStation reported fewer earned trophies on {formatDateTime(game.countsDroppedAt)}: the trophies earned before are kept, marked.
            </p>
          )}
          {!importing && <ProgressBar value={game.progress} label="Trophy progress" />}
          {!importing && game.unobtainable > 0 && (
            <p className="obtainable">
              {game.progress}% · <strong>{game.obtainableProgress}% of obtainable</strong> ({game.unobtainable} flagged unobtainable)
            </p>
          )}
          <p className="muted">
            {importing
              ? `${definedTotal} trophies · ${game.points.total.toLocaleString()} points`
              : `${earnedTotal} of ${definedTotal} trophies · ${game.points.earned.toLocaleString()} of ${game.points.total.toLocaleString()} points`}
            {played && (
              <>
                {' · '}
                {game.lastPlayedAt ? 'played' : 'last trophy'}{' '}
                <time dateTime={played} title={formatDateTime(played)}>
                  {formatRelative(played)}
                </time>
              </>
            )}
          </p>
          {!importing && <TrophyCounts earned={game.earned} defined={game.defined} />}
        </div>
      </header>

      <StackPanel id={id} />

      {importing && (
        <p className="callout callout--info importing-note" role="status">
          Your trophies for this game are still importing. Which ones you earned shows here once the import reaches it.
        </p>
      )}

      {hiddenCount > 0 || reveal ? (
        <label className="check reveal">
          <input
            type="checkbox"
            checked={reveal}
            onChange={(event) => navigate(`/games/${encodeURIComponent(id)}${event.target.checked ? '?reveal=true' : ''}`, { replace: true })}
          />
          Reveal hidden trophies{hiddenCount > 0 && !importing ? ` (${hiddenCount} not earned yet)` : ''}
        </label>
      ) : null}

      {groups.map((group) => (
        <GroupSection key={group.id} group={group} single={groups.length === 1} importing={importing} onFlag={importing ? undefined : flag} />
      ))}
    </article>
  );
}
