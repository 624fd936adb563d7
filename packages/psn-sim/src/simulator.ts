/**
 * The simulator: one Hono app serving every Sony host's paths verbatim on one origin, usable
 * in-process as `fetch` or on a loopback port. Every Sony route runs through one pipeline:
 * authenticate → faults → rate limit → handler → counters.
 * @module
 */
import type { AddressInfo } from 'node:net';
import { type HttpBindings, type ServerType, serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { type Clock, SimClock } from './clock.ts';
import { TokenSigner } from './auth/tokens.ts';
import { RequestCounters } from './middleware/counters.ts';
import { EdgeFirewall } from './middleware/edge-firewall.ts';
import { Faults, type MalformVariant, accessDeniedPage, malform } from './middleware/faults.ts';
import { SlidingWindowLimiter } from './middleware/rate-limit.ts';
import { type ResolvedOptions, type SimulatorOptions, resolveOptions } from './options.ts';
import { SonyError, SonyErrors } from './sony-errors.ts';
import type { Account } from './world/accounts.ts';
import { type Language, pickLanguage } from './world/language.ts';
import { World } from './world/world.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerGameListRoutes } from './routes/game-list.ts';
import { registerGraphqlRoutes } from './routes/graphql.ts';
import { registerLegacyRoutes } from './routes/legacy.ts';
import { registerProfileRoutes } from './routes/profiles.ts';
import { registerTrophyRoutes } from './routes/trophies.ts';
import { registerImageRoutes } from './routes/images.ts';
import { localizeImageUrls } from './artwork/artwork.ts';

export type Env = { Bindings: Partial<HttpBindings> };

/** What a route handler sees of its request. */
export interface RouteContext {
  c: Context<Env>;
  /** The account the bearer token belongs to (routes with `auth: 'bearer'`). */
  caller: Account;
  language: Language;
  query(name: string): string | undefined;
  param(name: string): string;
  /** Counts this request against an account's rate budget (the auth host knows the account late). */
  limit(accountId: string): void;
}

export interface JsonResult {
  status?: number;
  body: unknown;
  /** The body already serialized (exactly the text `JSON.stringify(body)` would give); used instead of `body`. */
  json?: string;
  headers?: Record<string, string>;
}

type Handler = (ctx: RouteContext) => JsonResult | Response | Promise<JsonResult | Response>;

const JSON_TYPE = 'application/json;charset=UTF-8';
const DROP_HEADER = 'x-psn-sim-dropped';

export interface AccountCredentials {
  onlineId: string;
  accountId: string;
  npsso: string;
}

export class Simulator {
  readonly options: ResolvedOptions;
  readonly clock: SimClock;
  readonly world: World;
  readonly signer: TokenSigner;
  readonly errors: SonyErrors;
  readonly faults: Faults;
  readonly counters = new RequestCounters();
  readonly limiter: SlidingWindowLimiter | undefined;
  readonly edgeFirewall: EdgeFirewall | undefined;
  readonly app = new Hono<Env>();
  #server: ServerType | undefined;
  #url: string | undefined;

  constructor(options: SimulatorOptions = {}) {
    this.options = resolveOptions(options);
    const clockOption = options.clock;
    this.clock =
      clockOption instanceof SimClock
        ? clockOption
        : new SimClock(typeof clockOption === 'object' ? () => (clockOption as Clock).now() : (clockOption ?? Date.now));
    this.world = new World(this.options, this.clock);
    this.signer = new TokenSigner(this.options.seed);
    this.errors = new SonyErrors(this.options.seed);
    this.faults = new Faults(this.options.seed, this.options.faults);
    this.limiter = this.options.rateLimit ? new SlidingWindowLimiter(this.options.rateLimit) : undefined;
    this.edgeFirewall = this.options.edgeFirewall ? new EdgeFirewall(this.options.edgeFirewall) : undefined;
    registerAuthRoutes(this);
    registerTrophyRoutes(this);
    registerGameListRoutes(this);
    registerProfileRoutes(this);
    registerGraphqlRoutes(this);
    registerLegacyRoutes(this);
    registerAdminRoutes(this);
    registerImageRoutes(this);
    this.app.notFound((c) => c.json({ error: { referenceId: this.errors.ids.next(), code: 2281604, message: 'Not Found' } }, 404));
    this.app.onError((_err, c) => c.json({ error: { referenceId: this.errors.ids.next(), code: 2240512, message: 'Internal Server Error' } }, 500));
  }

  /** A `fetch` that answers from the simulator in-process; a dropped connection rejects as real fetch does. */
  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && !init ? input : new Request(input, init);
    const response = await this.app.fetch(request);
    if (response.headers.has(DROP_HEADER)) throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    return response;
  };

  /** Starts listening on 127.0.0.1 (port 0 picks a free one) and resolves with the base URL. */
  listen(port = 0, hostname = '127.0.0.1'): Promise<string> {
    return new Promise((resolve, reject) => {
      const server = serve({ fetch: this.app.fetch, port, hostname }, (info: AddressInfo) => {
        this.#url = `http://${hostname}:${info.port}`;
        resolve(this.#url);
      });
      server.once('error', reject);
      this.#server = server;
    });
  }

  /** The base URL once listening. */
  get url(): string {
    if (!this.#url) throw new Error('the simulator is not listening; call listen() first');
    return this.#url;
  }

  close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  }

  /** Online id, account id and current NPSSO of the first `n` accounts. */
  credentials(n = Math.min(this.options.accounts, 8)): AccountCredentials[] {
    return Array.from({ length: Math.min(n, this.options.accounts) }, (_, i) => this.credentialsOf(i));
  }

  credentialsOf(index: number): AccountCredentials {
    const account = this.world.account(index);
    return { onlineId: account.onlineId, accountId: account.accountId, npsso: this.npssoOf(index) };
  }

  npssoOf(index: number): string {
    return this.signer.npsso(index, this.world.session(index).generation);
  }

  /** Resolves a bearer token to its account, or throws Sony's 401. */
  authenticate(header: string | undefined, known = this.#claims(header)): Account {
    const claims = known;
    if (!claims || claims.exp * 1000 <= this.clock.now()) throw this.errors.invalidToken();
    if ((claims.gen ?? 0) < this.world.tokenGeneration(claims.idx)) throw this.errors.invalidToken();
    return this.world.account(claims.idx);
  }

  /** Claims of a genuine access token of this world, expired or not. */
  #claims(header: string | undefined) {
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const claims = token ? this.signer.verify(token, 'access') : undefined;
    return claims && claims.idx < this.options.accounts ? claims : undefined;
  }

  /** Registers a Sony route: the handler runs inside the shared pipeline. */
  route(method: 'GET' | 'POST', path: string, id: string, auth: 'bearer' | 'none', handler: Handler): void {
    this.app.on(method, path, (c) => this.#run(c, id, auth, handler));
  }

  async #run(c: Context<Env>, id: string, auth: 'bearer' | 'none', handler: Handler): Promise<Response> {
    let accountId: string | undefined;
    let status = 500;
    let limited = false;
    try {
      let caller: Account | undefined;
      if (auth === 'bearer') {
        // A genuine but expired token still counts against its account, as the benchmarks expect.
        const header = c.req.header('authorization');
        const claims = this.#claims(header);
        if (claims) accountId = this.world.account(claims.idx).accountId;
        caller = this.authenticate(header, claims);
      }
      // The edge sits in front of everything: a burst from one client is refused before Sony sees it.
      if (this.edgeFirewall?.refuses(accountId ?? `ip:${id.split('.')[0]}`, this.clock.now())) {
        status = 403;
        return this.#accessDenied(c);
      }
      let malformed: MalformVariant | undefined;
      for (const rule of this.faults.draw(id, accountId)) {
        if (rule.kind === 'latency') await new Promise((r) => setTimeout(r, this.faults.delayOf(rule)));
        else if (rule.kind === 'drop') {
          status = 0;
          c.env?.incoming?.socket.destroy();
          return new Response(null, { status: 502, headers: { [DROP_HEADER]: '1' } });
        } else if (rule.kind === 'html') {
          status = 403;
          return this.#accessDenied(c);
        } else if (rule.kind === 'error') {
          const s = rule.status ?? 503;
          const headers = rule.retryAfterSeconds !== undefined ? { 'retry-after': String(rule.retryAfterSeconds) } : undefined;
          throw this.errors.data(s, 2240512, s === 503 ? 'Service Unavailable' : 'Internal Server Error', headers);
        } else if (rule.kind === 'rate-limit') throw this.errors.rateLimited(this.clock.now() + (rule.retryAfterSeconds ?? 60) * 1000);
        else if (rule.kind === 'malformed') malformed = rule.variant ?? 'truncated';
      }
      const limit = (key: string) => {
        if (!this.limiter) return;
        const taken = this.limiter.take(key, this.clock.now());
        if (taken.ok) return;
        limited = true;
        throw this.errors.rateLimited(taken.nextAvailableMs);
      };
      if (caller) limit(caller.accountId);
      const ctx: RouteContext = {
        c,
        caller: caller as Account,
        language: pickLanguage(c.req.header('accept-language') ?? c.req.query('npLanguage')),
        query: (name) => c.req.query(name),
        param: (name) => c.req.param(name) as string,
        limit: (key) => {
          accountId = key;
          // The auth host keeps its own window, apart from the data hosts'.
          limit(`auth:${key}`);
        },
      };
      const result = await handler(ctx);
      if (result instanceof Response) {
        status = result.status;
        return result;
      }
      status = result.status ?? 200;
      // Icons point at this origin, where the image routes draw them.
      let text = localizeImageUrls(result.json ?? JSON.stringify(result.body), new URL(c.req.url).origin);
      if (malformed) {
        text = malform(text, malformed);
        status = 200;
      }
      return new Response(text, { status, headers: { 'content-type': JSON_TYPE, ...result.headers } });
    } catch (error) {
      const sony = error instanceof SonyError ? error : this.errors.data(500, 2240512, 'Internal Server Error');
      status = sony.status;
      return new Response(JSON.stringify(sony.body), { status, headers: { 'content-type': JSON_TYPE, ...sony.headers } });
    } finally {
      this.counters.record(id, status, accountId, limited);
    }
  }

  #accessDenied(c: Context<Env>): Response {
    return new Response(accessDeniedPage(c.req.url, `18.${this.errors.ids.next().slice(0, 8)}`), {
      status: 403,
      headers: { 'content-type': 'text/html', 'mime-version': '1.0' },
    });
  }

  /** Resolves the `{accountId}` of a trophy or game-list path: `me`, or a known 19-digit account id. */
  target(param: string, caller: Account, host: 'trophy' | 'profile' = 'trophy'): Account {
    if (param === 'me') return caller;
    if (!/^\d{19}$/.test(param) || /^0+$/.test(param)) {
      throw host === 'profile' ? this.errors.data(400, 2281473, 'Bad Request (path: accountId)') : this.errors.badRequest('path: accountId');
    }
    const account = this.world.accountById(param);
    if (!account) throw this.errors.data(404, 2105356, `User not found (user: '${param}')`);
    return account;
  }

  /** Throws Sony's 403 when `caller` may not read `owner`'s trophies. */
  assertTrophiesVisible(owner: Account, caller: Account): void {
    if (owner.index !== caller.index && owner.privateTrophies) throw this.errors.accessControl();
  }
}

/** Creates a simulator. `await sim.listen()` serves it on loopback; `sim.fetch` answers in-process. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  return new Simulator(options);
}
