import { describe, expect, it } from 'vitest';
import { caught, startSim } from '../../test/sim-harness.ts';
import { NpssoMalformedError, PsnClient, isPsnError, isReauthRequired, parseNpsso, readNpsso } from '../index.ts';

const NPSSO = 'Abc123xyzABC456defGHI789jklMNO012pqrSTU345vwxYZa678bcdEFG901hijk';

describe('parseNpsso: what a user pastes', () => {
  it('reads the raw 64 characters, the ssocookie JSON, the cookie form, and trims whitespace and quotes', () => {
    expect(NPSSO).toHaveLength(64);
    for (const pasted of [
      NPSSO,
      `{"npsso":"${NPSSO}","expires_in":5183999}`,
      `{\n  "npsso": "${NPSSO}",\n  "expires_in": 5183999\n}\n`,
      `  {"expires_in":1,"npsso":" ${NPSSO} "}  `,
      `npsso=${NPSSO}`,
      `NPSSO=${NPSSO}; Path=/; Secure; HttpOnly`,
      `  ${NPSSO}\n`,
      `"${NPSSO}"`,
      `'${NPSSO}'`,
      ` "${NPSSO}" `,
    ]) {
      expect(parseNpsso(pasted), pasted).toBe(NPSSO);
    }
  });

  it('refuses what cannot be an NPSSO with a message that says why and never echoes the value', () => {
    const cases: Array<[string, RegExp]> = [
      [NPSSO.slice(0, 63), /64 characters long; this one has 63/],
      [`${NPSSO}A`, /64 characters long; this one has 65/],
      [`${NPSSO.slice(0, 63)}-`, /only letters and digits/],
      [`${NPSSO.slice(0, 32)} ${NPSSO.slice(33)}`, /only letters and digits/],
      [`{"npsso":"${NPSSO}"`, /not valid JSON/],
      ['{"expires_in":5183999}', /no "npsso" field/],
      ['{"npsso":42}', /no "npsso" field/],
      [`{"npsso":"${NPSSO.slice(1)}"}`, /this one has 63/],
      ['', /Nothing was pasted/],
      ['  \n', /Nothing was pasted/],
      ['npsso=', /this one has 0/],
    ];
    for (const [pasted, message] of cases) {
      let error: unknown;
      try {
        parseNpsso(pasted);
      } catch (e) {
        error = e;
      }
      expect(error, pasted).toBeInstanceOf(NpssoMalformedError);
      const e = error as NpssoMalformedError;
      expect(e.message).toMatch(message);
      expect(e).toMatchObject({ name: 'NpssoMalformedError', kind: 'npsso_malformed', endpoint: 'auth.npsso', retryable: false, status: undefined });
      expect(isPsnError(e) && isReauthRequired(e)).toBe(true);
      expect(`${e.message}${e.stack}${JSON.stringify(e)}`).not.toContain(NPSSO.slice(0, 32));
    }
  });
});

describe('readNpsso: the same rule for the web UI, as a value', () => {
  it('gives the NPSSO, or the problem and the message the user sees, for each kind of paste', () => {
    expect(readNpsso(` "${NPSSO}"\n`)).toEqual({ ok: true, npsso: NPSSO });
    const cases: Array<[string, string]> = [
      ['', 'empty'],
      [`{"npsso": "${NPSSO}"`, 'invalidJson'],
      ['null', 'wrongLength'],
      ['{"expires_in": 5181380}', 'noNpssoField'],
      [NPSSO.slice(0, 40), 'wrongLength'],
      [`${NPSSO.slice(0, 63)}é`, 'badCharacters'],
    ];
    for (const [pasted, problem] of cases) {
      const reading = readNpsso(pasted);
      expect(reading, pasted).toMatchObject({ ok: false, problem });
      // The same words the client's error carries, and never a piece of the value.
      if (!reading.ok) {
        expect(() => parseNpsso(pasted)).toThrow(reading.message);
        if (pasted.length > 30) expect(reading.message).not.toContain(pasted.slice(10, 30));
      }
    }
  });
});

describe('signing in with each pasted form', () => {
  it('signs in from the raw value, the JSON, the cookie form and a quoted value alike', async () => {
    const h = await startSim();
    const npsso = h.sim.credentialsOf(0).npsso;
    const forms = [npsso, `{"npsso":"${npsso}","expires_in":5183999}`, `npsso=${npsso}; Path=/`, `  "${npsso}"\n`];
    for (const form of forms) {
      const client = await PsnClient.fromNpsso(form, h.options);
      expect((await client.trophies.summary()).accountId).toBe(h.sim.credentialsOf(0).accountId);
    }
    const counts = await h.requests();
    expect(counts.byRoute).toEqual({ 'auth.authorize': forms.length, 'auth.token': forms.length, 'trophy.summary': forms.length });
  });

  it('rejects a malformed NPSSO before sending anything, in both flows', async () => {
    const h = await startSim();
    const npsso = h.sim.credentialsOf(0).npsso;
    for (const flow of ['code', 'sso'] as const) {
      for (const bad of [npsso.slice(0, 63), `${npsso.slice(0, 63)}_`, `{"npsso":"${npsso}"`, `{"npsso":"${npsso}x"}`]) {
        const error = await caught(() => PsnClient.fromNpsso(bad, { ...h.options, flow }));
        expect(error, `${flow}: ${bad}`).toBeInstanceOf(NpssoMalformedError);
      }
    }
    const client = new PsnClient(h.options);
    await expect(client.signIn(' ')).rejects.toBeInstanceOf(NpssoMalformedError);
    expect(client.tokens).toBeUndefined();
    expect((await h.requests()).total).toBe(0);
  });
});

describe('parseNpsso: quoted values with spaces inside the quotes', () => {
  it('trims inside the quotes too', () => {
    const value = 'a'.repeat(32) + 'B'.repeat(32);
    expect(parseNpsso(`" ${value} "`)).toBe(value);
  });
});
