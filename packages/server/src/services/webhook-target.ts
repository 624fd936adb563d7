/**
 * Where a webhook may send (no server-side request forgery): an http(s) URL whose host resolves
 * only to public addresses — never loopback, private, link-local, shared (CGNAT), multicast,
 * reserved or documentation ranges, in IPv4 or IPv6 (IPv4-mapped, NAT64 and 6to4 addresses are
 * judged by the IPv4 address inside) — unless the operator allows private targets. The check runs
 * when a hook is saved and again at every delivery, on the DNS answer of that moment, and the
 * delivery connects to the address that was checked (a second lookup could answer otherwise).
 * @module
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Resolves a host name to its addresses (injectable: tests answer as a hostile DNS would). */
export type Resolve = (host: string) => Promise<Array<{ address: string; family: 4 | 6 }>>;

export const systemResolve: Resolve = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** A hook URL that may not be used, with why. */
export class WebhookTargetError extends Error {
  override readonly name = 'WebhookTargetError';
}

const v4 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (CGNAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  v4.addSubnet(net, bits, 'ipv4');

const v6 = new BlockList();
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (private)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still private)
  ['ff00::', 8], // multicast
] as const)
  v6.addSubnet(net, bits, 'ipv6');

/** The 8 groups of an IPv6 address (dotted IPv4 tails included). */
function groups(address: string): number[] {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = (dotted[1] as string).split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => Number.parseInt(g || '0', 16));
}

const v4Of = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/** The IPv4 address an IPv6 one carries (mapped, NAT64, 6to4, IPv4-compatible), if any. */
function embeddedV4(address: string): string | undefined {
  const g = groups(address);
  if (g.length !== 8) return undefined;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return v4Of(g[6] as number, g[7] as number); // ::ffff:a.b.c.d
  if (zeros(0, 6) && (g[6] !== 0 || (g[7] as number) > 1)) return v4Of(g[6] as number, g[7] as number); // ::a.b.c.d (deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4Of(g[6] as number, g[7] as number); // 64:ff9b::/96
  if (g[0] === 0x2002) return v4Of(g[1] as number, g[2] as number); // 6to4
  return undefined;
}

/** Whether an address is one a webhook may not reach without the operator's leave. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return v4.check(address, 'ipv4');
  if (family === 6) {
    const inner = embeddedV4(address);
    if (inner !== undefined) return v4.check(inner, 'ipv4');
    return v6.check(address.replace(/%.*$/, ''), 'ipv6');
  }
  return true;
}

/** Checks a hook URL's form: http(s), a host, no credentials, not too long. Returns the parsed URL. */
export function parseHookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new WebhookTargetError(`"${text.slice(0, 100)}" is not a URL: give the full address, e.g. https://example.com/hooks/trophies.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookTargetError('A webhook URL must start with https:// (or http://).');
  if (url.username || url.password)
    throw new WebhookTargetError('A webhook URL may not carry a user name or password; put a secret in its path or query instead.');
  if (!url.hostname) throw new WebhookTargetError('The webhook URL has no host.');
  return url;
}

/**
 * The address to connect to for a hook URL: its host resolved now, refused when any answer is
 * private (a DNS answer mixing public and private addresses is refused whole) unless allowed.
 */
export async function resolveTarget(url: URL, options: { resolve: Resolve; allowPrivate: boolean }): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  let answers: Array<{ address: string; family: 4 | 6 }>;
  if (literal) answers = [{ address: host, family: literal === 6 ? 6 : 4 }];
  else {
    try {
      answers = await options.resolve(host);
    } catch {
      throw new WebhookTargetError(`The host ${host} of the webhook URL does not resolve (DNS found no address).`);
    }
  }
  const first = answers[0];
  if (!first) throw new WebhookTargetError(`The host ${host} of the webhook URL does not resolve (DNS found no address).`);
  if (!options.allowPrivate) {
    const bad = answers.find((a) => isPrivateAddress(a.address));
    if (bad)
      throw new WebhookTargetError(
        `The webhook URL's host ${host} resolves to ${bad.address}, a loopback, private or link-local address, which webhooks may not reach. The operator can allow it with --allow-private-webhooks (TROPHYROOM_ALLOW_PRIVATE_WEBHOOKS=true).`,
      );
  }
  return first;
}
