import {
  AuthServiceError,
  ForbiddenError,
  NetworkError,
  NpssoMalformedError,
  NpssoRejectedError,
  RateLimitError,
  RefreshTokenExpiredError,
  ServerError,
} from '@trophyroom/psn';
import { describe, expect, it } from 'vitest';
import { AuthRequiredError, UsageError } from './cli-error.ts';
import { EXIT, exitCodeOf, messageOf } from './exit-codes.ts';

describe('exit codes', () => {
  it('maps every kind of failure to the code a script can act on', () => {
    expect(exitCodeOf(new UsageError('x'))).toBe(EXIT.usage);
    expect(exitCodeOf(new AuthRequiredError('x'))).toBe(EXIT.auth);
    expect(exitCodeOf(new NpssoMalformedError('x'))).toBe(EXIT.usage);
    expect(exitCodeOf(new NpssoRejectedError())).toBe(EXIT.auth);
    expect(exitCodeOf(new RefreshTokenExpiredError())).toBe(EXIT.auth);
    expect(exitCodeOf(new ForbiddenError('x'))).toBe(EXIT.usage);
    expect(exitCodeOf(new RateLimitError(new Date(0)))).toBe(EXIT.rateLimited);
    expect(exitCodeOf(new ServerError('x'))).toBe(EXIT.unavailable);
    expect(exitCodeOf(new NetworkError('x'))).toBe(EXIT.unavailable);
    expect(exitCodeOf(new AuthServiceError('x'))).toBe(EXIT.unavailable);
    expect(exitCodeOf(new DOMException('stop', 'AbortError'))).toBe(EXIT.interrupted);
    expect(exitCodeOf(new TypeError('bug'))).toBe(EXIT.unexpected);
  });
  it('says what to do next', () => {
    expect(messageOf(new RefreshTokenExpiredError())).toMatch(/trophyroom login/);
    expect(messageOf(new NetworkError('no route.'))).toMatch(/--base-url/);
    expect(messageOf(new TypeError('bug'))).toBe('Unexpected error: bug');
  });
});
