/**
 * The token countdown: green (> 14 days), amber (≤ 14), red (≤ 2), expired — with the days in words.
 * @module
 */
import type { Countdown } from '../../api/types.ts';
import { formatDate } from '../../format/dates.ts';

export function countdownText(countdown: Countdown): string {
  if (countdown.state === 'expired') return 'Expired';
  if (countdown.daysLeft === 0) return 'Expires today';
  return `${countdown.daysLeft} ${countdown.daysLeft === 1 ? 'day' : 'days'} left`;
}

export function CountdownBadge({ countdown }: { countdown: Countdown }) {
  return (
    <span className={`badge badge--${countdown.state}`} data-state={countdown.state} title={`Token expires ${formatDate(countdown.expiresAt)}`}>
      <span className="badge__dot" aria-hidden="true" />
      {countdownText(countdown)}
    </span>
  );
}
