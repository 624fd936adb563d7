/**
 * What `trophyroom record` does to every request and answer before a byte is written: secrets
 * removed (tokens, codes, the NPSSO, cookies, headers that carry them), and people anonymised —
 * account ids become `10000000000000000NN`, online ids `playerN`, real names `FirstN`/`LastN`, the
 * about-me text a placeholder — consistently across the file, so the same person keeps the same
 * stand-in everywhere (paths, bodies, avatar URLs). A final check refuses to write a file that
 * still holds any secret or any original id.
 * @module
 */
import type { RecordedExchange } from 'psn-sim';

export const REDACTED = '<redacted>';

/** Keys whose values are secrets wherever they appear (query, form body, JSON). */
const SECRET_KEYS = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'npsso',
  'code',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'password',
  'cookie',
  'authorization',
  'sign',
]);
/** Response headers worth keeping; every other one (cookies, request ids) is dropped. */
const KEPT_HEADERS = new Set(['content-type', 'location', 'retry-after', 'x-ratelimit-next-available', 'cache-control', 'www-authenticate']);
const NAME_KEYS = new Set(['firstName', 'lastName', 'middleName', 'displayName', 'verifiedUserName']);
const ACCOUNT_ID = /^\d{16,20}$/;

export class Anonymiser {
  readonly #accounts = new Map<string, string>();
  readonly #onlineIds = new Map<string, string>();
  readonly #names = new Map<string, string>();
  /** Values that must never reach the file (the NPSSO, tokens, codes), added as they are seen. */
  readonly #secrets = new Set<string>();

  /** Marks a value as secret: it is redacted wherever it shows up, and its presence fails the final check. */
  secret(value: string | undefined): void {
    if (value && value.length >= 6) this.#secrets.add(value);
  }

  /** The stand-in of an account id (the first one seen, the signed-in account's, is …001). */
  account(id: string): string {
    let fake = this.#accounts.get(id);
    if (!fake) this.#accounts.set(id, (fake = `1${String(this.#accounts.size + 1).padStart(18, '0')}`));
    return fake;
  }

  onlineId(id: string): string {
    const key = id.toLowerCase();
    let fake = this.#onlineIds.get(key);
    if (!fake) this.#onlineIds.set(key, (fake = `player${this.#onlineIds.size + 1}`));
    return fake;
  }

  #name(key: string, value: string): string {
    const prefix = key === 'firstName' ? 'First' : key === 'lastName' ? 'Last' : key === 'middleName' ? 'Middle' : 'Name';
    const id = `${key}:${value}`;
    let fake = this.#names.get(id);
    if (!fake) this.#names.set(id, (fake = `${prefix}${this.#names.size + 1}`));
    return fake;
  }

  /** Learns the people in a JSON body (before anything is rewritten), so every later mention is replaced too. */
  learn(value: unknown, key = ''): void {
    if (Array.isArray(value)) {
      for (const item of value) {
        if (key === 'friends' && typeof item === 'string' && ACCOUNT_ID.test(item)) this.account(item);
        else this.learn(item);
      }
      return;
    }
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v === 'string' && (k === 'accountId' || k === 'sub') && ACCOUNT_ID.test(v)) this.account(v);
        else if (typeof v === 'string' && (k === 'onlineId' || k === 'currentOnlineId') && v) this.onlineId(v);
        else this.learn(v, k);
      }
    }
  }

  /** Learns the account ids and online ids in a URL's path (`/users/{id}/`, `/users/{onlineId}/profile2`). */
  learnUrl(url: string): void {
    const path = new URL(url).pathname;
    for (const m of path.matchAll(/\/users\/([^/]+)/g)) {
      const segment = decodeURIComponent(m[1] as string);
      if (ACCOUNT_ID.test(segment)) this.account(segment);
      else if (segment !== 'me' && path.endsWith('/profile2')) this.onlineId(segment);
    }
  }

  /** Rewrites one exchange: secrets out, people replaced. */
  anonymise(exchange: RecordedExchange): RecordedExchange {
    const request = { ...exchange.request, url: this.#text(this.#url(exchange.request.url)) };
    if (exchange.request.body !== undefined) request.body = this.#text(this.#form(exchange.request.body));
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(exchange.response.headers ?? {})) {
      const key = k.toLowerCase();
      if (!KEPT_HEADERS.has(key)) continue;
      headers[key] = this.#text(key === 'location' ? this.#url(v) : v);
    }
    const body = typeof exchange.response.body === 'string' ? this.#text(exchange.response.body) : this.#json(exchange.response.body);
    return { ...exchange, request, response: { ...exchange.response, headers, body } };
  }

  /** Whether text still holds a secret or an original id; returns what kind it found (never the value). */
  leaks(text: string): string | undefined {
    for (const s of this.#secrets) if (text.includes(s)) return 'a token, code or NPSSO';
    for (const id of this.#accounts.keys()) if (new RegExp(`(?<!\\d)${id}(?!\\d)`).test(text)) return 'an account id';
    for (const id of this.#onlineIds.keys()) if (boundary(id).test(text)) return 'an online id';
    for (const id of this.#names.keys()) {
      const value = id.slice(id.indexOf(':') + 1);
      if (value.length >= 3 && text.includes(JSON.stringify(value))) return 'a real name';
    }
    if (/eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]+/.test(text)) return 'a token';
    return undefined;
  }

  #url(url: string): string {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return url;
    }
    for (const key of [...parsed.searchParams.keys()]) if (SECRET_KEYS.has(key.toLowerCase())) parsed.searchParams.set(key, REDACTED);
    // URLSearchParams would encode <redacted>: keep it readable.
    return parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
  }

  #form(body: string): string {
    if (body.trimStart().startsWith('{')) {
      try {
        return JSON.stringify(this.#json(JSON.parse(body)));
      } catch {
        return REDACTED;
      }
    }
    const form = new URLSearchParams(body);
    for (const key of [...form.keys()]) if (SECRET_KEYS.has(key.toLowerCase())) form.set(key, REDACTED);
    return form.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
  }

  #json(value: unknown, key = ''): unknown {
    if (Array.isArray(value)) return value.map((item) => this.#json(item, key));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (SECRET_KEYS.has(k.toLowerCase()) && typeof v === 'string') out[k] = REDACTED;
        else if (NAME_KEYS.has(k) && typeof v === 'string' && v) out[k] = this.#name(k, v);
        else if (k === 'aboutMe' && typeof v === 'string') out[k] = v ? '(about me)' : '';
        else if (k === 'npId' && typeof v === 'string') out[k] = this.#npId(v);
        else out[k] = this.#json(v, k);
      }
      return out;
    }
    return typeof value === 'string' ? this.#text(value) : value;
  }

  /** An npId is base64 of `onlineId@region`: the stand-in keeps the region. */
  #npId(value: string): string {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const at = decoded.indexOf('@');
    return at > 0 ? Buffer.from(`${this.onlineId(decoded.slice(0, at))}${decoded.slice(at)}`).toString('base64') : REDACTED;
  }

  /** Replaces every known secret, account id and online id in a string (longest first). */
  #text(text: string): string {
    let out = text;
    for (const s of this.#secrets) out = out.replaceAll(s, REDACTED);
    for (const [id, fake] of [...this.#accounts].sort((a, b) => b[0].length - a[0].length)) out = out.replace(new RegExp(`(?<!\\d)${id}(?!\\d)`, 'g'), fake);
    for (const [id, fake] of [...this.#onlineIds].sort((a, b) => b[0].length - a[0].length)) out = out.replace(boundary(id), fake);
    return out;
  }
}

/** An online id as a whole word, any case (PSN online ids are case-insensitive). */
function boundary(id: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_-])`, 'gi');
}
