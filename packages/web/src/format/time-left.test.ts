import { describe, expect, it } from 'vitest';
import { formatTimeLeft } from './time-left.ts';

describe('the time left in words', () => {
  it('rounds as a person would say it, and says nothing without an estimate', () => {
    expect(formatTimeLeft(null)).toBeNull();
    expect(formatTimeLeft(0)).toBe('less than a minute left');
    expect(formatTimeLeft(59)).toBe('less than a minute left');
    expect(formatTimeLeft(25 * 60)).toBe('about 25 min left');
    expect(formatTimeLeft(14 * 3600 + 20 * 60)).toBe('about 14 h left');
    expect(formatTimeLeft(47.4 * 3600)).toBe('about 47 h left');
    expect(formatTimeLeft(31.5 * 3600 * 4)).toBe('about 5 days left');
  });
});
