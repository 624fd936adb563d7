/**
 * One small subclass per kind of failure, each with a literal `name` so that guards work across
 * realms and bundles without `instanceof`.
 * @module
 */
import { PsnError, type PsnErrorDetails, type PsnErrorKind } from './psn-error.ts';

/** The NPSSO is not 64 letters and digits (nothing was sent to Sony). */
export class NpssoMalformedError extends PsnError {
  override readonly name = 'NpssoMalformedError';
  constructor(message: string) {
    super('npsso_malformed', message, { endpoint: 'auth.npsso' });
  }
}

/** Sony refused the NPSSO: expired, signed out, or not copied from a signed-in browser session. */
export class NpssoRejectedError extends PsnError {
  override readonly name = 'NpssoRejectedError';
  constructor(details: PsnErrorDetails = {}) {
    super(
      'npsso_rejected',
      'Sony rejected the NPSSO: it has expired or was not copied from a signed-in session. Sign in at playstation.com, open https://ca.account.sony.com/api/v1/ssocookie in the same browser and copy the npsso value again.',
      details,
    );
  }
}

/** The refresh token expired or was revoked: the user must paste a new NPSSO. */
export class RefreshTokenExpiredError extends PsnError {
  override readonly name = 'RefreshTokenExpiredError';
  constructor(details: PsnErrorDetails = {}) {
    super('refresh_expired', 'The PSN refresh token has expired or was revoked; sign in again with a new NPSSO.', details);
  }
}

/** The auth service failed in a way that says nothing about the credentials (5xx, bad answer). */
export class AuthServiceError extends PsnError {
  override readonly name = 'AuthServiceError';
  constructor(message: string, details: PsnErrorDetails = {}) {
    super('auth_service', message, { retryable: true, ...details });
  }
}

/** A data call was refused for its access token (401), even after a refresh. */
export class UnauthorizedError extends PsnError {
  override readonly name = 'UnauthorizedError';
  constructor(message: string, details: PsnErrorDetails = {}) {
    super('unauthorized', message, details);
  }
}

/** Sony found the request malformed (400): a bad id, limit or parameter. */
export class BadRequestError extends PsnError {
  override readonly name = 'BadRequestError';
  constructor(message: string, details: PsnErrorDetails = {}) {
    super('bad_request', message, details);
  }
}

/** The resource does not exist for this account (404). */
export class NotFoundError extends PsnError {
  override readonly name = 'NotFoundError';
  /** What to try, e.g. `npServiceName: 'trophy'` for a PS3/PS4/Vita title. */
  readonly hint: string | undefined;
  constructor(message: string, details: PsnErrorDetails & { hint?: string } = {}) {
    super('not_found', details.hint ? `${message} ${details.hint}` : message, details);
    this.hint = details.hint;
  }
}

/** The account's privacy settings forbid it (403), e.g. another user's private trophies. */
export class ForbiddenError extends PsnError {
  override readonly name = 'ForbiddenError';
  constructor(message: string, details: PsnErrorDetails = {}) {
    super('forbidden', message, details);
  }
}

/** Sony's rate limit (429), or the client's own budget refused to wait that long. */
export class RateLimitError extends PsnError {
  override readonly name = 'RateLimitError';
  /** When requests will be accepted again. */
  readonly retryAt: Date;
  constructor(retryAt: Date, details: PsnErrorDetails = {}) {
    super('rate_limited', `PSN rate limit reached; requests are accepted again at ${retryAt.toISOString()}.`, { retryable: true, ...details });
    this.retryAt = retryAt;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAt: this.retryAt.toISOString() };
  }
}

/** Sony failed (5xx) or its edge answered with an HTML page. */
export class ServerError extends PsnError {
  override readonly name = 'ServerError';
  /** When Sony said to try again (`Retry-After`), if it did. */
  readonly retryAt: Date | undefined;
  /**
   * Sony's edge firewall refused the request (an HTML "Access Denied" 403), usually after a burst:
   * back off — the client does not retry it at once, since requests during a block prolong it.
   */
  readonly edgeBlocked: boolean;
  constructor(message: string, details: PsnErrorDetails & { retryAt?: Date; edgeBlocked?: boolean } = {}) {
    super('server', message, { retryable: true, ...details });
    this.retryAt = details.retryAt;
    this.edgeBlocked = details.edgeBlocked ?? false;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), ...(this.edgeBlocked ? { edgeBlocked: true } : {}) };
  }
}

/** The response was not the JSON the endpoint promises; `path` names the field that failed. */
export class MalformedResponseError extends PsnError {
  override readonly name = 'MalformedResponseError';
  /** Dotted path of the first field that failed validation (`trophyTitles.0.progress`), or '' for invalid JSON. */
  readonly path: string;
  constructor(message: string, path: string, details: PsnErrorDetails = {}) {
    super('malformed_response', message, details);
    this.path = path;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), path: this.path };
  }
}

/** The connection failed before Sony answered. */
export class NetworkError extends PsnError {
  override readonly name = 'NetworkError';
  constructor(message: string, details: PsnErrorDetails = {}) {
    super('network', message, { retryable: true, ...details });
  }
}

/** Sony did not answer within the timeout. */
export class TimeoutError extends PsnError {
  override readonly name = 'TimeoutError';
  constructor(timeoutMs: number, details: PsnErrorDetails = {}) {
    super('timeout', `PSN did not answer within ${timeoutMs} ms.`, { retryable: true, ...details });
  }
}

/**
 * A GraphQL answer that carried `errors` (Sony sends them with HTTP 200). The kind says what went
 * wrong: `bad_request` for an unknown persisted-query hash (`PersistedQueryNotFound`: update the
 * client's `graphqlHashes`), `not_found` for a missing user, `forbidden`, or `server`.
 */
export class GraphqlError extends PsnError {
  override readonly name = 'GraphqlError';
  /** The operation that failed, e.g. `metGetAccount`. */
  readonly operationName: string;
  /** Sony's error messages, in order (`PersistedQueryNotFound`, `User not found`…). */
  readonly messages: string[];
  constructor(kind: PsnErrorKind, message: string, details: PsnErrorDetails & { operationName: string; messages: string[] }) {
    super(kind, message, details);
    this.operationName = details.operationName;
    this.messages = details.messages;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), operationName: this.operationName, messages: this.messages };
  }
}
