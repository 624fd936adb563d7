/**
 * Security headers on every response (Hono's `secureHeaders`): a Content-Security-Policy the
 * built web UI runs under, no framing (`frame-ancestors 'none'` and `X-Frame-Options: DENY`),
 * `nosniff`, and referrers only within the site.
 * @module
 */
import { secureHeaders } from 'hono/secure-headers';

/**
 * What the built UI loads: its own script and stylesheet (Vite emits no inline ones), images from
 * its own origin (game and trophy icons too: the API names them `/api/images/…`, fetched from Sony
 * by the server, so the player's browser never reaches Sony) and `data:` (the favicon), and
 * `fetch`/`EventSource` to its own API. Nothing else, and no plugins, `<base>` or foreign form targets.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * The shared profile's pages (`/u/{token}`): the same policy, but images from our own origin only —
 * their icons are served under the share, so a visitor's browser has no reason to reach Sony.
 */
export const SHARED_PAGE_CONTENT_SECURITY_POLICY = { ...CONTENT_SECURITY_POLICY, imgSrc: ["'self'"] };

/** @param contentSecurityPolicy @default CONTENT_SECURITY_POLICY */
export function securityHeaders(contentSecurityPolicy = CONTENT_SECURITY_POLICY) {
  return secureHeaders({
    contentSecurityPolicy,
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    // HSTS is the TLS terminator's to send (the server speaks plain HTTP); a wrong one locks a name to https for months.
    strictTransportSecurity: false,
    // A route may set one of these itself (the shared profile's image card may be embedded elsewhere).
    overwrite: false,
  });
}
