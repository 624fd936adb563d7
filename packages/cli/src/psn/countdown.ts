/**
 * The token countdown in words, as the web UI shows it: green (> 14 days left), amber (≤ 14),
 * red (≤ 2), expired — computed by `countdownOf` of `@trophyroom/vault`, as the server does.
 * @module
 */
import { countdownOf } from '@trophyroom/vault';
import type { Colors } from '../output/color.ts';

export interface CountdownView {
  state: 'green' | 'amber' | 'red' | 'expired';
  daysLeft: number;
  expiresAt: string;
}

export function countdown(refreshTokenExpiresAt: string, now: number): CountdownView {
  return countdownOf(refreshTokenExpiresAt, now);
}

/** Sony's grant in words: "10 days" for 863,999 s, "60 days" for 5,183,999 s (Sony grants a second short of whole days). */
export function grantedText(seconds: number): string {
  const days = Math.round(seconds / 86_400);
  return days >= 1 ? `${days} day${days === 1 ? '' : 's'}` : `${Math.max(1, Math.round(seconds / 3600))} hours`;
}

/** "green — 59 days left (until 2027-01-24)", coloured by state. */
export function describeCountdown(view: CountdownView, c: Colors): string {
  const paint = { green: c.green, amber: c.yellow, red: c.red, expired: c.red }[view.state];
  const date = view.expiresAt.slice(0, 10);
  if (view.state === 'expired') return `${paint('expired')} on ${date} — run \`trophyroom login\` with a fresh NPSSO`;
  // The web UI's badge words: "N days left", "1 day left", "Expires today".
  const days = view.daysLeft === 0 ? 'expires today' : `${view.daysLeft} day${view.daysLeft === 1 ? '' : 's'} left`;
  const advice = view.state === 'red' ? ' — log in again now' : view.state === 'amber' ? ' — log in again soon' : '';
  return `${paint(view.state)} — ${days} (until ${date})${advice}`;
}
