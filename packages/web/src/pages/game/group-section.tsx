/**
 * A trophy group (the base game or one DLC) with its own progress and its trophies.
 * @module
 */
import type { TrophyGroup } from '../../api/types.ts';
import { GameIcon } from '../../components/game-icon/game-icon.tsx';
import { ProgressBar } from '../../components/progress-bar/progress-bar.tsx';
import { TrophyCounts } from '../../components/trophy-counts/trophy-counts.tsx';
import { TrophyRow } from './trophy-row.tsx';

/** `importing`: the earned trophies are not fetched yet, so no progress and no "Not earned". */
export function GroupSection({
  group,
  single,
  importing = false,
  onFlag,
}: {
  group: TrophyGroup;
  single: boolean;
  importing?: boolean;
  /** Flags a trophy unobtainable (true) or takes the flag off. */
  onFlag?: ((trophyId: number, unobtainable: boolean) => Promise<void>) | undefined;
}) {
  const flagged = group.trophies.some((t) => t.unobtainable && !t.earned);
  const base = group.id === 'default';
  const title = base ? (single ? 'Trophies' : 'Base game') : (group.name ?? `Add-on ${group.id}`);
  const headingId = `group-${group.id}`;
  return (
    <section className="group card" aria-labelledby={headingId} data-group={group.id}>
      <header className="group__head">
        {!base && <GameIcon src={group.iconUrl} size={48} />}
        <div className="group__title">
          <h2 id={headingId}>
            {title}
            {!base && <span className="tag">DLC</span>}
          </h2>
          {!base && group.detail ? <p className="muted">{group.detail}</p> : null}
        </div>
        {!importing && (
          <div className="group__progress">
            <ProgressBar value={group.progress} label={`${title} progress`} />
            {flagged && <p className="obtainable muted">{group.obtainableProgress}% of obtainable</p>}
            <TrophyCounts earned={group.earned} defined={group.defined} compact />
          </div>
        )}
      </header>
      <ul className="trophies" aria-label={`${title} trophies`}>
        {group.trophies.map((trophy) => (
          <TrophyRow key={trophy.id} trophy={trophy} importing={importing} onFlag={onFlag} />
        ))}
      </ul>
    </section>
  );
}
