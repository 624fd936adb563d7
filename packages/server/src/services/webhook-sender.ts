/**
 * Sends one webhook delivery: the event in the hook's format (plain JSON, a Discord message, an
 * ntfy notification), signed with HMAC-SHA256 over `<timestamp>.<body>` in `Trophyroom-Signature`
 * (`t=<unix seconds>,v1=<hex>`), to the address the SSRF check resolved (the connection goes
 * there; the name stays the URL's for the Host header and TLS), within a timeout, never following
 * a redirect. The outcome says whether to try again.
 * @module
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { WebhookFormat } from '../db/schema.ts';
import { parseHookUrl, type Resolve, resolveTarget, WebhookTargetError } from './webhook-target.ts';

/** An event as a hook receives it in the plain JSON format. */
export interface WebhookEvent {
  /** Stable per event: deliveries of the same event carry the same id (deduplicate on it). */
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface SendOptions {
  resolve: Resolve;
  allowPrivate: boolean;
  /** The whole attempt (connect, send, answer). @default 10_000 */
  timeoutMs?: number;
  /** Unix time of the signature. */
  now: () => number;
  userAgent: string;
}

export interface SendOutcome {
  ok: boolean;
  /** Whether another attempt may succeed (5xx, 408, 429, network, timeout). */
  retryable: boolean;
  status: number | null;
  error: string | null;
  /** The start of the receiver's answer, as text. */
  excerpt: string | null;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` — what a receiver recomputes with its secret. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Control characters other than tab and line breaks: a log shows them as spaces. */
const CONTROL = new RegExp(`[${String.fromCharCode(0)}-${String.fromCharCode(8)}${String.fromCharCode(11)}-${String.fromCharCode(31)}]`, 'g');

const colors: Record<string, number> = { platinum: 0x7fb2e5, gold: 0xd4a93c, silver: 0xa8a8a8, bronze: 0xb06f3c };

/** A line of text a person reads: what happened. */
export function describe(event: WebhookEvent, options: { spoilers: 'discord' | 'plain' }): { title: string; text: string; tags: string[] } {
  const d = event.data as Record<string, Record<string, unknown> | string | number | undefined>;
  const game = (d.game as { name?: string } | undefined)?.name ?? 'a game';
  const trophy = d.trophy as { name?: string; type?: string; hidden?: boolean } | undefined;
  const secretName = (name: string) => (options.spoilers === 'discord' ? `||${name}||` : `${name} (secret)`);
  switch (event.type) {
    case 'trophy.earned': {
      const name = trophy?.hidden ? secretName(trophy?.name ?? 'a secret trophy') : (trophy?.name ?? 'a trophy');
      return { title: `${trophy?.type ?? 'Trophy'} trophy earned`, text: `${name} — ${game}`, tags: ['trophy'] };
    }
    case 'platinum.earned':
      return { title: 'Platinum earned', text: `Platinum in ${game}!`, tags: ['trophy', 'tada'] };
    case 'sync.failed':
      return { title: 'Sync failed', text: String(d.message ?? 'The PlayStation sync failed.'), tags: ['warning'] };
    case 'token.expiring':
      return { title: 'PlayStation token expiring', text: String(d.message ?? 'The PlayStation token expires soon.'), tags: ['hourglass'] };
    case 'psn.signin_failing':
      return { title: "Sony's sign-in is failing", text: String(d.message ?? "Sony's sign-in service is failing."), tags: ['warning'] };
    default:
      return { title: 'Trophyroom test', text: String(d.message ?? 'A test delivery from Trophyroom.'), tags: ['white_check_mark'] };
  }
}

/** The request body and content type of an event in a hook's format. */
export function render(format: WebhookFormat, event: WebhookEvent): { body: string; contentType: string; headers: Record<string, string> } {
  if (format === 'discord') {
    const { title, text } = describe(event, { spoilers: 'discord' });
    const type = (event.data.trophy as { type?: string } | undefined)?.type ?? (event.type === 'platinum.earned' ? 'platinum' : undefined);
    const embed = {
      title,
      description: text,
      timestamp: event.occurredAt,
      footer: { text: `Trophyroom · ${event.type}` },
      ...(type ? { color: colors[type] } : {}),
    };
    // allowed_mentions: a trophy's name must never ping a Discord channel.
    return { body: JSON.stringify({ username: 'Trophyroom', embeds: [embed], allowed_mentions: { parse: [] } }), contentType: 'application/json', headers: {} };
  }
  if (format === 'ntfy') {
    const { title, text, tags } = describe(event, { spoilers: 'plain' });
    const high = event.type === 'platinum.earned' || event.type === 'token.expiring' || event.type === 'psn.signin_failing';
    // Header values are ASCII: titles stay plain, the body carries the names.
    return {
      body: text,
      contentType: 'text/plain; charset=utf-8',
      headers: { Title: title.replace(/[^\x20-\x7e]/g, '?'), Tags: tags.join(','), Priority: high ? 'high' : 'default' },
    };
  }
  return { body: JSON.stringify(event), contentType: 'application/json', headers: {} };
}

/** Sends an event to a hook once. Never throws: the outcome says what happened. */
export async function sendWebhook(
  hook: { url: string; format: WebhookFormat; secret: string },
  event: WebhookEvent,
  delivery: { id: string; attempt: number },
  options: SendOptions,
): Promise<SendOutcome> {
  let target: { address: string; family: 4 | 6 };
  let url: URL;
  try {
    url = parseHookUrl(hook.url);
    target = await resolveTarget(url, options);
  } catch (error) {
    const message = error instanceof WebhookTargetError ? error.message : 'The webhook URL could not be used.';
    return { ok: false, retryable: !(error instanceof WebhookTargetError && /private|URL|http/.test(message)), status: null, error: message, excerpt: null };
  }
  const { body, contentType, headers } = render(hook.format, event);
  const timestamp = Math.floor(options.now() / 1000);
  const timeoutMs = options.timeoutMs ?? 10_000;
  // The connection goes to the checked address, whatever a second DNS answer would say.
  const lookup: LookupFunction = (_host, opts, callback) => {
    if ((opts as { all?: boolean }).all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    const done = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = send(
      url,
      {
        method: 'POST',
        lookup,
        headers: {
          ...headers,
          'content-type': contentType,
          'content-length': Buffer.byteLength(body),
          'user-agent': options.userAgent,
          'trophyroom-event': event.type,
          'trophyroom-event-id': event.id,
          'trophyroom-delivery': delivery.id,
          'trophyroom-attempt': String(delivery.attempt),
          'trophyroom-signature': signature(hook.secret, timestamp, body),
        },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          // Only the start is kept for the log; the rest is read and dropped.
          if (size < 512) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const excerpt = Buffer.concat(chunks).subarray(0, 512).toString('utf8').replace(CONTROL, ' ') || null;
          if (status >= 200 && status < 300) return done({ ok: true, retryable: false, status, error: null, excerpt });
          if (status >= 300 && status < 400)
            return done({
              ok: false,
              retryable: false,
              status,
              error: `The receiver answered ${status}: redirects are not followed (give the final URL).`,
              excerpt,
            });
          const retryable = status >= 500 || status === 408 || status === 429;
          done({ ok: false, retryable, status, error: `The receiver answered ${status}.`, excerpt });
        });
        res.on('error', () => done({ ok: false, retryable: true, status: res.statusCode ?? null, error: 'The answer was cut off.', excerpt: null }));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done({ ok: false, retryable: true, status: null, error: `The receiver did not answer within ${timeoutMs / 1000} s.`, excerpt: null });
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) =>
      done({ ok: false, retryable: true, status: null, error: `Could not reach the receiver (${error.code ?? error.message}).`, excerpt: null }),
    );
    req.end(body);
  });
}
