/**
 * The one error hierarchy of the client. Every failure is a `PsnError` with a literal `name`, a
 * `kind`, the endpoint it came from, and whether retrying can help; never a token or an NPSSO.
 * @module
 */

export type PsnErrorKind =
  | 'npsso_malformed'
  | 'npsso_rejected'
  | 'refresh_expired'
  | 'auth_service'
  | 'unauthorized'
  | 'bad_request'
  | 'not_found'
  | 'forbidden'
  | 'rate_limited'
  | 'server'
  | 'malformed_response'
  | 'network'
  | 'timeout';

export interface PsnErrorDetails {
  /** Route id of the call, e.g. `trophy.titles`, or `auth.token`. */
  endpoint?: string;
  /** HTTP status, when Sony answered. */
  status?: number;
  /** Sony's error code (`2240525`, `4165`…). */
  code?: number;
  /** Sony's reference id, for support. */
  referenceId?: string;
  /** Whether the same call may succeed if tried again. */
  retryable?: boolean;
  cause?: unknown;
}

/** Base class of every error the client throws. */
export class PsnError extends Error {
  override readonly name: string = 'PsnError';
  readonly kind: PsnErrorKind;
  readonly endpoint: string | undefined;
  readonly status: number | undefined;
  readonly code: number | undefined;
  readonly referenceId: string | undefined;
  readonly retryable: boolean;

  constructor(kind: PsnErrorKind, message: string, details: PsnErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.code = details.code;
    this.referenceId = details.referenceId;
    this.retryable = details.retryable ?? false;
  }

  /** A plain object for logs and JSON: kind, message and context, never a secret. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      endpoint: this.endpoint,
      status: this.status,
      code: this.code,
      referenceId: this.referenceId,
      retryable: this.retryable,
    };
  }
}
