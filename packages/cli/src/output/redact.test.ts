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
});
