/**
 * A labelled progress bar (role="progressbar"), value 0–100 unless `max` says otherwise.
 * @module
 */

export function ProgressBar({ value, max = 100, label, showValue = true }: { value: number; max?: number; label: string; showValue?: boolean }) {
  const safeMax = max > 0 ? max : 1;
  const clamped = Math.min(Math.max(value, 0), safeMax);
  const percent = Math.round((clamped / safeMax) * 100);
  return (
    <div className="progress">
      <div
        className="progress__track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={safeMax}
        aria-valuenow={clamped}
        aria-valuetext={max === 100 ? `${percent}%` : `${clamped} of ${max}`}
      >
        <div className={`progress__fill${percent >= 100 ? ' progress__fill--full' : ''}`} style={{ width: `${percent}%` }} />
      </div>
      {showValue && <span className="progress__value">{max === 100 ? `${percent}%` : `${clamped}/${max}`}</span>}
    </div>
  );
}
