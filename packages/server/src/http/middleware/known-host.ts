/**
 * DNS-rebinding defence: a request must address the server by one of its own names (the public
 * URL's, or the address it listens on). A page on `evil.example` whose DNS answer turns into
 * 127.0.0.1 reaches a loopback server with `Host: evil.example`, and is refused here before any
 * route (the open sign-up of a fresh instance included) or file is served.
 * @module
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import type { ServerIdentity } from '../server-identity.ts';

/** A name worth quoting back: a plain `host[:port]`, short. */
const quotable = (host: string | undefined) => (host && /^[\w.[\]:-]{1,100}$/.test(host) ? host : undefined);

export function knownHost(identity: ServerIdentity, options: { except?: readonly string[] } = {}): MiddlewareHandler {
  const except = new Set(options.except ?? []);
  return async (c, next) => {
    const host = identity.requestedHost(c);
    if (!except.has(c.req.path) && !identity.knows(host)) {
      const name = quotable(host);
      throw new ApiError(
        421,
        'unknown_host',
        `This server does not answer to ${name ? `"${name}"` : 'that name'}: it refuses names that are not its own, so that no web page can reach it through a DNS name of its own. If that is how people reach it, set its public URL (--public-url or TROPHYROOM_PUBLIC_URL${name ? `, e.g. https://${name}` : ''}).`,
      );
    }
    await next();
  };
}
