/**
 * NPSSOs, authorization codes and tokens. NPSSOs and tokens are self-describing and signed with a
 * key derived from the seed, so the simulator keeps no table of them: an NPSSO encodes its account
 * and session generation, a token its account, issue time and expiry.
 * @module
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += BASE62[(bytes[i % bytes.length] as number) % 62];
  return out;
}

function encodeInt(value: number, width: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < width; i++) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out;
}

function decodeInt(text: string): number {
  let v = 0;
  for (const ch of text) {
    const d = BASE62.indexOf(ch);
    if (d < 0) return Number.NaN;
    v = v * 62 + d;
  }
  return v;
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

// 62^7 and an odd multiplier not divisible by 31: a bijection on 7-character base-62 heads.
const HEAD_MOD = 62n ** 7n;
const HEAD_MUL = 1_234_567_891n;
const HEAD_ADD = 987_654_321_987n;
const HEAD_INV = (() => {
  let [oldR, r] = [HEAD_MUL % HEAD_MOD, HEAD_MOD];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % HEAD_MOD) + HEAD_MOD) % HEAD_MOD;
})();

export interface AccessClaims {
  /** Account index. */
  idx: number;
  sub: string;
  iat: number;
  exp: number;
  jti: number;
  typ: 'access' | 'refresh' | 'id';
  /** The account's token generation when issued; "sign out of all devices" bumps it. */
  gen?: number;
}

export class TokenSigner {
  readonly #key: Buffer;
  #counter = 0;

  constructor(seed: number) {
    this.#key = createHash('sha256').update(`psn-sim:${seed}`).digest();
  }

  #mac(text: string): Buffer {
    return createHmac('sha256', this.#key).update(text).digest();
  }

  /** 64 bytes of MAC, so a 57-character NPSSO tail never repeats itself. */
  #longMac(text: string): Buffer {
    return createHmac('sha512', this.#key).update(text).digest();
  }

  /** The 64-character NPSSO of an account's current browser session. */
  npsso(index: number, generation: number): string {
    // The head carries (index, generation), scrambled by an invertible affine map so it looks random.
    const plain = BigInt(index) * 3844n + BigInt(generation % 3844);
    const head = encodeInt(Number((plain * HEAD_MUL + HEAD_ADD) % HEAD_MOD), 7);
    return head + base62(this.#longMac(`npsso:${head}`), 57);
  }

  /** Reads an NPSSO back; undefined when it was not issued by this world. */
  readNpsso(npsso: string): { index: number; generation: number } | undefined {
    if (!/^[0-9A-Za-z]{64}$/.test(npsso)) return undefined;
    const head = npsso.slice(0, 7);
    if (base62(this.#longMac(`npsso:${head}`), 57) !== npsso.slice(7)) return undefined;
    const plain = ((((BigInt(decodeInt(head)) - HEAD_ADD) % HEAD_MOD) + HEAD_MOD) * HEAD_INV) % HEAD_MOD;
    return { index: Number(plain / 3844n), generation: Number(plain % 3844n) };
  }

  /** A JWT carrying the claims, signed HS256. */
  sign(claims: Omit<AccessClaims, 'jti'>): string {
    this.#counter += 1;
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'psn-sim' }));
    const payload = b64url(JSON.stringify({ ...claims, jti: this.#counter, iss: 'psn-sim', scope: 'psn:mobile.v2.core psn:clientapp' }));
    return `${header}.${payload}.${this.#mac(`${header}.${payload}`).toString('base64url')}`;
  }

  // Every data request verifies its bearer token: remember the last few thousand verified ones.
  #verified = new Map<string, AccessClaims>();

  /** Verifies a JWT's signature and type; expiry and revocation are the caller's to check. */
  verify(token: string, typ: AccessClaims['typ']): AccessClaims | undefined {
    const known = this.#verified.get(token);
    if (known) return known.typ === typ ? known : undefined;
    const claims = this.#verifySignature(token, typ);
    if (claims) {
      if (this.#verified.size >= 4096) this.#verified.clear();
      this.#verified.set(token, claims);
    }
    return claims;
  }

  #verifySignature(token: string, typ: AccessClaims['typ']): AccessClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts as [string, string, string];
    const expected = this.#mac(`${header}.${payload}`);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessClaims;
      return claims.typ === typ ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  /** A short authorization code (`v3.XXXXXX`). */
  code(): string {
    this.#counter += 1;
    return `v3.${base62(this.#mac(`code:${this.#counter}`), 6)}`;
  }

  /** A client id-like UUID for the `cid` parameter of the redirect. */
  cid(): string {
    const h = this.#mac(`cid:${this.#counter}`).toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }
}
