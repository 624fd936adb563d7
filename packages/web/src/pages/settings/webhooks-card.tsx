/**
 * Settings → Notifications: the user's webhooks (JSON, Discord or ntfy), each with its events, its
 * last delivery and the receiver's answer, a test button, the delivery log, and a form to add one
 * (the signing secret is shown once).
 * @module
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Webhook, WebhookDelivery, WebhookEvent, WebhookFormat } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';
import { formatDateTime } from '../../format/dates.ts';

const EVENTS: Array<[WebhookEvent, string]> = [
  ['trophy.earned', 'A trophy earned'],
  ['platinum.earned', 'A platinum earned'],
  ['sync.failed', 'A sync failed'],
  ['token.expiring', 'The PlayStation token expires in 14 days, and in 3'],
  ['psn.signin_failing', "Sony's sign-in is failing"],
];
const FORMATS: Array<[WebhookFormat, string]> = [
  ['json', 'JSON (signed)'],
  ['discord', 'Discord'],
  ['ntfy', 'ntfy'],
];

function outcome(d: WebhookDelivery | null): string {
  if (!d) return 'Nothing sent yet';
  if (d.state === 'delivered') return `Delivered ${formatDateTime(d.deliveredAt ?? d.updatedAt)} (HTTP ${d.status})`;
  if (d.state === 'pending') return `${d.error ?? 'Waiting'} — tried ${d.attempts}×, again ${d.nextAttemptAt ? formatDateTime(d.nextAttemptAt) : 'soon'}`;
  if (d.state === 'sending') return 'Sending…';
  return `Failed after ${d.attempts} ${d.attempts === 1 ? 'try' : 'tries'}: ${d.error ?? `HTTP ${d.status}`}`;
}

function HookRow({ hook, onChanged }: { hook: Webhook; onChanged: () => Promise<void> }) {
  const [log, setLog] = useState<WebhookDelivery[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      await onChanged();
      if (log) setLog((await api.webhookDeliveries(hook.id)).items);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <li className="hook" data-hook-id={hook.id}>
      <div className="hook__head">
        <code className="hook__url">{hook.url}</code>
        <span className="tag">{FORMATS.find(([f]) => f === hook.format)?.[1]}</span>
        {!hook.enabled && <span className="tag">off</span>}
      </div>
      <p className="muted">{hook.events.map((e) => EVENTS.find(([k]) => k === e)?.[1] ?? e).join(' · ')}</p>
      <p className={`hook__last hook__last--${hook.lastDelivery?.state ?? 'none'}`}>{outcome(hook.lastDelivery)}</p>
      <div className="actions">
        <button type="button" className="button" onClick={() => void act(() => api.testWebhook(hook.id))}>
          Send a test
        </button>
        <button
          type="button"
          className="button"
          aria-expanded={log !== null}
          onClick={() => void act(async () => setLog(log ? null : (await api.webhookDeliveries(hook.id)).items))}
        >
          {log ? 'Hide deliveries' : 'Deliveries'}
        </button>
        <button type="button" className="button" onClick={() => void act(() => api.updateWebhook(hook.id, { enabled: !hook.enabled }))}>
          {hook.enabled ? 'Turn off' : 'Turn on'}
        </button>
        <button type="button" className="button button--danger" onClick={() => void act(() => api.deleteWebhook(hook.id))}>
          Delete
        </button>
      </div>
      <ErrorMessage error={error} />
      {log && (
        <table className="deliveries">
          <caption className="visually-hidden">Deliveries to {hook.url}</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">When</th>
              <th scope="col">Result</th>
              <th scope="col">Answer</th>
            </tr>
          </thead>
          <tbody>
            {log.length === 0 && (
              <tr>
                <td colSpan={4}>Nothing sent yet.</td>
              </tr>
            )}
            {log.map((d) => (
              <tr key={d.id} data-state={d.state}>
                <td>{d.eventType}</td>
                <td>{formatDateTime(d.createdAt)}</td>
                <td>{outcome(d)}</td>
                <td>
                  <code>{d.response ?? ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}

export function WebhooksCard() {
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<WebhookFormat>('json');
  const [events, setEvents] = useState<WebhookEvent[]>(['trophy.earned', 'platinum.earned', 'token.expiring']);
  const [secret, setSecret] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setHooks((await api.webhooks()).items);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const add = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await api.createWebhook({ url: url.trim(), format, events });
      setSecret(created.secret);
      setUrl('');
      await load();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <article className="card" aria-labelledby="hooks-title">
      <h3 id="hooks-title">Webhooks</h3>
      <p className="muted">
        Trophyroom tells a URL of yours when something happens. JSON deliveries are signed: <code>Trophyroom-Signature: t=…,v1=…</code> is the HMAC-SHA256 of{' '}
        <code>t.body</code> with the secret; <code>Trophyroom-Event-Id</code> stays the same when a delivery is retried.
      </p>
      {hooks && hooks.length > 0 && (
        <ul className="hooks">
          {hooks.map((h) => (
            <HookRow key={h.id} hook={h} onChanged={load} />
          ))}
        </ul>
      )}
      {secret && (
        <div className="callout callout--info" role="status">
          <p>
            <strong>The signing secret, shown this once:</strong> <code className="secret">{secret}</code>
          </p>
        </div>
      )}
      <form className="hook-form" onSubmit={(e) => void add(e)}>
        <div className="field">
          <label htmlFor="hook-url">Receiver URL</label>
          <input
            id="hook-url"
            type="url"
            required
            placeholder="https://discord.com/api/webhooks/… or https://ntfy.sh/your-topic"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="hook-format">Format</label>
          <select id="hook-format" value={format} onChange={(e) => setFormat(e.target.value as WebhookFormat)}>
            {FORMATS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="choice">
          <legend>Tell it when</legend>
          {EVENTS.map(([value, label]) => (
            <label key={value} className="check">
              <input
                type="checkbox"
                checked={events.includes(value)}
                onChange={(e) => setEvents(e.target.checked ? [...events, value] : events.filter((x) => x !== value))}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button button--primary" disabled={events.length === 0 || !url.trim()}>
          Add webhook
        </button>
      </form>
      <ErrorMessage error={error} />
    </article>
  );
}
