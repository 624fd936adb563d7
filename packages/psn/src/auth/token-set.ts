/**
 * The tokens of a signed-in account, with absolute expiries (epoch ms) so they can be stored and
 * compared with any clock.
 * @module
 */

export interface TokenSet {
  accessToken: string;
  /** When the access token stops working (epoch ms). */
  accessTokenExpiresAt: number;
  refreshToken: string;
  /** When the refresh token stops working (epoch ms); after it, a new NPSSO is needed. */
  refreshTokenExpiresAt: number;
  /**
   * The refresh token's life in seconds as Sony stated it in the answer that produced this set: on
   * sign-in, what Sony granted (it varies: 863,999 s and 5,183,999 s are both recorded); after a
   * refresh, what was left. Absent in sets stored by older versions.
   */
  refreshTokenExpiresIn?: number;
  idToken?: string;
  scope: string;
  tokenType: string;
}

/** Sony's token response, as the auth host sends it. */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  id_token?: string;
  refresh_token: string;
  refresh_token_expires_in: number;
}

/** Turns relative lifetimes into absolute expiries at `now`. */
export function toTokenSet(response: TokenResponse, now: number): TokenSet {
  return {
    accessToken: response.access_token,
    accessTokenExpiresAt: now + response.expires_in * 1000,
    refreshToken: response.refresh_token,
    refreshTokenExpiresAt: now + response.refresh_token_expires_in * 1000,
    refreshTokenExpiresIn: response.refresh_token_expires_in,
    ...(response.id_token ? { idToken: response.id_token } : {}),
    scope: response.scope,
    tokenType: response.token_type,
  };
}
