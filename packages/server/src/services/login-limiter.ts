/**
 * Limits failed logins so that passwords cannot be guessed at speed, without letting anyone lock
 * an account's owner out. Failures count in a sliding window against three keys:
 * - the pair (name, address): 10 failures stop that address trying that name;
 * - the address: 50 failures (over any names) stop the address;
 * - the name across every address: past 100 failures the name is under attack, and the pair
 *   limit drops to 3, so each further address gets a few guesses, not ten.
 * A per-name lock would let anyone lock the owner out with ten wrong passwords; here the right
 * password from an address that has not failed always gets through. An address is its IPv6 /64
 * (one subscriber's whole prefix), IPv4 as is. In memory: each server process keeps its own count.
 * @module
 */
import { isIPv6 } from 'node:net';

export interface LoginLimiterOptions {
  now: () => number;
  /** Failures allowed per (name, address) in the window. @default 10 */
  maxPerPair?: number;
  /** Failures allowed per client address, over all names. @default 50 */
  maxPerAddress?: number;
  /** Failures of one name, over all addresses, that put it under attack. @default 100 */
  nameUnderAttack?: number;
  /** Failures allowed per (name, address) while the name is under attack. @default 3 */
  maxPerPairUnderAttack?: number;
  /** @default 15 minutes */
  windowMs?: number;
}

/** The keys one login attempt counts against. */
export interface LoginKeys {
  pair: string;
  address: string;
  name: string;
}

/** Expands an IPv6 address to its 8 groups. */
function groups(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups.
  const last = right.length ? right : left;
  const v4 = last[last.length - 1]?.includes('.') ? last.pop()?.split('.').map(Number) : undefined;
  if (v4) last.push(((v4[0] ?? 0) * 256 + (v4[1] ?? 0)).toString(16), ((v4[2] ?? 0) * 256 + (v4[3] ?? 0)).toString(16));
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

/** The client a limit applies to: an IPv4 address (also when IPv4-mapped), or an IPv6 /64. */
export function clientKey(address: string): string {
  const plain = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped) return mapped[1] as string;
  if (!isIPv6(plain)) return plain;
  return `${groups(plain).slice(0, 4).join(':')}::/64`;
}

export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #now: () => number;
  readonly #maxPerPair: number;
  readonly #maxPerAddress: number;
  readonly #nameUnderAttack: number;
  readonly #maxPerPairUnderAttack: number;
  readonly #windowMs: number;
  /** The map is swept of stale keys when it grows past this (names and addresses are the attacker's to choose). */
  #sweepAt = 10_000;

  constructor(options: LoginLimiterOptions) {
    this.#now = options.now;
    this.#maxPerPair = options.maxPerPair ?? 10;
    this.#maxPerAddress = options.maxPerAddress ?? 50;
    this.#nameUnderAttack = options.nameUnderAttack ?? 100;
    this.#maxPerPairUnderAttack = options.maxPerPairUnderAttack ?? 3;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.#windowMs;
    const times = (this.#failures.get(key) ?? []).filter((t) => t > since);
    if (times.length) this.#failures.set(key, times);
    else this.#failures.delete(key);
    return times;
  }

  /** The keys a login attempt counts against. */
  keys(name: string, address: string): LoginKeys {
    const client = clientKey(address);
    const lower = name.toLowerCase();
    return { pair: `pair:${lower}\n${client}`, address: `addr:${client}`, name: `name:${lower}` };
  }

  /** Milliseconds to wait until the time `max` failures ago leaves the window, or 0. */
  #wait(key: string, max: number): number {
    const times = this.#recent(key);
    return times.length >= max ? (times[times.length - max] as number) + this.#windowMs - this.#now() : 0;
  }

  /** Milliseconds until this attempt may be made, or 0 when it may now. */
  blockedFor(keys: LoginKeys): number {
    const underAttack = this.#recent(keys.name).length >= this.#nameUnderAttack;
    const perPair = underAttack ? this.#maxPerPairUnderAttack : this.#maxPerPair;
    return Math.max(this.#wait(keys.address, this.#maxPerAddress), this.#wait(keys.pair, perPair));
  }

  fail(keys: LoginKeys): void {
    for (const key of [keys.pair, keys.address, keys.name]) this.#failures.set(key, [...this.#recent(key), this.#now()]);
    if (this.#failures.size > this.#sweepAt) {
      for (const key of [...this.#failures.keys()]) this.#recent(key);
      this.#sweepAt = Math.max(10_000, this.#failures.size * 2);
    }
  }

  /** A success forgets the pair's failures; the address's and the name's stand (one success ends no attack). */
  succeed(keys: LoginKeys): void {
    this.#failures.delete(keys.pair);
  }
}
