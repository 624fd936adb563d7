/**
 * A banner on every screen when the PlayStation connection needs the user, or is waiting on Sony:
 * a dead token (reconnect), Sony's sign-in outage (nothing to do: retried by itself), Sony's
 * firewall (we back off), or a token about to expire (≤ 14 days).
 * @module
 */
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Connection } from '../../api/types.ts';
import { formatDateTime } from '../../format/dates.ts';
import { Link } from '../../router/link.tsx';

export function HealthBanner({ path }: { path: string }) {
  const [connection, setConnection] = useState<Connection | null>(null);
  // Read again on each screen (the key): a sync may have changed it meanwhile.
  const [seenPath, setSeenPath] = useState<string | null>(null);
  useEffect(() => {
    if (seenPath === path) return;
    setSeenPath(path);
    api.connection().then(
      (r) => setConnection(r.connection),
      () => setConnection(null),
    );
  }, [path, seenPath]);
  if (!connection) return null;
  const { health, countdown } = connection;
  const settings = path === '/settings' ? null : <Link href="/settings#connected-accounts">Connected accounts</Link>;
  if (health.kind === 'reconnect')
    return (
      <div className="banner banner--danger" role="alert" data-health="reconnect">
        <strong>PlayStation needs you to reconnect.</strong> {health.message} {settings && <>Open {settings}.</>}
      </div>
    );
  if (health.kind === 'sony_outage' || health.kind === 'edge_blocked')
    return (
      <div className="banner banner--info" role="status" data-health={health.kind}>
        <strong>{health.kind === 'sony_outage' ? "Sony's sign-in is down." : "Sony's firewall is holding us back."}</strong> {health.message}
        {health.retryAt && <> Next try: {formatDateTime(health.retryAt)}.</>}
      </div>
    );
  if (countdown.state === 'amber' || countdown.state === 'red')
    return (
      <div className={`banner banner--${countdown.state === 'red' ? 'danger' : 'warning'}`} role="status" data-health="expiring">
        <strong>
          The PlayStation token expires in {countdown.daysLeft} {countdown.daysLeft === 1 ? 'day' : 'days'}.
        </strong>{' '}
        Reconnect with a fresh NPSSO to keep syncing; your trophies and settings stay. {settings && <>Open {settings}.</>}
      </div>
    );
  return null;
}
