import { SECRET_KEYS } from '@trophyroom/vault';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact.ts';

describe('redactSecrets', () => {
  it('replaces credential values at any depth and keeps the rest', () => {
    expect(redactSecrets({ a: 1, npsso: 'x', nested: [{ access_token: 'y', refreshToken: 'z', name: 'n' }], code: 2240525 })).toEqual({
      a: 1,
      npsso: '[redacted]',
      nested: [{ access_token: '[redacted]', refreshToken: '[redacted]', name: 'n' }],
      code: 2240525,
    });
  });

  it("covers every key the server's logs censor, in any case, whatever the value", () => {
    for (const key of SECRET_KEYS) expect(redactSecrets({ deep: { [key]: 's3cret' } })).toEqual({ deep: { [key]: '[redacted]' } });
    expect(
      redactSecrets({
        headers: { Authorization: 'Bearer abc', Cookie: 'a=b', 'Set-Cookie': ['npsso=abc; Secure', 'x=y'] },
        token: 'abc',
        id_token: 'eyJ',
        session: { id: 'abc' },
        missing: null,
      }),
    ).toEqual({
      headers: { Authorization: '[redacted]', Cookie: '[redacted]', 'Set-Cookie': '[redacted]' },
      token: '[redacted]',
      id_token: '[redacted]',
      session: '[redacted]',
      missing: null,
    });
  });
});
