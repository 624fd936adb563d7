/**
 * Earned trophies by type: "12 bronze · 3 silver …", each with its colour and a text label
 * (colour is never the only cue). With `defined`, shows earned/defined.
 * @module
 */
import type { TrophyCounts as Counts, TrophyType } from '../../api/types.ts';

const types: TrophyType[] = ['platinum', 'gold', 'silver', 'bronze'];

export function TrophyCounts({ earned, defined, compact = false }: { earned: Counts; defined?: Counts; compact?: boolean }) {
  return (
    <ul className={`counts${compact ? ' counts--compact' : ''}`} aria-label="Trophies earned">
      {types
        .filter((type) => !defined || defined[type] > 0 || earned[type] > 0)
        .map((type) => (
          <li key={type} className={`count count--${type}`}>
            <TrophyGlyph type={type} />
            <span className="count__value">
              {earned[type]}
              {defined ? <span className="count__of">/{defined[type]}</span> : null}
            </span>
            <span className={compact ? 'visually-hidden' : 'count__label'}> {type}</span>
          </li>
        ))}
    </ul>
  );
}

export function TrophyGlyph({ type }: { type: TrophyType }) {
  return <span className={`glyph glyph--${type}`} aria-hidden="true" />;
}
