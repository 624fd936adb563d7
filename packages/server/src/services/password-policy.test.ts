import { describe, expect, it } from 'vitest';
import { passwordWeakness } from './password-policy.ts';

describe('passwordWeakness', () => {
  it('refuses what is guessed first, and says why without repeating the password', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['aaaaaaaa', 'ana', /at least 10/],
      ['aaaaaaaaaa', 'ana', /repeats/],
      ['ab12ab12ab12', 'ana', /repeats/],
      ['abcdefghijk', 'ana', /sequence/],
      ['0987654321', 'ana', /sequence/],
      ['a123456789', 'ana', /sequence/],
      ['1qaz2wsx3edc', 'ana', /sequence/],
      ['asdfghjkl;', 'ana', /sequence/],
      ['password123', 'ana', /common/],
      ['P@$$w0rd!2024', 'ana', /common/],
      ['Football#1994', 'ana', /common/],
      ['playstation5', 'ana', /PlayStation/],
      ['Kratos_1234', 'kratos', /username/],
      ['2024Kratos2024', 'kratos', /username/],
      ['kratospassword', 'kratos', /username/],
    ];
    for (const [password, username, reason] of cases) {
      const why = passwordWeakness(password, username);
      expect(why, password).toMatch(reason);
      expect(why).not.toContain(password);
    }
  });

  it('takes passphrases, long random strings and passwords that merely contain a name', () => {
    for (const password of [
      'correct horse battery',
      'violet harbour kettle',
      'summer winter autumn spring',
      'k8#Qz!p2Lw',
      '8472936150',
      'kratos sails to the north',
    ])
      expect(passwordWeakness(password, 'kratos'), password).toBeUndefined();
  });
});
