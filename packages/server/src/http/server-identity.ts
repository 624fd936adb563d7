/**
 * Who the server is to a request: the names it answers to, the origin a browser may write from,
 * whether the user's connection is https, and the client's address. They come from the
 * configuration (the public URL) and the address the server listens on; a reverse proxy's
 * `X-Forwarded-*` headers count only with `trustProxy`. The Host header never decides the
 * origin: a DNS-rebinding page reaches a loopback server under a name of its own
 * (https://en.wikipedia.org/wiki/DNS_rebinding), and that name is refused.
 * @module
 */
import { hostname, networkInterfaces } from 'node:os';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export interface ServerIdentityOptions {
  /** Where users reach the server; its origin is the only one that may write. */
  publicUrl?: string | undefined;
  /** Believe `X-Forwarded-Proto`, `-Host` and `-For`. @default false */
  trustProxy?: boolean | undefined;
  /** The machine's addresses, for a server bound to every interface. @default os.networkInterfaces */
  interfaceAddresses?: () => string[];
  /** The machine's name. @default os.hostname */
  machineName?: () => string;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);
/** How often the interface addresses of a wildcard bind are read again after a miss (DHCP). */
const REFRESH_MS = 10_000;

const bracket = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

/** `host[:port]` as a URL writes it (lower case, IPv6 in brackets, no default port), or undefined. */
export function authority(host: string, scheme = 'http'): string | undefined {
  try {
    const url = new URL(`${scheme}://${host}`);
    // A user, a path or a query smuggled into a Host header makes it no name of ours.
    return url.username || url.password || url.pathname !== '/' || url.search || url.hash ? undefined : url.host;
  } catch {
    return undefined;
  }
}

/** The first value of a comma-separated header (a proxy chain's X-Forwarded-Proto/-Host). */
const first = (value: string | undefined) => value?.split(',')[0]?.trim() || undefined;

function machineAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((i) => (i ? [i.address] : []));
}

export class ServerIdentity {
  readonly trustProxy: boolean;
  readonly #public: URL | undefined;
  readonly #interfaceAddresses: () => string[];
  readonly #machineName: () => string;
  #names = new Set<string>();
  #bound: { host: string; port: number } | undefined;
  #refreshedAt = 0;

  constructor(options: ServerIdentityOptions = {}) {
    this.trustProxy = options.trustProxy ?? false;
    this.#public = options.publicUrl ? new URL(options.publicUrl) : undefined;
    this.#interfaceAddresses = options.interfaceAddresses ?? machineAddresses;
    this.#machineName = options.machineName ?? hostname;
  }

  /** Learns the address the server listens on (its port may have been 0 until now). */
  listening(host: string, port: number): void {
    this.#bound = { host, port };
    this.#refresh();
  }

  /** The public URL's origin, if one is configured. */
  get publicOrigin(): string | undefined {
    return this.#public?.origin;
  }

  /** The names a request may address, as `host[:port]` (for messages and tests). */
  get names(): string[] {
    return [...this.#names];
  }

  #refresh(): void {
    const names = new Set<string>();
    const add = (host: string, port?: number, scheme = 'http') => {
      const name = authority(port === undefined ? bracket(host) : `${bracket(host)}:${port}`, scheme);
      if (name) names.add(name);
    };
    if (this.#public) {
      add(this.#public.host, undefined, this.#public.protocol.slice(0, -1));
      // The default port spelled out is the same place.
      add(this.#public.hostname, Number(this.#public.port || (this.#public.protocol === 'https:' ? 443 : 80)));
    }
    if (this.#bound) {
      const { host, port } = this.#bound;
      add(host, port);
      const loopback = host === 'localhost' || host === '::1' || host.startsWith('127.');
      if (loopback) for (const alias of ['localhost', '127.0.0.1', '::1']) add(alias, port);
      if (WILDCARDS.has(host)) {
        for (const address of this.#interfaceAddresses()) add(address, port);
        add('localhost', port);
        add(this.#machineName(), port);
      }
    }
    this.#names = names;
    this.#refreshedAt = Date.now();
  }

  /** Whether the server answers to `host` (a Host header's `name[:port]`). */
  knows(host: string | undefined): boolean {
    const name = host === undefined ? undefined : authority(host);
    if (!name) return false;
    if (this.#names.has(name)) return true;
    // A wildcard bind serves every address the machine has now, which may have changed.
    if (this.#bound && WILDCARDS.has(this.#bound.host) && Date.now() - this.#refreshedAt > REFRESH_MS) {
      this.#refresh();
      return this.#names.has(name);
    }
    return false;
  }

  /** The name the client asked for: a trusted proxy's `X-Forwarded-Host`, else `Host`. */
  requestedHost(c: Context): string | undefined {
    return (this.trustProxy ? first(c.req.header('x-forwarded-host')) : undefined) ?? c.req.header('host');
  }

  /** The scheme the client used: a trusted proxy's `X-Forwarded-Proto`, else http (the server speaks no TLS). */
  #scheme(c: Context): 'http' | 'https' {
    return this.trustProxy && first(c.req.header('x-forwarded-proto'))?.toLowerCase() === 'https' ? 'https' : 'http';
  }

  /**
   * The one origin a browser may write from: the public URL's; without one, the scheme and the
   * requested name, which the host check has already found to be one of the server's own.
   */
  expectedOrigin(c: Context): string {
    if (this.#public) return this.#public.origin;
    const host = authority(this.requestedHost(c) ?? '') ?? 'unknown.invalid';
    return new URL(`${this.#scheme(c)}://${host}`).origin;
  }

  /** Whether cookies get `Secure`: the public URL is https, or a trusted proxy says the client used https. */
  secure(c: Context): boolean {
    return this.#public ? this.#public.protocol === 'https:' : this.#scheme(c) === 'https';
  }

  /**
   * The client's address: with `trustProxy`, the last `X-Forwarded-For` entry (the one the proxy
   * appended; earlier ones are the client's own claims), else the connection's peer.
   */
  clientAddress(c: Context): string {
    if (this.trustProxy) {
      const chain = c.req.header('x-forwarded-for')?.split(',');
      const last = chain?.[chain.length - 1]?.trim();
      if (last) return last;
    }
    try {
      return getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown';
    }
  }
}
