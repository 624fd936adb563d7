/**
 * One title in the picker: a checkbox whose label carries icon, name, platforms, progress and counts.
 * @module
 */
import { memo } from 'react';
import type { PickerEntry } from '../../api/types.ts';
import { GameIcon } from '../../components/game-icon/game-icon.tsx';
import { PlatformBadges } from '../../components/platform-badges/platform-badges.tsx';
import { ProgressBar } from '../../components/progress-bar/progress-bar.tsx';
import { TrophyCounts } from '../../components/trophy-counts/trophy-counts.tsx';
import { formatDateTime, formatPlayTime, formatRelative } from '../../format/dates.ts';

export const PickerRow = memo(function PickerRow({
  entry,
  checked,
  onToggle,
  onFirst,
}: {
  entry: PickerEntry;
  checked: boolean;
  onToggle: (id: string, on: boolean) => void;
  /** While an import runs: fetch this game next ("this game first"). */
  onFirst?: ((id: string) => void) | undefined;
}) {
  const id = `pick-${entry.npCommunicationId}`;
  const played = entry.lastPlayedAt ?? entry.lastUpdatedAt;
  return (
    <li className={`pick${checked ? ' pick--on' : ''}`} data-id={entry.npCommunicationId}>
      <input id={id} type="checkbox" className="pick__check" checked={checked} onChange={(event) => onToggle(entry.npCommunicationId, event.target.checked)} />
      <label htmlFor={id} className="pick__label">
        <GameIcon src={entry.iconUrl} size={56} />
        <span className="pick__main">
          <span className="pick__name">{entry.name}</span>
          <span className="pick__meta">
            <PlatformBadges platforms={entry.platforms} />
            {entry.preselected && <span className="tag tag--recent">Recently played</span>}
            {entry.picked && <span className="tag">In library</span>}
            <span className="muted" title={played ? formatDateTime(played) : undefined}>
              {entry.lastPlayedAt ? 'Played' : 'Last trophy'} {formatRelative(played)}
              {entry.playSeconds ? ` · ${formatPlayTime(entry.playSeconds)}` : ''}
            </span>
          </span>
        </span>
        <span className="pick__progress">
          <ProgressBar value={entry.progress} label={`${entry.name} progress`} />
          <TrophyCounts earned={entry.earned} defined={entry.defined} compact />
        </span>
      </label>
      {onFirst && checked && (
        <button type="button" className="button button--quiet pick__first" onClick={() => onFirst(entry.npCommunicationId)}>
          Import first
        </button>
      )}
    </li>
  );
});
