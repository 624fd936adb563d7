/**
 * Helpers for tests of code that talks to the simulator: sign an account in through the real
 * auth flow, and call Sony paths with its token.
 * @module
 */

export const CLIENT_BASIC = 'Basic MDk1MTUxNTktNzIzNy00MzcwLTliNDAtMzgwNmU2N2MwODkxOnVjUGprYTV0bnRCMktxc1A=';
export const SCOPE = 'psn:mobile.v2.core psn:clientapp';

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  id_token: string;
  refresh_token: string;
  refresh_token_expires_in: number;
}

/** POSTs a grant to the token endpoint and returns the raw response. */
export function postToken(fetch: Fetch, baseUrl: string, form: Record<string, string>, authorization = CLIENT_BASIC): Promise<Response> {
  return fetch(`${baseUrl}/api/authz/v3/oauth/token`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token_format: 'jwt', ...form }).toString(),
  });
}

/** Exchanges an NPSSO for tokens with the one-step `sso_token` grant. */
export async function signIn(fetch: Fetch, baseUrl: string, npsso: string): Promise<TokenResponse> {
  const response = await postToken(fetch, baseUrl, { grant_type: 'sso_token', npsso, scope: SCOPE });
  if (response.status !== 200) throw new Error(`sign-in failed with ${response.status}: ${await response.text()}`);
  return (await response.json()) as TokenResponse;
}

/** A GET with a bearer token that returns status, headers and parsed JSON (or the raw text when not JSON). */
export async function get(fetch: Fetch, url: string, token: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  return { status: response.status, headers: response.headers, body: body as any, text };
}
