/**
 * The CLI's own errors: a message a person can act on and the exit code that goes with it.
 * @module
 */
import type { EXIT } from './exit-codes.ts';

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  override readonly name: string = 'CliError';
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Bad input or usage (exit 2). */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super(message, 2);
  }
}

/** Not logged in, or the stored login cannot be used (exit 3). */
export class AuthRequiredError extends CliError {
  override readonly name = 'AuthRequiredError';
  constructor(message: string) {
    super(message, 3);
  }
}
