/**
 * The token countdown the UI shows: green (> 14 days left), amber (≤ 14), red (≤ 2), expired —
 * from the refresh token's absolute expiry.
 * @module
 */

export type CountdownState = 'green' | 'amber' | 'red' | 'expired';

export interface Countdown {
  state: CountdownState;
  /**
   * Days left, counting a part of a day as a day (a 10-day token — Sony's 863,999 s — shows 10, not
   * 9), so `daysLeft ≤ 14` exactly when the state is amber or worse; 0 after expiry.
   */
  daysLeft: number;
  expiresAt: string;
}

const DAY = 86_400_000;

export function countdownOf(refreshExpiresAt: string, now: number): Countdown {
  const left = Date.parse(refreshExpiresAt) - now;
  const daysLeft = Math.max(0, Math.ceil(left / DAY));
  const state: CountdownState = left <= 0 ? 'expired' : left <= 2 * DAY ? 'red' : left <= 14 * DAY ? 'amber' : 'green';
  return { state, daysLeft, expiresAt: refreshExpiresAt };
}

/** A refresh token this much shorter than Sony's 60 days at connect time came from an old browser session. */
export const SHORT_TOKEN_DAYS = 30;
