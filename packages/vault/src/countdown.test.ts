import { describe, expect, it } from 'vitest';
import { countdownOf } from './countdown.ts';

const DAY = 86_400_000;

describe('countdownOf', () => {
  it('is green past 14 days, amber to 2, red to the end, then expired', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const at = (days: number) => countdownOf(new Date(now + days * DAY).toISOString(), now);
    expect(at(59)).toMatchObject({ state: 'green', daysLeft: 59 });
    expect(at(14)).toMatchObject({ state: 'amber', daysLeft: 14 });
    expect(at(2)).toMatchObject({ state: 'red', daysLeft: 2 });
    expect(at(0.5)).toMatchObject({ state: 'red', daysLeft: 1 });
    // Sony's 10-day grant is 863,999 s: it shows as 10 days, and a 60-day one (5,183,999 s) as 60.
    expect(countdownOf(new Date(now + 863_999_000).toISOString(), now)).toMatchObject({ state: 'amber', daysLeft: 10 });
    expect(countdownOf(new Date(now + 5_183_999_000).toISOString(), now)).toMatchObject({ state: 'green', daysLeft: 60 });
    expect(at(14.01)).toMatchObject({ state: 'green', daysLeft: 15 });
    expect(at(0)).toMatchObject({ state: 'expired', daysLeft: 0 });
    expect(at(-3)).toMatchObject({ state: 'expired', daysLeft: 0 });
  });
});
