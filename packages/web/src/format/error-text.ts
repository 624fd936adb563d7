/**
 * API error codes in plain words: what happened and what to do.
 * @module
 */
import type { ErrorCode } from '@trophyroom/contract';
import { isApiError } from '../api/api-error.ts';

/** By the contract's error codes (a code the server never sends fails the typecheck), and `network`. */
const messages: Partial<Record<ErrorCode | 'network', string>> = {
  npsso_malformed:
    'That doesn’t look like an NPSSO. It is 64 letters and digits: copy the value between the quotes after "npsso": on the ssocookie page, or paste the whole response.',
  npsso_rejected:
    'PlayStation didn’t accept that NPSSO. It has expired or belongs to a signed-out session. Sign in to PlayStation again in the same browser, open the ssocookie page once more and paste the new value.',
  psn_unavailable: 'PlayStation Network isn’t answering right now. Nothing was saved; please try again in a few minutes.',
  psn_reconnect_required:
    'PlayStation no longer accepts this connection: the token expired or was signed out. Connect again with a fresh NPSSO in Settings → Connected accounts.',
  psn_rate_limited: 'PlayStation Network asked Trophyroom to slow down. Nothing was lost; please try again in a few minutes.',
  psn_refused: 'PlayStation Network refused the request. Please try again later; if it keeps happening, connect again with a fresh NPSSO.',
  unknown_titles: 'Some of the chosen games are no longer in your PlayStation trophy list. Reload the picker and choose again.',
  invalid_cursor: 'The list changed while you were scrolling. Reload the page to start from the top.',
  invalid_credentials: 'That username and password don’t match. Check them and try again.',
  username_taken: 'That username is already taken. Pick another one.',
  signup_closed: 'Sign-up is closed on this Trophyroom. Ask its admin for an account.',
  too_many_attempts: 'Too many attempts. Wait a minute, then try again.',
  unauthenticated: 'Your session has ended. Please sign in again.',
  not_connected: 'No PlayStation account is connected yet. Connect one in Settings.',
  not_found: 'That page doesn’t exist (any more).',
  origin_mismatch: 'The request came from another site and was refused. Reload the page and try again.',
  network: 'Trophyroom could not be reached. Check your connection and try again.',
  internal: 'Something went wrong on the server. Please try again.',
};

export function errorText(error: unknown): string {
  if (!isApiError(error)) return error instanceof Error ? error.message : 'Something went wrong. Please try again.';
  if (error.code === 'invalid_request') {
    const issues = (error.details as { issues?: Array<{ path?: unknown; message?: string }> } | undefined)?.issues;
    const first = issues?.[0];
    if (first?.message) return `${Array.isArray(first.path) && first.path.length > 0 ? `${first.path.join('.')}: ` : ''}${first.message}`;
    return error.message;
  }
  return messages[error.code as ErrorCode] ?? error.message;
}
