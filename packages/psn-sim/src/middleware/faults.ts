/**
 * Injected faults: what real PSN does on a bad day. Each rule matches routes (by id, a `prefix.*`
 * or `*`) and optionally one account, fires with a probability drawn from a seeded generator (so a
 * run is repeatable), and can be limited to its next `count` matches.
 * @module
 */
import { Rng, hashString } from '../prng.ts';

export type FaultKind = 'latency' | 'error' | 'rate-limit' | 'malformed' | 'html' | 'drop';
export type MalformVariant = 'truncated' | 'wrong-type' | 'wrong-type-item';

export interface FaultRule {
  /** Set by the simulator when the rule is added. */
  id?: string;
  kind: FaultKind;
  /** Route id (`trophy.titles`), a prefix (`trophy.*`) or `*`. @default '*' */
  route?: string;
  /** Only requests made by this account (account id). */
  accountId?: string;
  /** Chance that a matching request is hit. @default 1 */
  probability?: number;
  /** Fire on at most this many requests, then retire. @default unlimited */
  count?: number;
  /** `error`: the status to answer with. @default 503 */
  status?: number;
  /** `latency`: fixed delay in ms. @default 100 */
  latencyMs?: number;
  /** `latency`: extra delay drawn uniformly from [0, jitterMs]. @default 0 */
  jitterMs?: number;
  /** `rate-limit`: seconds until `X-RateLimit-Next-Available` (default 60); `error`: a `Retry-After` header, when set. */
  retryAfterSeconds?: number;
  /**
   * `malformed`: cut the JSON short, keep it valid but with a field of the wrong type (the first
   * scalar found), or with a field of the wrong type inside the first item of the first list
   * (`wrong-type-item`: one bad title or trophy among good ones). @default 'truncated'
   */
  variant?: MalformVariant;
}

interface ActiveRule {
  rule: FaultRule & { id: string };
  rng: Rng;
  remaining: number;
}

export class Faults {
  readonly #seed: number;
  #rules: ActiveRule[] = [];
  #next = 1;

  constructor(seed: number, initial: FaultRule[] = []) {
    this.#seed = seed;
    for (const rule of initial) this.add(rule);
  }

  /** Adds a rule and returns it with its id. */
  add(rule: FaultRule): FaultRule & { id: string } {
    const kinds: FaultKind[] = ['latency', 'error', 'rate-limit', 'malformed', 'html', 'drop'];
    if (!kinds.includes(rule.kind)) throw new RangeError(`unknown fault kind "${rule.kind}"; use one of ${kinds.join(', ')}`);
    if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) throw new RangeError('probability must be between 0 and 1');
    if (rule.status !== undefined && !(rule.status >= 500 && rule.status <= 599)) throw new RangeError('status of an error fault must be 5xx');
    const id = rule.id ?? `f${this.#next++}`;
    const active: ActiveRule = { rule: { ...rule, id }, rng: new Rng(this.#seed, hashString(id)), remaining: rule.count ?? Number.POSITIVE_INFINITY };
    this.#rules.push(active);
    return active.rule;
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.rule.id !== id);
    return this.#rules.length < before;
  }

  clear(): void {
    this.#rules = [];
  }

  list(): Array<FaultRule & { id: string; remaining: number | null }> {
    return this.#rules.map((r) => ({ ...r.rule, remaining: Number.isFinite(r.remaining) ? r.remaining : null }));
  }

  /** The rules that fire for this request, in the order they were added; consumes their counts. */
  draw(route: string, accountId: string | undefined): Array<FaultRule & { id: string }> {
    if (this.#rules.length === 0) return [];
    const fired: Array<FaultRule & { id: string }> = [];
    for (const active of this.#rules) {
      const { rule } = active;
      if (active.remaining <= 0) continue;
      if (rule.accountId && rule.accountId !== accountId) continue;
      const pattern = rule.route ?? '*';
      const matches = pattern === '*' || pattern === route || (pattern.endsWith('.*') && route.startsWith(pattern.slice(0, -1)));
      if (!matches) continue;
      if (active.rng.next() >= (rule.probability ?? 1)) continue;
      active.remaining -= 1;
      fired.push(rule);
    }
    this.#rules = this.#rules.filter((r) => r.remaining > 0);
    return fired;
  }

  /** The delay a latency rule adds to one request. */
  delayOf(rule: FaultRule): number {
    const active = this.#rules.find((r) => r.rule.id === rule.id);
    const jitter = rule.jitterMs ? (active?.rng.next() ?? 0.5) * rule.jitterMs : 0;
    return (rule.latencyMs ?? 100) + jitter;
  }
}

/** The edge's "Access Denied" page, as Akamai serves it in front of PSN. */
export function accessDeniedPage(url: string, reference: string): string {
  const escaped = url.replace(/[:/.]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n \nYou don't have permission to access "${escaped}" on this server.<P>\nReference&#32;&#35;${reference}\n</BODY>\n</HTML>\n`;
}

/** Breaks a JSON body: cut short (not JSON at all), or valid JSON whose first scalar field is the wrong type (in the first list item, for `wrong-type-item`). */
export function malform(body: string, variant: MalformVariant): string {
  if (variant === 'truncated') return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
  try {
    const root = JSON.parse(body) as unknown;
    if (variant === 'wrong-type-item') {
      const firstItem = (node: unknown): unknown => {
        if (Array.isArray(node)) return node.find((item) => item && typeof item === 'object') ?? undefined;
        if (node && typeof node === 'object') {
          for (const child of Object.values(node as Record<string, unknown>)) {
            const found = firstItem(child);
            if (found) return found;
          }
        }
        return undefined;
      };
      visitFirst(firstItem(root) ?? root);
      return JSON.stringify(root);
    }
    visitFirst(root);
    return JSON.stringify(root);
  } catch {
    return body.slice(0, Math.floor(body.length / 2));
  }
}

/** Gives the first scalar field found (depth first) the wrong type, in place. */
function visitFirst(value: unknown): void {
  const visit = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.some(visit);
    if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const v = record[key];
        if (typeof v === 'string') {
          record[key] = 12345;
          return true;
        }
        if (typeof v === 'number' || typeof v === 'boolean') {
          record[key] = 'not-a-number';
          return true;
        }
      }
      return Object.values(record).some(visit);
    }
    return false;
  };
  visit(value);
}
