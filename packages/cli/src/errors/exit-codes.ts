/**
 * Exit codes a script can act on, and the one-line message a person can act on, for every error
 * a command can meet. Never a token or an NPSSO: messages come from the client's errors, which
 * carry none, or from the CLI's own.
 * @module
 */
import { CliError, type ExitCode } from './cli-error.ts';

export const EXIT = {
  ok: 0,
  /** Something unexpected (a bug, a malformed answer from Sony). */
  unexpected: 1,
  /** Bad input or usage: unknown option, malformed NPSSO, unknown title or user, private trophies. */
  usage: 2,
  /** Authentication: not logged in, NPSSO rejected, token expired or revoked. */
  auth: 3,
  /** Sony's rate limit, after waiting as long as allowed. */
  rateLimited: 4,
  /** Sony unreachable, timing out, or answering 5xx. */
  unavailable: 5,
  /** Interrupted by Ctrl-C (SIGINT) or SIGTERM. */
  interrupted: 130,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0    ok
  1    unexpected error
  2    bad input or usage (unknown option, malformed NPSSO, unknown title or user, private trophies)
  3    authentication (not logged in, NPSSO rejected, token expired or revoked: run \`trophyroom login\`)
  4    rate limited by Sony (try again later; \`export\` resumes)
  5    Sony unreachable or failing (network, timeout, 5xx)
  130  interrupted (Ctrl-C)`;

interface PsnLike {
  kind: string;
  message: string;
  name: string;
}

function isPsnLike(error: unknown): error is PsnLike {
  return typeof error === 'object' && error !== null && typeof (error as PsnLike).kind === 'string' && typeof (error as PsnLike).message === 'string';
}

export function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && ((error as Error).name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR');
}

/** The exit code for an error. */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (isAbort(error)) return EXIT.interrupted;
  if (isPsnLike(error)) {
    switch (error.kind) {
      case 'npsso_malformed':
      case 'bad_request':
      case 'not_found':
      case 'forbidden':
        return EXIT.usage;
      case 'npsso_rejected':
      case 'refresh_expired':
      case 'unauthorized':
        return EXIT.auth;
      case 'rate_limited':
        return EXIT.rateLimited;
      case 'server':
      case 'network':
      case 'timeout':
      case 'auth_service':
        return EXIT.unavailable;
      default:
        return EXIT.unexpected;
    }
  }
  return EXIT.unexpected;
}

/** One line a person can act on. */
export function messageOf(error: unknown): string {
  if (error instanceof CliError) return error.message;
  if (isAbort(error)) return 'Interrupted.';
  if (isPsnLike(error)) {
    switch (error.kind) {
      case 'refresh_expired':
      case 'unauthorized':
        return `${error.message} Run \`trophyroom login\` with a fresh NPSSO.`;
      case 'auth_service':
        // Sony's sign-in failing says nothing about the login: keep it, and try again (never "log in again").
        return `${error.message} Your login is kept and nothing needs reconnecting; try again later.`;
      case 'server':
        if ((error as { edgeBlocked?: boolean }).edgeBlocked) return `${error.message} Your login is fine; \`export\` resumes where it stopped.`;
        return `${error.message} Sony is failing for now; try again later.`;
      case 'malformed_response':
        return `${error.message} Sony's answer was not what its API promises; if it persists, please report it.`;
      case 'rate_limited':
        return `${error.message} Try again then.`;
      case 'network':
      case 'timeout':
        return `${error.message} Check your connection (or --base-url) and try again.`;
      default:
        return error.message;
    }
  }
  if (error instanceof Error) return `Unexpected error: ${error.message}`;
  return `Unexpected error: ${String(error)}`;
}
