/**
 * One trophy: icon, type, name and detail (or the mask of a hidden one), rarity and tier, the
 * earned date in local time, and a progress bar for PS5 progress trophies. Fields Sony does
 * not give (PS3/Vita) are simply left out.
 * @module
 */
import { memo, useState } from 'react';
import type { RarityTier, Trophy } from '../../api/types.ts';
import { GameIcon } from '../../components/game-icon/game-icon.tsx';
import { ProgressBar } from '../../components/progress-bar/progress-bar.tsx';
import { TrophyGlyph } from '../../components/trophy-counts/trophy-counts.tsx';
import { formatDateTime } from '../../format/dates.ts';

const tiers: Record<RarityTier, string> = { common: 'Common', rare: 'Rare', veryRare: 'Very rare', ultraRare: 'Ultra rare' };

function numberOf(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

export const TrophyRow = memo(function TrophyRow({
  trophy,
  importing = false,
  onFlag,
}: {
  trophy: Trophy;
  importing?: boolean;
  onFlag?: ((trophyId: number, unobtainable: boolean) => Promise<void>) | undefined;
}) {
  const [busy, setBusy] = useState(false);
  const label = trophy.masked ? `hidden trophy ${trophy.id}` : (trophy.name ?? `trophy ${trophy.id}`);
  const rarity = numberOf(trophy.rarity);
  const target = numberOf(trophy.progressTarget);
  const progress = numberOf(trophy.progress) ?? 0;
  return (
    <li className={`trophy${trophy.earned ? ' trophy--earned' : ''}${trophy.masked ? ' trophy--masked' : ''}`} data-trophy-id={trophy.id}>
      {trophy.masked ? (
        <span className="icon icon--masked" aria-hidden="true">
          ?
        </span>
      ) : (
        <GameIcon src={trophy.iconUrl} size={56} />
      )}
      <div className="trophy__body">
        <p className="trophy__name">
          <TrophyGlyph type={trophy.type} />
          <span className="visually-hidden">{trophy.type} trophy: </span>
          {trophy.name ?? 'Unnamed trophy'}
          {trophy.hidden && !trophy.masked && <span className="tag">Hidden</span>}
        </p>
        {trophy.masked ? (
          <p className="trophy__detail muted">Hidden until earned.</p>
        ) : trophy.detail ? (
          <p className="trophy__detail">{trophy.detail}</p>
        ) : null}
        {target !== null && target > 0 && !trophy.earned && (
          <div className="trophy__progress">
            <ProgressBar value={Math.min(progress, target)} max={target} label={`${trophy.name ?? 'Trophy'} progress`} />
          </div>
        )}
      </div>
      <div className="trophy__side">
        {trophy.earned ? (
          <p className="trophy__earned">
            <span aria-hidden="true">✓ </span>Earned {trophy.earnedAt ? <time dateTime={trophy.earnedAt}>{formatDateTime(trophy.earnedAt)}</time> : null}
            {trophy.withdrawnAt && <span className="trophy__withdrawn"> (PlayStation stopped listing it on {formatDateTime(trophy.withdrawnAt)})</span>}
          </p>
        ) : importing ? null : trophy.unobtainable ? (
          <p className="trophy__unobtainable">
            <span className="tag tag--unobtainable">Unobtainable</span>
            <span className="muted"> {trophy.unobtainable.source === 'manual' ? 'flagged by you' : `from ${trophy.unobtainable.source}`}</span>
          </p>
        ) : (
          <p className="trophy__locked muted">Not earned</p>
        )}
        {onFlag && !trophy.earned && (
          <button
            type="button"
            className="button button--quiet button--small"
            disabled={busy}
            aria-label={trophy.unobtainable ? `Mark ${label} obtainable again` : `Flag ${label} unobtainable`}
            onClick={() => {
              setBusy(true);
              void onFlag(trophy.id, !trophy.unobtainable).finally(() => setBusy(false));
            }}
          >
            {trophy.unobtainable ? 'Obtainable after all' : 'Flag unobtainable'}
          </button>
        )}
        {rarity !== null && (
          <p className={`rarity${trophy.tier ? ` rarity--${trophy.tier}` : ''}`}>
            {rarity.toLocaleString(undefined, { maximumFractionDigits: 1 })}% of players{trophy.tier ? ` · ${tiers[trophy.tier]}` : ''}
          </p>
        )}
      </div>
    </li>
  );
});
