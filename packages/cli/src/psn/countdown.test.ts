import { describe, expect, it } from 'vitest';
import { plain } from '../output/color.ts';
import { countdown, describeCountdown } from './countdown.ts';

const DAY = 86_400_000;
const now = Date.parse('2026-11-01T12:00:00Z');
const at = (days: number) => new Date(now + days * DAY).toISOString();

describe('the token countdown in words (the web UI badge: green > 14 days, amber ≤ 14, red ≤ 2, expired)', () => {
  it('says the state, the days left and what to do', () => {
    // A part of a day counts as a day (Sony's 863,999-second token is "10 days").
    expect(describeCountdown(countdown(at(59.5), now), plain)).toBe('green — 60 days left (until 2026-12-31)');
    expect(describeCountdown(countdown(at(14), now), plain)).toBe('amber — 14 days left (until 2026-11-15) — log in again soon');
    expect(describeCountdown(countdown(at(1.5), now), plain)).toBe('red — 2 days left (until 2026-11-03) — log in again now');
    expect(describeCountdown(countdown(at(0.5), now), plain)).toBe('red — 1 day left (until 2026-11-02) — log in again now');
    expect(describeCountdown(countdown(at(-1), now), plain)).toBe('expired on 2026-10-31 — run `trophyroom login` with a fresh NPSSO');
  });
});
