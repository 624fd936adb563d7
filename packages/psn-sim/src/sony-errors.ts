/**
 * Sony's error bodies, one builder per shape: the data hosts' `{"error":{referenceId,code,message}}`,
 * the auth host's OAuth shape, the game list's flat shape, and GraphQL's `errors` array. Every
 * error the simulator sends goes through here, so no stack trace ever leaves it.
 * @module
 */

/** Known PSN error codes (psn-reference.md, "Errors and limits"). */
export const psnCodes = {
  badRequest: 2240513,
  resourceNotFound: 2240525,
  accessControl: 2240526,
  userNotFound: 2105356,
  notFound: 2281604,
  invalidAccessToken: 2105857,
  rateLimited: 2138635,
  friendsAccessControl: 2281486,
  profileBadRequest: 2281473,
  gamelistBadRequest: 3239940,
  /** Not recorded from Sony; the simulator's code for injected server errors. */
  internalError: 2240512,
} as const;

export class SonyError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;

  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    super(`PSN ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** Deterministic reference ids: the n-th error of a world always gets the same id. */
export class ReferenceIds {
  #seed: number;
  #n = 0;

  constructor(seed: number) {
    this.#seed = seed >>> 0;
  }

  next(): string {
    this.#n += 1;
    const hex = (k: number) => ((Math.imul(this.#seed ^ (this.#n * 0x9e3779b1), 0x85ebca6b + k) >>> 0) ^ (this.#n * 2654435761 * (k + 1))) >>> 0;
    const h = [hex(1), hex(2), hex(3), hex(4)].map((v) => v.toString(16).padStart(8, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/** Builds thrown Sony errors with a world's reference ids. */
export class SonyErrors {
  readonly ids: ReferenceIds;

  constructor(seed: number) {
    this.ids = new ReferenceIds(seed);
  }

  /** The data hosts' shape. */
  data(status: number, code: number, message: string, headers?: Record<string, string>): SonyError {
    return new SonyError(status, { error: { referenceId: this.ids.next(), code, message } }, headers);
  }

  notFound(message = 'Resource not found'): SonyError {
    return this.data(404, psnCodes.resourceNotFound, message);
  }

  badRequest(what: string): SonyError {
    return this.data(400, psnCodes.badRequest, `Bad Request (${what})`);
  }

  accessControl(): SonyError {
    return this.data(403, psnCodes.accessControl, 'Not permitted by access control');
  }

  invalidToken(): SonyError {
    return this.data(401, psnCodes.invalidAccessToken, 'Invalid access token', { 'www-authenticate': 'Bearer error="invalid_token"' });
  }

  rateLimited(nextAvailableMs: number): SonyError {
    return this.data(429, psnCodes.rateLimited, 'Rate limit exceeded', { 'x-ratelimit-next-available': String(Math.ceil(nextAvailableMs / 1000)) });
  }

  /** The auth host's OAuth shape. */
  oauth(status: number, error: string, description: string, code: number): SonyError {
    return new SonyError(status, { error, error_description: description, error_code: code });
  }
}
