/**
 * A user's webhooks and their deliveries — the outbox. A delivery is written in the transaction
 * that saw its event (a trophy's save), at most once per hook and event (a unique index on
 * `(hook_id, event_id)`), and claimed with a lease (`locked_until`) by whoever sends it: a sender
 * that dies leaves it to be claimed again when the lease runs out; every write after a claim is
 * fenced by the claim's attempt number.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Webhook, WebhookDelivery, WebhookFormat } from '../db/schema.ts';

/** An event to deliver to a user's hooks. */
export interface OutboxEvent {
  /** Stable: the same event always has the same id (the receiver's idempotency key). */
  id: string;
  type: string;
  /** The event as JSON. */
  payload: string;
}

export class WebhooksRepository {
  constructor(private readonly db: Kysely<Database>) {}

  list(userId: string): Promise<Webhook[]> {
    return this.db.selectFrom('webhooks').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  }

  get(userId: string, id: string): Promise<Webhook | undefined> {
    return this.db.selectFrom('webhooks').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  }

  async count(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom('webhooks')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async create(hook: { userId: string; url: string; format: WebhookFormat; events: string[]; secretEnc: string; now: string }): Promise<Webhook> {
    const row: Webhook = {
      id: randomUUID(),
      user_id: hook.userId,
      url: hook.url,
      format: hook.format,
      events: JSON.stringify(hook.events),
      secret_enc: hook.secretEnc,
      enabled: 1,
      created_at: hook.now,
    };
    await this.db.insertInto('webhooks').values(row).execute();
    return row;
  }

  async update(userId: string, id: string, changes: Partial<Pick<Webhook, 'url' | 'format' | 'events' | 'enabled'>>): Promise<boolean> {
    const r = await this.db.updateTable('webhooks').set(changes).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async delete(userId: string, id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const hook = await trx.selectFrom('webhooks').select('id').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
      if (!hook) return false;
      await trx.deleteFrom('webhook_deliveries').where('hook_id', '=', id).execute();
      await trx.deleteFrom('webhooks').where('id', '=', id).execute();
      return true;
    });
  }

  /**
   * Records an event for every enabled hook of the user that takes its type (or only `hookId`);
   * an event already recorded for a hook is left as it is. Returns the deliveries made.
   */
  async record(userId: string, event: OutboxEvent, now: string, options: { hookId?: string } = {}): Promise<string[]> {
    let hooks = this.db.selectFrom('webhooks').select(['id', 'events']).where('user_id', '=', userId);
    hooks = options.hookId ? hooks.where('id', '=', options.hookId) : hooks.where('enabled', '=', 1);
    const targets = (await hooks.execute()).filter((h) => options.hookId || (JSON.parse(h.events) as string[]).includes(event.type));
    const made: string[] = [];
    for (const hook of targets) {
      const id = randomUUID();
      const r = await this.db
        .insertInto('webhook_deliveries')
        .values({
          id,
          hook_id: hook.id,
          user_id: userId,
          event_id: event.id,
          event_type: event.type,
          payload: event.payload,
          state: 'pending',
          attempts: 0,
          next_attempt_at: now,
          locked_until: null,
          last_status: null,
          last_error: null,
          response_excerpt: null,
          created_at: now,
          updated_at: now,
          delivered_at: null,
        })
        .onConflict((oc) => oc.columns(['hook_id', 'event_id']).doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) === 1) made.push(id);
    }
    return made;
  }

  /** Claims up to `limit` due deliveries (pending and due, or sending with a lapsed lease) until `leaseUntil`. */
  async claimDue(now: string, leaseUntil: string, options: { userId?: string | undefined; limit: number }): Promise<WebhookDelivery[]> {
    let q = this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where((eb) =>
        eb.or([eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', now)]), eb.and([eb('state', '=', 'sending'), eb('locked_until', '<', now)])]),
      );
    if (options.userId) q = q.where('user_id', '=', options.userId);
    const candidates = await q.orderBy('next_attempt_at').orderBy('created_at').limit(options.limit).execute();
    const claimed: WebhookDelivery[] = [];
    for (const c of candidates) {
      const r = await this.db
        .updateTable('webhook_deliveries')
        .set({ state: 'sending', locked_until: leaseUntil, attempts: c.attempts + 1, updated_at: now })
        .where('id', '=', c.id)
        .where('state', '=', c.state)
        .where('attempts', '=', c.attempts)
        .executeTakeFirst();
      // Another sender took it first: it is theirs.
      if (Number(r.numUpdatedRows) === 1) claimed.push({ ...c, state: 'sending', locked_until: leaseUntil, attempts: c.attempts + 1, updated_at: now });
    }
    return claimed;
  }

  /** Records an attempt's outcome: delivered, due again at `retryAt`, or failed for good. Fenced by the claim's attempt. */
  async finish(
    delivery: Pick<WebhookDelivery, 'id' | 'attempts'>,
    outcome: { delivered: boolean; retryAt: string | undefined; status: number | null; error: string | null; excerpt: string | null; now: string },
  ): Promise<boolean> {
    const state = outcome.delivered ? 'delivered' : outcome.retryAt ? 'pending' : 'failed';
    const r = await this.db
      .updateTable('webhook_deliveries')
      .set({
        state,
        locked_until: null,
        next_attempt_at: outcome.retryAt ?? outcome.now,
        last_status: outcome.status,
        last_error: outcome.error,
        response_excerpt: outcome.excerpt,
        updated_at: outcome.now,
        delivered_at: outcome.delivered ? outcome.now : null,
      })
      .where('id', '=', delivery.id)
      .where('state', '=', 'sending')
      .where('attempts', '=', delivery.attempts)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  hook(id: string): Promise<Webhook | undefined> {
    return this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** When the next pending delivery (of a user, or any) is due, if one is waiting. */
  async nextDue(userId?: string): Promise<string | undefined> {
    let q = this.db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.min<string>('next_attempt_at').as('at'))
      .where('state', 'in', ['pending', 'sending']);
    if (userId) q = q.where('user_id', '=', userId);
    return (await q.executeTakeFirst())?.at ?? undefined;
  }

  /** A hook's latest deliveries, newest first. */
  log(hookId: string, limit: number): Promise<WebhookDelivery[]> {
    return this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('hook_id', '=', hookId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Each hook's latest attempted delivery (the last response), by hook id. */
  async lastAttempts(hookIds: readonly string[]): Promise<Map<string, WebhookDelivery>> {
    const out = new Map<string, WebhookDelivery>();
    for (const id of hookIds) {
      const last = await this.db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('hook_id', '=', id)
        .where('attempts', '>', 0)
        .orderBy('updated_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (last) out.set(id, last);
    }
    return out;
  }

  delivery(id: string): Promise<WebhookDelivery | undefined> {
    return this.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
