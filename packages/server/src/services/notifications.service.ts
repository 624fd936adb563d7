/**
 * Notifications, the only door to the webhooks and their delivery log: a user's hooks (URL checked
 * against server-side request forgery, a signing secret shown once and kept sealed in the vault),
 * events recorded as deliveries in an outbox — in the transaction that saw them when there is one
 * (a trophy's save), one per hook and event whatever retries or crashes happen — and delivered
 * by the job system (`webhooks.deliver`), never by a web request and never inside a sync: each
 * delivery is claimed with a lease, sent with a timeout, and retried with backoff.
 * @module
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Vault } from '@trophyroom/vault';
import type { Kysely } from 'kysely';
import type { Database, Webhook, WebhookDelivery, WebhookFormat } from '../db/schema.ts';
import type { JobSender } from '../jobs/queue.ts';
import type { EarnedChange } from '../repositories/library.repository.ts';
import { type OutboxEvent, WebhooksRepository } from '../repositories/webhooks.repository.ts';
import { ServiceError } from './service-error.ts';
import { sendWebhook, type WebhookEvent } from './webhook-sender.ts';
import { parseHookUrl, type Resolve, resolveTarget, systemResolve, WebhookTargetError } from './webhook-target.ts';

/** The events a hook can take. */
export const webhookEvents = ['trophy.earned', 'platinum.earned', 'sync.failed', 'token.expiring', 'psn.signin_failing'] as const;
export type WebhookEventType = (typeof webhookEvents)[number];

/** When a delivery that failed for a passing reason is tried again. */
export interface DeliveryRetryPolicy {
  /** Waits before each retry. @default [30 s, 2 min, 10 min, 1 h, 6 h] (6 attempts in all) */
  delaysMs: number[];
}

export interface NotificationsDeps {
  db: Kysely<Database>;
  vault: Vault;
  jobs: JobSender;
  now: () => number;
  /** Let hooks reach loopback, private and link-local addresses (the operator's choice). @default false */
  allowPrivate?: boolean;
  /** @default the system's DNS */
  resolve?: Resolve;
  /** One attempt's limit. @default 10_000 */
  timeoutMs?: number;
  retry?: Partial<DeliveryRetryPolicy>;
  /** How long a claimed delivery is the sender's. @default 60_000 */
  leaseMs?: number;
  /** @default 'Trophyroom-Webhooks' */
  userAgent?: string;
}

export interface WebhookView {
  id: string;
  url: string;
  format: WebhookFormat;
  events: WebhookEventType[];
  enabled: boolean;
  createdAt: string;
  /** The latest attempt and what the receiver answered. */
  lastDelivery: DeliveryView | null;
}

export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  state: WebhookDelivery['state'];
  attempts: number;
  status: number | null;
  error: string | null;
  response: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string | null;
}

const MAX_HOOKS = 10;

const deliveryView = (d: WebhookDelivery): DeliveryView => ({
  id: d.id,
  eventId: d.event_id,
  eventType: d.event_type,
  state: d.state,
  attempts: d.attempts,
  status: d.last_status,
  error: d.last_error,
  response: d.response_excerpt,
  createdAt: d.created_at,
  updatedAt: d.updated_at,
  deliveredAt: d.delivered_at,
  nextAttemptAt: d.state === 'pending' ? d.next_attempt_at : null,
});

/** The stable id of an event: the same event of the same user always gets the same one. */
export function eventId(userId: string, key: string): string {
  return `evt_${createHash('sha256').update(`${userId}|${key}`).digest('hex').slice(0, 32)}`;
}

export class NotificationsService {
  readonly #repo: WebhooksRepository;
  readonly #retry: DeliveryRetryPolicy;
  readonly #resolve: Resolve;

  constructor(private readonly deps: NotificationsDeps) {
    this.#repo = new WebhooksRepository(deps.db);
    this.#retry = { delaysMs: [30_000, 120_000, 600_000, 3_600_000, 21_600_000], ...deps.retry };
    this.#resolve = deps.resolve ?? systemResolve;
  }

  #iso(ms = this.deps.now()): string {
    return new Date(ms).toISOString();
  }

  async #checkUrl(text: string): Promise<string> {
    try {
      const url = parseHookUrl(text);
      await resolveTarget(url, { resolve: this.#resolve, allowPrivate: this.deps.allowPrivate ?? false });
      return url.toString();
    } catch (error) {
      if (error instanceof WebhookTargetError) throw new ServiceError('webhook_url_refused', error.message);
      throw error;
    }
  }

  async #view(hooks: Webhook[]): Promise<WebhookView[]> {
    const last = await this.#repo.lastAttempts(hooks.map((h) => h.id));
    return hooks.map((h) => {
      const l = last.get(h.id);
      return {
        id: h.id,
        url: h.url,
        format: h.format,
        events: JSON.parse(h.events) as WebhookEventType[],
        enabled: h.enabled === 1,
        createdAt: h.created_at,
        lastDelivery: l ? deliveryView(l) : null,
      };
    });
  }

  /** The user's hooks, each with its last delivery. */
  async list(userId: string): Promise<WebhookView[]> {
    return this.#view(await this.#repo.list(userId));
  }

  async #one(userId: string, id: string): Promise<Webhook> {
    const hook = await this.#repo.get(userId, id);
    if (!hook) throw new ServiceError('not_found', 'That webhook was not found (deleted, or not yours).');
    return hook;
  }

  /** Adds a hook; returns it and its signing secret, which is shown this once. */
  async create(userId: string, input: { url: string; format: WebhookFormat; events: WebhookEventType[] }): Promise<{ webhook: WebhookView; secret: string }> {
    if ((await this.#repo.count(userId)) >= MAX_HOOKS)
      throw new ServiceError('too_many_webhooks', `You have ${MAX_HOOKS} webhooks, the most one user may have. Delete one first.`);
    const url = await this.#checkUrl(input.url);
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const hook = await this.#repo.create({
      userId,
      url,
      format: input.format,
      events: [...new Set(input.events)],
      secretEnc: this.deps.vault.encrypt(secret),
      now: this.#iso(),
    });
    return { webhook: (await this.#view([hook]))[0] as WebhookView, secret };
  }

  async update(
    userId: string,
    id: string,
    changes: { url?: string | undefined; format?: WebhookFormat | undefined; events?: WebhookEventType[] | undefined; enabled?: boolean | undefined },
  ) {
    await this.#one(userId, id);
    await this.#repo.update(userId, id, {
      ...(changes.url !== undefined ? { url: await this.#checkUrl(changes.url) } : {}),
      ...(changes.format !== undefined ? { format: changes.format } : {}),
      ...(changes.events !== undefined ? { events: JSON.stringify([...new Set(changes.events)]) } : {}),
      ...(changes.enabled !== undefined ? { enabled: changes.enabled ? 1 : 0 } : {}),
    });
    return (await this.#view([await this.#one(userId, id)]))[0] as WebhookView;
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.#repo.delete(userId, id))) throw new ServiceError('not_found', 'That webhook was not found (deleted, or not yours).');
  }

  /** A hook's latest deliveries, newest first. */
  async deliveries(userId: string, id: string, limit = 50): Promise<DeliveryView[]> {
    await this.#one(userId, id);
    return (await this.#repo.log(id, limit)).map(deliveryView);
  }

  /** Queues a test event to one hook (enabled or not); the job delivers it. */
  async test(userId: string, id: string): Promise<{ deliveryId: string }> {
    await this.#one(userId, id);
    const at = this.#iso();
    const event: WebhookEvent = {
      id: eventId(userId, `test|${randomUUID()}`),
      type: 'test',
      occurredAt: at,
      data: { message: 'A test delivery from Trophyroom: this hook works.' },
    };
    const [deliveryId] = await this.#repo.record(userId, { id: event.id, type: event.type, payload: JSON.stringify(event) }, at, { hookId: id });
    await this.kick(userId);
    return { deliveryId: deliveryId as string };
  }

  /** The events of a title's save: each trophy that turned earned, and a platinum. */
  trophyEvents(userId: string, earned: readonly EarnedChange[], at: string): OutboxEvent[] {
    const events: OutboxEvent[] = [];
    for (const t of earned) {
      const game = { npCommunicationId: t.npCommunicationId, name: t.titleName };
      const trophy = { id: t.trophyId, type: t.type, name: t.name, hidden: t.hidden, earnedAt: t.earnedAt };
      events.push(
        outbox({
          id: eventId(userId, `trophy.earned|${t.npCommunicationId}|${t.trophyId}`),
          type: 'trophy.earned',
          occurredAt: t.earnedAt ?? at,
          data: { game, trophy },
        }),
      );
      if (t.type === 'platinum')
        events.push(
          outbox({
            id: eventId(userId, `platinum.earned|${t.npCommunicationId}`),
            type: 'platinum.earned',
            occurredAt: t.earnedAt ?? at,
            data: { game, trophy },
          }),
        );
    }
    return events;
  }

  /** Records events inside a caller's transaction (the save that saw them): they commit with it or not at all. */
  async recordWithin(trx: Kysely<Database>, userId: string, events: readonly OutboxEvent[]): Promise<number> {
    const repo = new WebhooksRepository(trx);
    let made = 0;
    for (const e of events) made += (await repo.record(userId, e, this.#iso())).length;
    return made;
  }

  /** Records an event (`key` makes its id: the same key never notifies twice) and queues its delivery. */
  async notify(userId: string, type: WebhookEventType, key: string, data: Record<string, unknown>): Promise<void> {
    const at = this.#iso();
    const event: WebhookEvent = { id: eventId(userId, `${type}|${key}`), type, occurredAt: at, data };
    if ((await this.#repo.record(userId, outbox(event), at)).length > 0) await this.kick(userId);
  }

  /** Queues a delivery job (the web process never sends itself). */
  async kick(userId?: string, runAt?: number): Promise<void> {
    const payload = userId ? { userId } : {};
    await this.deps.jobs.enqueue('webhooks.deliver', payload, runAt === undefined ? {} : { runAt, singletonKey: `webhooks:${userId ?? '*'}:${runAt}` });
  }

  /** Queues a delivery job when deliveries are due and none is queued for them (after a crash, for retries). */
  async kickDue(): Promise<boolean> {
    const next = await this.#repo.nextDue();
    if (next === undefined || Date.parse(next) > this.deps.now()) return false;
    await this.kick();
    return true;
  }

  /**
   * Sends what is due (a user's, or everyone's), one delivery after another, each claimed with a
   * lease; then queues the next job for the earliest retry still waiting. Returns how many it sent.
   */
  async deliverDue(options: { userId?: string | undefined; signal?: AbortSignal | undefined } = {}): Promise<number> {
    let sent = 0;
    const lease = this.deps.leaseMs ?? 60_000;
    for (;;) {
      if (options.signal?.aborted) return sent;
      const now = this.deps.now();
      const batch = await this.#repo.claimDue(this.#iso(now), this.#iso(now + lease), { userId: options.userId, limit: 20 });
      if (batch.length === 0) break;
      for (const delivery of batch) {
        if (options.signal?.aborted) return sent;
        await this.#deliver(delivery);
        sent += 1;
      }
    }
    const next = await this.#repo.nextDue(options.userId);
    if (next !== undefined && !options.signal?.aborted) await this.kick(options.userId, Math.max(Date.parse(next), this.deps.now()));
    return sent;
  }

  async #deliver(delivery: WebhookDelivery): Promise<void> {
    const hook = await this.#repo.hook(delivery.hook_id);
    const finish = (outcome: { delivered: boolean; retryAt?: string | undefined; status: number | null; error: string | null; excerpt: string | null }) =>
      this.#repo.finish(delivery, { retryAt: undefined, ...outcome, now: this.#iso() });
    if (!hook) return void (await finish({ delivered: false, status: null, error: 'The webhook was deleted.', excerpt: null }));
    if (hook.enabled !== 1 && delivery.event_type !== 'test')
      return void (await finish({ delivered: false, status: null, error: 'The webhook was turned off before this was sent.', excerpt: null }));
    let secret: string;
    try {
      secret = this.deps.vault.decrypt(hook.secret_enc);
    } catch {
      return void (await finish({
        delivered: false,
        status: null,
        error: 'The signing secret cannot be opened (the vault key changed): delete the webhook and add it again.',
        excerpt: null,
      }));
    }
    const outcome = await sendWebhook(
      { url: hook.url, format: hook.format, secret },
      JSON.parse(delivery.payload) as WebhookEvent,
      { id: delivery.id, attempt: delivery.attempts },
      {
        resolve: this.#resolve,
        allowPrivate: this.deps.allowPrivate ?? false,
        now: this.deps.now,
        userAgent: this.deps.userAgent ?? 'Trophyroom-Webhooks',
        ...(this.deps.timeoutMs ? { timeoutMs: this.deps.timeoutMs } : {}),
      },
    );
    const wait = this.#retry.delaysMs[delivery.attempts - 1];
    const retryAt = !outcome.ok && outcome.retryable && wait !== undefined ? this.#iso(this.deps.now() + wait) : undefined;
    await finish({ delivered: outcome.ok, retryAt, status: outcome.status, error: outcome.error, excerpt: outcome.excerpt });
  }

  /** A sync that failed: one notification per run. */
  async syncFailed(userId: string, run: { id: string; errors: string }): Promise<void> {
    const errors = JSON.parse(run.errors) as Array<{ kind: string; message: string }>;
    const first = errors[0];
    await this.notify(userId, 'sync.failed', run.id, {
      runId: run.id,
      kind: first?.kind ?? 'internal',
      message: `The PlayStation sync failed: ${first?.message ?? 'see the run in Trophyroom.'}`,
    });
  }

  /**
   * The token's countdown at a sync: a notification at 14 days left and another at 3, once each per
   * token (named by when it was linked: a refresh moves the stated expiry by a second or so).
   */
  async tokenCheck(userId: string, countdown: { state: string; daysLeft: number; expiresAt: string }, linkedAt: string): Promise<void> {
    if (countdown.state === 'expired') return;
    const mark = countdown.daysLeft <= 3 ? 3 : countdown.daysLeft <= 14 ? 14 : undefined;
    if (mark === undefined) return;
    await this.notify(userId, 'token.expiring', `${linkedAt}|${mark}`, {
      daysLeft: countdown.daysLeft,
      expiresAt: countdown.expiresAt,
      message: `The PlayStation token expires in ${countdown.daysLeft} ${countdown.daysLeft === 1 ? 'day' : 'days'} (${countdown.expiresAt.slice(0, 10)}). Reconnect with a fresh NPSSO in Trophyroom's Settings to keep syncing; your trophies and settings stay.`,
    });
  }

  /** A delivery as the log shows it (tests and the API). */
  async delivery(userId: string, id: string): Promise<DeliveryView | undefined> {
    const d = await this.#repo.delivery(id);
    return d && d.user_id === userId ? deliveryView(d) : undefined;
  }
}

function outbox(event: WebhookEvent): OutboxEvent {
  return { id: event.id, type: event.type, payload: JSON.stringify(event) };
}
