import { describe, expect, it } from 'vitest';
import { checkNpsso } from '../src/npsso/parse-npsso.ts';

const NPSSO = `uZBsLT${'a1B2c3D4'.repeat(6)}q1w2e3EpEs`;

describe('checkNpsso', () => {
  it('accepts the raw value, quoted or padded', () => {
    expect(NPSSO).toHaveLength(64);
    expect(checkNpsso(NPSSO)).toEqual({ ok: true, npsso: NPSSO });
    expect(checkNpsso(`  "${NPSSO}"\n`)).toEqual({ ok: true, npsso: NPSSO });
  });

  it('accepts the whole ssocookie JSON and a cookie line', () => {
    expect(checkNpsso(JSON.stringify({ npsso: NPSSO, expires_in: 5181380 }))).toEqual({ ok: true, npsso: NPSSO });
    expect(checkNpsso(`{\n  "npsso": "${NPSSO}",\n  "expires_in": 5181380\n}`)).toEqual({ ok: true, npsso: NPSSO });
    expect(checkNpsso(`npsso=${NPSSO}; Path=/`)).toEqual({ ok: true, npsso: NPSSO });
  });

  it('explains what is wrong, without echoing the value', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /Paste your NPSSO/],
      [NPSSO.slice(0, 40), /64 characters long; this one has 40/],
      [`${NPSSO}x`, /this one has 65/],
      [`${NPSSO.slice(0, 63)}-`, /only letters and digits/],
      [`{"npsso": "${NPSSO}"`, /cut off/],
      ['{"expires_in": 5181380}', /no "npsso" field/],
    ];
    for (const [input, message] of cases) {
      const result = checkNpsso(input);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.message).toMatch(message);
        if (input.length > 20) expect(result.message).not.toContain(input.slice(10, 30));
      }
    }
  });
});
