/**
 * The PSN connection, the only door to the connections (and the user data a disconnect wipes):
 * connect (validate, exchange, store encrypted tokens, read the account, queue the title list),
 * the connection as the UI shows it (countdown, title list loading, last sync), auto-import,
 * tokens kept fresh through the client's `onTokens`, expiry and revocation marked without a retry
 * storm, each account's PSN budget, and disconnect (optionally wiping the data). The NPSSO lives
 * only in `connect`'s call.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { type Logger, PsnClient, type PsnClientOptions, type RequestInfo, type TokenSet, isPsnError } from '@trophyroom/psn';
import { type Countdown, countdownOf, SHORT_TOKEN_DAYS, type Vault, VaultError } from '@trophyroom/vault';
import type { ConnectionHealth, PsnConnection, SyncRun } from '../db/schema.ts';
import type { JobSender } from '../jobs/queue.ts';
import type { BudgetRepository } from '../repositories/budget.repository.ts';
import type { ConnectionsRepository } from '../repositories/connections.repository.ts';
import type { TokenGrantsRepository } from '../repositories/token-grants.repository.ts';
import type { UserDataRepository } from '../repositories/user-data.repository.ts';
import { UNREADABLE_TOKENS } from '../vault/open-vault.ts';

const DAY = 86_400_000;

export interface ConnectionDeps {
  connections: ConnectionsRepository;
  userData: UserDataRepository;
  /** Each PSN account's request window (a sign-in's requests are handed to the account it turns out to be). */
  budget: Pick<BudgetRepository, 'transfer' | 'spentByKey' | 'remaining'>;
  vault: Vault;
  now: () => number;
  /** Client options shared by every connection (base URL, fetch, clock, logger, budget…). */
  psnOptions: PsnClientOptions;
  /** Queues the title list after connecting, and drops a user's jobs at disconnect. */
  jobs: JobSender;
  /** The runs, for the connection's last sync. */
  runs: { latest(userId: string): Promise<SyncRun | undefined> };
  /** What Sony granted on every link and refresh. */
  grants?: TokenGrantsRepository;
}

/**
 * Why syncing works or not, in the words the cure needs: `ok`; `reconnect` (the token is dead:
 * expired or signed out — a new NPSSO); `sony_outage` (Sony's sign-in is failing — nothing to do,
 * syncing is retried with backoff); `edge_blocked` (Sony's firewall refused us — we back off).
 */
export interface TokenHealth {
  kind: 'ok' | 'reconnect' | 'sony_outage' | 'edge_blocked';
  message: string | null;
  since: string | null;
  /** When syncing is tried again (outage, block). */
  retryAt: string | null;
}

/** What Sony granted for the token in use: when, and for how long as it said. */
export interface TokenGrantView {
  grantedAt: string;
  lifetimeSeconds: number;
  lifetimeDays: number;
}

/** The connection as the API shows it. */
export interface ConnectionView extends Omit<ConnectionStatus, 'lastSyncAt'> {
  /** Whether the title list that fills the picker is still being fetched. */
  titleList: 'loading' | 'ready';
  lastSync: { runId: string; kind: SyncRun['kind']; state: SyncRun['state']; at: string } | null;
}

const NOT_CONNECTED = 'No PlayStation account is connected. Connect one in Settings first.';

export interface ConnectionStatus {
  onlineId: string;
  accountId: string;
  state: PsnConnection['state'];
  stateDetail: string | null;
  countdown: Countdown;
  /** Why the token is short, when it came back under 30 days at connect time. */
  shortTokenReason: string | null;
  connectedAt: string;
  lastSyncAt: string | null;
  autoImport: boolean;
  health: TokenHealth;
  /** What Sony granted at the last link (null for a connection made before this was recorded). */
  grant: TokenGrantView | null;
}

export class ConnectionService {
  readonly #budgetLimit: number;
  readonly #budgetWindowMs: number;
  /** The window as the client keeps it: Sony's, plus the client's safety margin. */
  readonly #effectiveWindowMs: number;

  constructor(private readonly deps: ConnectionDeps) {
    const budget = deps.psnOptions.budget === false ? undefined : deps.psnOptions.budget;
    this.#budgetLimit = budget?.limit ?? 300;
    this.#budgetWindowMs = budget?.windowMs ?? 15 * 60_000;
    this.#effectiveWindowMs = this.#budgetWindowMs + (budget?.safetyMarginMs ?? Math.max(1000, deps.psnOptions.timeoutMs ?? 15_000));
  }

  /**
   * Connects a user's PSN account with an NPSSO (raw or the pasted JSON) and queues the title
   * list that fills the picker (unless `queueTitleList` is false: a caller that reads it itself).
   * Throws the client's typed errors (`NpssoMalformedError` before any request, `NpssoRejectedError`, …).
   */
  async connect(userId: string, npsso: string, options: { signal?: AbortSignal | undefined; queueTitleList?: boolean } = {}): Promise<ConnectionStatus> {
    const status = await this.#connect(userId, npsso, options.signal);
    if (options.queueTitleList ?? true) await this.deps.jobs.enqueue('psn.title-list', { userId }, { singletonKey: titleListKey(userId) });
    return status;
  }

  async #connect(userId: string, npsso: string, signal?: AbortSignal): Promise<ConnectionStatus> {
    const { now } = this.deps;
    const previous = await this.deps.connections.get(userId);
    // Every request counts in the PSN account's own budget from the first: a reconnect spends under the
    // account it had; a first connect under a key of its own, handed to the account once Sony names it.
    const provisional = previous?.account_id ?? `connect:${randomUUID()}`;
    const client = new PsnClient({ ...this.deps.psnOptions, budgetKey: provisional });
    const tokens = await client.signIn(npsso, { signal });
    const summary = await client.trophies.summary({ signal });
    let accountClient = client;
    if (summary.accountId !== provisional) {
      if (!previous) await this.deps.budget.transfer(provisional, summary.accountId);
      accountClient = new PsnClient({ ...this.deps.psnOptions, tokens, budgetKey: summary.accountId });
    }
    const profile = await accountClient.profiles.get({ signal });
    const lifetime = tokens.refreshTokenExpiresAt - now();
    const stamp = new Date(now()).toISOString();
    // Another PSN account than before: the old account's library must not mix with the new one.
    if (previous && previous.account_id !== summary.accountId) await this.deps.userData.wipe(userId);
    await this.deps.connections.upsert({
      user_id: userId,
      account_id: summary.accountId,
      online_id: profile.onlineId,
      ...this.#sealed(tokens),
      short_token_reason:
        lifetime < SHORT_TOKEN_DAYS * DAY
          ? `Sony granted a ${Math.max(0, Math.round(lifetime / DAY))}-day token. Sony's grants vary by account (10 days and 60 days are both seen on fresh logins), and an old PSN browser session shortens them. Log out of PSN, log back in, copy a new NPSSO and reconnect to try for a longer one.`
          : null,
      state: 'active',
      state_detail: null,
      auto_import: 0,
      connected_at: stamp,
      last_sync_at: null,
      last_sync_run_id: null,
      updated_at: stamp,
      // A reconnect starts healthy: an outage or block recorded before is no longer this token's.
      health: null,
      health_detail: null,
      health_since: null,
      health_retry_at: null,
      refresh_granted_at: stamp,
      refresh_lifetime_s: tokens.refreshTokenExpiresIn ?? Math.round(lifetime / 1000),
    });
    await this.#recordGrant(userId, 'link', tokens);
    return this.status(userId) as Promise<ConnectionStatus>;
  }

  /** The connection as the UI shows it, or undefined when the user has none. */
  async status(userId: string): Promise<ConnectionStatus | undefined> {
    const c = await this.deps.connections.get(userId);
    if (!c) return undefined;
    const countdown = countdownOf(c.refresh_expires_at, this.deps.now());
    const state = countdown.state === 'expired' && c.state === 'active' ? 'expired' : c.state;
    return {
      onlineId: c.online_id,
      accountId: c.account_id,
      state,
      stateDetail: c.state_detail,
      countdown,
      shortTokenReason: c.short_token_reason,
      connectedAt: c.connected_at,
      lastSyncAt: c.last_sync_at,
      autoImport: c.auto_import === 1,
      health: healthOf(c, state),
      grant:
        c.refresh_granted_at && c.refresh_lifetime_s !== null
          ? { grantedAt: c.refresh_granted_at, lifetimeSeconds: c.refresh_lifetime_s, lifetimeDays: Math.ceil(c.refresh_lifetime_s / 86_400) }
          : null,
    };
  }

  /** The connection as the UI shows it (countdown, title list loading, last sync), or null when the user has none. */
  async view(userId: string): Promise<ConnectionView | null> {
    const status = await this.status(userId);
    if (!status) return null;
    const [titleList, last] = await Promise.all([this.titleListState(userId), this.deps.runs.latest(userId)]);
    const { lastSyncAt: _, ...rest } = status;
    return {
      ...rest,
      titleList,
      lastSync: last ? { runId: last.id, kind: last.kind, state: last.state, at: last.finished_at ?? last.started_at } : null,
    };
  }

  /** Whether the title list that fills the picker is still being fetched. */
  async titleListState(userId: string): Promise<'loading' | 'ready'> {
    return (await this.deps.jobs.pending(titleListKey(userId))) ? 'loading' : 'ready';
  }

  /** Turns importing new titles at each sync on or off. */
  async setAutoImport(userId: string, on: boolean): Promise<void> {
    if (!(await this.deps.connections.get(userId))) throw new ConnectionError('not_connected', NOT_CONNECTED);
    await this.deps.connections.update(userId, { auto_import: on ? 1 : 0 });
  }

  /** Whether the user still has a connection (a disconnect during a run stops it). */
  async isConnected(userId: string): Promise<boolean> {
    return (await this.deps.connections.get(userId)) !== undefined;
  }

  /** Whether new titles are imported at each sync. */
  async autoImport(userId: string): Promise<boolean> {
    return (await this.deps.connections.get(userId))?.auto_import === 1;
  }

  /** Throws unless the connection can sync: none (`not_connected`), or expired or revoked (reconnect). */
  async requireActive(userId: string): Promise<void> {
    const status = await this.status(userId);
    if (!status) throw new ConnectionError('not_connected', NOT_CONNECTED);
    if (status.state !== 'active') throw new ConnectionError(status.state, `The PlayStation connection is ${status.state}. Connect again with a fresh NPSSO.`);
  }

  /** When the title list was last read whole (null: never since the connection was made). */
  async titleListFullAt(userId: string): Promise<string | null> {
    return (await this.deps.connections.get(userId))?.title_list_full_at ?? null;
  }

  /** Records a complete read of the title list (a weekly full walk, or one forced by counts that disagree). */
  async recordFullTitleList(userId: string, at: string): Promise<void> {
    await this.deps.connections.update(userId, { title_list_full_at: at });
  }

  /** Records the sync that brought the library up to date (an outage or block is over). */
  async recordSync(userId: string, run: Pick<SyncRun, 'id' | 'finished_at'>): Promise<void> {
    await this.deps.connections.update(userId, {
      last_sync_at: run.finished_at,
      last_sync_run_id: run.id,
      health: null,
      health_detail: null,
      health_since: null,
      health_retry_at: null,
    });
  }

  /**
   * Turns a failure that is Sony's, not the token's, into the connection's health: its sign-in
   * service failing (we retry), or its edge firewall refusing us (we back off). Returns when the
   * next sync should be tried and whether this began a new outage, or undefined for any other error.
   */
  async absorbOutage(userId: string, error: unknown): Promise<{ kind: ConnectionHealth; retryAt: number; since: string; started: boolean } | undefined> {
    if (!isPsnError(error)) return undefined;
    const kind: ConnectionHealth | undefined =
      error.kind === 'auth_service' ? 'signin_outage' : (error as { edgeBlocked?: boolean }).edgeBlocked ? 'edge_blocked' : undefined;
    if (!kind) return undefined;
    const c = await this.deps.connections.get(userId);
    if (!c) return undefined;
    const now = this.deps.now();
    const started = c.health !== kind || !c.health_since;
    const since = started ? new Date(now).toISOString() : (c.health_since as string);
    // Wait as long as it has lasted so far (doubling), from 15 min (an outage) or 1 h (a block, which requests prolong), up to 6 h.
    const floor = kind === 'edge_blocked' ? 3_600_000 : 900_000;
    const retryAt = now + Math.min(21_600_000, Math.max(floor, now - Date.parse(since)));
    const detail =
      kind === 'signin_outage'
        ? "Sony's sign-in service is failing: an outage on Sony's side. Your token is fine and nothing needs reconnecting; syncing is tried again by itself."
        : "Sony's firewall refused our requests for a while (it does so after bursts). We wait before trying again; nothing needs reconnecting.";
    await this.deps.connections.update(userId, {
      health: kind,
      health_detail: detail,
      health_since: since,
      health_retry_at: new Date(retryAt).toISOString(),
      updated_at: new Date(now).toISOString(),
    });
    return { kind, retryAt, since, started };
  }

  /** What Sony granted on every link and refresh, newest first. */
  async grants(userId: string) {
    return (await this.deps.grants?.list(userId)) ?? [];
  }

  async #recordGrant(userId: string, kind: 'link' | 'refresh', tokens: TokenSet): Promise<void> {
    const now = this.deps.now();
    await this.deps.grants?.record(userId, {
      kind,
      grantedAt: new Date(now).toISOString(),
      refreshLifetimeS: tokens.refreshTokenExpiresIn ?? Math.round((tokens.refreshTokenExpiresAt - now) / 1000),
      accessLifetimeS: Math.round((tokens.accessTokenExpiresAt - now) / 1000),
      refreshExpiresAt: new Date(tokens.refreshTokenExpiresAt).toISOString(),
    });
  }

  /**
   * The pace the user's PSN account can be spent at: requests it may send now, and the time each
   * further one costs once those are gone (the window over the limit: about 3 s at Sony's 300 per
   * 15 minutes). Undefined without a connection or a budget.
   */
  async pace(userId: string): Promise<{ available: number; msPerRequest: number } | undefined> {
    if (this.deps.psnOptions.budget === false) return undefined;
    const c = await this.deps.connections.get(userId);
    if (!c) return undefined;
    const available = await this.deps.budget.remaining(c.account_id, this.deps.now(), this.#budgetLimit, this.#effectiveWindowMs);
    return { available, msPerRequest: this.#effectiveWindowMs / this.#budgetLimit };
  }

  /** Requests in a full PSN budget window (default 300 per 15 minutes). */
  get budgetLimit(): number {
    return this.#budgetLimit;
  }

  /** Each usable connection's requests left in its PSN account's window (one query, however many accounts). */
  async budgets(): Promise<Array<{ onlineId: string; left: number }>> {
    const active = await this.deps.connections.active();
    const spent = await this.deps.budget.spentByKey(this.deps.now(), this.#budgetWindowMs, this.#budgetLimit);
    return active.map((c) => ({ onlineId: c.online_id, left: Math.max(0, this.#budgetLimit - (spent.get(c.account_id) ?? 0)) }));
  }

  /**
   * A PSN client for the user's connection, its tokens decrypted, new tokens re-encrypted as they
   * come, and its budget keyed by the PSN account. A caller's `logger` and `onRequest` (a run
   * counting its requests) are added to the instance's, not put in their place. Throws when the
   * connection cannot be used.
   */
  async clientFor(userId: string, overrides: Partial<PsnClientOptions> = {}): Promise<PsnClient> {
    const c = await this.deps.connections.get(userId);
    if (!c) throw new ConnectionError('not_connected', NOT_CONNECTED);
    if (c.state !== 'active') throw new ConnectionError(c.state, c.state_detail ?? `The PlayStation connection is ${c.state}; reconnect with a new NPSSO.`);
    if (Date.parse(c.refresh_expires_at) <= this.deps.now()) {
      await this.markUnusable(userId, 'expired', 'The PSN token has expired; paste a new NPSSO to reconnect.');
      throw new ConnectionError('expired', 'The PSN token has expired; paste a new NPSSO to reconnect.');
    }
    const { vault } = this.deps;
    let tokens: TokenSet;
    try {
      tokens = {
        accessToken: c.access_token_enc ? vault.decrypt(c.access_token_enc) : '',
        accessTokenExpiresAt: c.access_expires_at ? Date.parse(c.access_expires_at) : 0,
        refreshToken: vault.decrypt(c.refresh_token_enc),
        refreshTokenExpiresAt: Date.parse(c.refresh_expires_at),
        scope: 'psn:mobile.v2.core psn:clientapp',
        tokenType: 'bearer',
      };
    } catch (error) {
      if (!(error instanceof VaultError)) throw error;
      // No retry can fix this: the connection says so (not a green countdown) until the user reconnects.
      await this.markUnusable(userId, 'revoked', UNREADABLE_TOKENS);
      throw new ConnectionError('revoked', UNREADABLE_TOKENS);
    }
    // Written only over the tokens this client started from: a reconnect or a key rotation meanwhile wins.
    let sealedRefresh = c.refresh_token_enc;
    const base = this.deps.psnOptions;
    return new PsnClient({
      ...base,
      ...overrides,
      ...(base.logger && overrides.logger ? { logger: teeLogger(base.logger, overrides.logger) } : {}),
      ...(base.onRequest && overrides.onRequest ? { onRequest: both(base.onRequest, overrides.onRequest) } : {}),
      tokens,
      budgetKey: c.account_id,
      onTokens: async (fresh) => {
        const sealed = this.#sealed(fresh);
        if (await this.deps.connections.updateIfUnchanged(userId, sealedRefresh, { ...sealed, updated_at: new Date(this.deps.now()).toISOString() })) {
          sealedRefresh = sealed.refresh_token_enc;
          await this.#recordGrant(userId, 'refresh', fresh);
        }
      },
    });
  }

  /** Records that the connection can no longer sync (expired or revoked): no retries until reconnect. */
  async markUnusable(userId: string, state: 'expired' | 'revoked' | 'error', detail: string): Promise<void> {
    await this.deps.connections.update(userId, { state, state_detail: detail, updated_at: new Date(this.deps.now()).toISOString() });
  }

  /** Turns a reauth error from a sync into the connection's state; returns whether it did. */
  async absorbAuthFailure(userId: string, error: unknown): Promise<boolean> {
    if (!isPsnError(error)) return false;
    if (error.kind === 'refresh_expired') {
      await this.markUnusable(userId, 'expired', 'The PSN token has expired or was revoked; paste a new NPSSO to reconnect.');
      return true;
    }
    if (error.kind === 'unauthorized') {
      await this.markUnusable(
        userId,
        'revoked',
        'PlayStation signed this token out (a password change or “sign out of all devices”). Paste a fresh NPSSO to reconnect.',
      );
      return true;
    }
    return false;
  }

  /**
   * Deletes the tokens and, when asked, every imported title and trophy of the user; queued jobs
   * are dropped and a running one stops at its next title.
   */
  async disconnect(userId: string, options: { wipe: boolean }): Promise<{ disconnected: boolean; wiped: boolean }> {
    const disconnected = await this.deps.connections.delete(userId);
    if (options.wipe) await this.deps.userData.wipe(userId);
    await this.deps.jobs.cancelFor(userId);
    return { disconnected, wiped: options.wipe };
  }

  #sealed(tokens: TokenSet) {
    const { vault } = this.deps;
    return {
      refresh_token_enc: vault.encrypt(tokens.refreshToken),
      access_token_enc: vault.encrypt(tokens.accessToken),
      access_expires_at: new Date(tokens.accessTokenExpiresAt).toISOString(),
      refresh_expires_at: new Date(tokens.refreshTokenExpiresAt).toISOString(),
    };
  }
}

export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  constructor(
    readonly kind: 'not_connected' | 'expired' | 'revoked' | 'error',
    message: string,
  ) {
    super(message);
  }
}

/** The connection's health as the UI shows it: a dead token first, then Sony's outage or block. */
function healthOf(c: PsnConnection, state: PsnConnection['state']): TokenHealth {
  if (state === 'expired' || state === 'revoked')
    return {
      kind: 'reconnect',
      message: c.state_detail ?? 'The PSN token no longer works: paste a fresh NPSSO to reconnect.',
      since: c.updated_at,
      retryAt: null,
    };
  if (c.health === 'signin_outage' || c.health === 'edge_blocked')
    return { kind: c.health === 'signin_outage' ? 'sony_outage' : 'edge_blocked', message: c.health_detail, since: c.health_since, retryAt: c.health_retry_at };
  return { kind: 'ok', message: null, since: null, retryAt: null };
}

/** The singleton key of a user's title-list job: one at a time. */
const titleListKey = (userId: string) => `title-list:${userId}`;

function both(a: (info: RequestInfo) => void, b: (info: RequestInfo) => void) {
  return (info: RequestInfo) => {
    a(info);
    b(info);
  };
}

function teeLogger(a: Logger, b: Logger): Logger {
  const both =
    (level: keyof Logger) =>
    (message: string, fields?: Record<string, unknown>): void => {
      a[level](message, fields);
      b[level](message, fields);
    };
  return { debug: both('debug'), info: both('info'), warn: both('warn'), error: both('error') };
}
