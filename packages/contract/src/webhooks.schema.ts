/** Webhooks: a user's hooks, their deliveries (the log with each receiver's answer), the test button. */
import { z } from 'zod';

/** What a hook can be told: a trophy earned, a platinum, a sync that failed, the token expiring (14 and 3 days before), Sony's sign-in failing. */
export const webhookEvent = z.enum(['trophy.earned', 'platinum.earned', 'sync.failed', 'token.expiring', 'psn.signin_failing']);
/** `json`: the event as JSON, signed; `discord`: a Discord webhook message; `ntfy`: an ntfy notification (text, title and tags in headers). */
export const webhookFormat = z.enum(['json', 'discord', 'ntfy']);

export const webhookBody = z.object({
  url: z
    .string()
    .min(1, 'give the receiver’s URL')
    .max(2000)
    .meta({ description: 'https:// (or http://); a host resolving to a loopback, private or link-local address is refused unless the operator allows it' }),
  format: webhookFormat.default('json'),
  events: z.array(webhookEvent).min(1, 'choose at least one event'),
});

export const webhookPatch = z.object({
  url: z.string().min(1).max(2000).optional(),
  format: webhookFormat.optional(),
  events: z.array(webhookEvent).min(1, 'choose at least one event').optional(),
  enabled: z.boolean().optional(),
});

export const webhookDelivery = z
  .object({
    id: z.string(),
    eventId: z.string().meta({ description: 'Stable per event (the `Trophyroom-Event-Id` header): deduplicate on it' }),
    eventType: z.string(),
    state: z.enum(['pending', 'sending', 'delivered', 'failed']),
    attempts: z.int(),
    status: z.int().nullable().meta({ description: 'The receiver’s last HTTP status' }),
    error: z.string().nullable(),
    response: z.string().nullable().meta({ description: 'The start of the receiver’s last answer' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    deliveredAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable().meta({ description: 'When it is tried again (pending only)' }),
  })
  .meta({ id: 'WebhookDelivery' });

export const webhook = z
  .object({
    id: z.string(),
    url: z.string(),
    format: webhookFormat,
    events: z.array(webhookEvent),
    enabled: z.boolean(),
    createdAt: z.string(),
    lastDelivery: webhookDelivery.nullable().meta({ description: 'The latest attempt and the receiver’s answer' }),
  })
  .meta({ id: 'Webhook' });

export const webhookList = z.object({ items: z.array(webhook) });
export const webhookResponse = z.object({ webhook });
export const createdWebhook = z.object({
  webhook,
  secret: z.string().meta({ description: 'The signing secret (shown once): HMAC-SHA256 of `<t>.<body>` is `v1` in `Trophyroom-Signature: t=<t>,v1=<hex>`' }),
});
export const webhookDeliveries = z.object({ items: z.array(webhookDelivery) });
export const webhookTestResponse = z.object({ deliveryId: z.string() });
