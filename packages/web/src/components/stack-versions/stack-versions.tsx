/**
 * The versions of a stack (one game's PS3/PS4/PS5/Vita lists), each with its platform, progress
 * and trophies, linking to its own page; the one being looked at (if any) is marked.
 * @module
 */
import type { Stack } from '../../api/types.ts';
import { Link } from '../../router/link.tsx';
import { GameIcon } from '../game-icon/game-icon.tsx';
import { PlatformBadges } from '../platform-badges/platform-badges.tsx';
import { ProgressBar } from '../progress-bar/progress-bar.tsx';
import { TrophyCounts } from '../trophy-counts/trophy-counts.tsx';
import { TrophyIcon } from '../trophy-icon/trophy-icon.tsx';

export function StackVersions({ stack, current }: { stack: Stack; current?: string }) {
  return (
    <ul className="stack-versions" aria-label={`Versions of ${stack.name}`}>
      {stack.versions.map((v) => (
        <li key={v.npCommunicationId} className="stack-version" aria-current={v.npCommunicationId === current ? 'page' : undefined}>
          <GameIcon src={v.iconUrl} size={40} />
          <div className="stack-version__body">
            <div className="game__meta">
              <PlatformBadges platforms={v.platforms} />
              {v.npCommunicationId === current ? (
                <span className="muted">this list</span>
              ) : (
                <Link href={`/games/${encodeURIComponent(v.npCommunicationId)}`}>{`${v.platforms.join('/')} version`}</Link>
              )}
              {v.platinumEarned && (
                <span className="tag tag--platinum" title="Platinum earned">
                  <TrophyIcon size={14} /> Platinum
                </span>
              )}
            </div>
            <ProgressBar value={v.progress} label={`${v.platforms.join('/')} progress`} />
            <TrophyCounts earned={v.earned} defined={v.defined} compact />
          </div>
        </li>
      ))}
    </ul>
  );
}
