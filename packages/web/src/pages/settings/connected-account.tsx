/**
 * A connected PlayStation account: online id, the token countdown (and why it is short), the
 * last sync, "Sync now", auto-import, and Disconnect.
 * @module
 */
import { useState } from 'react';
import { isApiError } from '../../api/api-error.ts';
import { api } from '../../api/client.ts';
import type { Connection } from '../../api/types.ts';
import { CountdownBadge, countdownText } from '../../components/countdown-badge/countdown-badge.tsx';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';
import { RunProgress } from '../../components/run-progress/run-progress.tsx';
import { formatDate, formatDateTime, formatRelative } from '../../format/dates.ts';
import { useTrackedRun } from '../../hooks/use-tracked-run.ts';
import { Link } from '../../router/link.tsx';
import { DisconnectDialog } from './disconnect-dialog.tsx';

const syncStates: Record<string, string> = {
  running: 'running',
  succeeded: 'succeeded',
  partial: 'finished with problems',
  failed: 'failed',
  interrupted: 'interrupted',
};
const kinds: Record<string, string> = { 'title-list': 'Title list', import: 'Import', sync: 'Sync' };

export function ConnectedAccount({ connection, onChanged }: { connection: Connection; onChanged: () => Promise<void> }) {
  const sync = useTrackedRun(() => void onChanged());
  const [autoError, setAutoError] = useState<unknown>(null);
  const usable = connection.state === 'active' || connection.state === 'error';
  const { countdown } = connection;

  // PSN refused the token at sync time (409): the server has marked the connection, so reload it
  // and the card offers the connect steps again instead of staying "active".
  const syncNow = async () => {
    try {
      return await api.syncNow();
    } catch (error) {
      if (isApiError(error) && error.code === 'psn_reconnect_required') void onChanged();
      throw error;
    }
  };

  const toggleAutoImport = async (autoImport: boolean) => {
    setAutoError(null);
    try {
      await api.setAutoImport(autoImport);
      await onChanged();
    } catch (error) {
      setAutoError(error);
    }
  };

  return (
    <div className="connected">
      <dl className="facts">
        <div>
          <dt>Online ID</dt>
          <dd className="connected__online-id">{connection.onlineId}</dd>
        </div>
        <div>
          <dt>Token</dt>
          <dd>
            {/* A token the server can no longer use has no countdown worth showing in green. */}
            {connection.state === 'revoked' ? (
              <span className="badge badge--expired" data-state="revoked">
                <span className="badge__dot" aria-hidden="true" />
                Not usable
              </span>
            ) : (
              <CountdownBadge countdown={countdown} />
            )}{' '}
            <span className="muted">
              {countdown.state === 'expired' ? `expired ${formatDate(countdown.expiresAt)}` : `until ${formatDate(countdown.expiresAt)}`}
            </span>
            {connection.grant && (
              <span className="muted connected__grant">
                {' '}
                — Sony granted {connection.grant.lifetimeDays} {connection.grant.lifetimeDays === 1 ? 'day' : 'days'} on{' '}
                {formatDate(connection.grant.grantedAt)}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Last sync</dt>
          <dd className="connected__last-sync">
            {connection.lastSync ? (
              <>
                <time dateTime={connection.lastSync.at} title={formatDateTime(connection.lastSync.at)}>
                  {formatDateTime(connection.lastSync.at)}
                </time>{' '}
                <span className="muted">({formatRelative(connection.lastSync.at)})</span> — {kinds[connection.lastSync.kind] ?? connection.lastSync.kind}{' '}
                <span className={`result result--${connection.lastSync.state}`}>{syncStates[connection.lastSync.state] ?? connection.lastSync.state}</span>
              </>
            ) : (
              'Not synced yet'
            )}
          </dd>
        </div>
      </dl>

      {connection.titleList === 'loading' && (
        <p className="callout callout--info">
          Reading your trophy list from PlayStation… <Link href="/picker">Pick games</Link> as soon as it is ready.
        </p>
      )}
      {typeof connection.shortTokenReason === 'string' && (
        <div className="callout callout--warning" role="note">
          <p>
            <strong>This token came back short.</strong>{' '}
            {connection.shortTokenReason ||
              'Sony granted a short token. Its grants vary by account, and an old browser session shortens them. Log out of PlayStation, log back in, copy a new NPSSO and connect again to try for a longer one.'}
          </p>
        </div>
      )}
      {countdown.state === 'red' && (
        <p className="callout callout--danger">
          <strong>{countdownText(countdown)}.</strong> Disconnect and connect again with a fresh NPSSO to keep syncing.
        </p>
      )}
      {connection.state === 'expired' && <p className="callout callout--danger">The token has expired, so syncing has stopped. Paste a fresh NPSSO below.</p>}
      {connection.state === 'revoked' && (
        <p className="callout callout--danger">
          {connection.stateDetail ?? 'PlayStation signed this token out (a password change or “sign out of all devices”). Paste a fresh NPSSO below.'}
        </p>
      )}
      {connection.state === 'error' && connection.stateDetail && <p className="callout callout--warning">{connection.stateDetail}</p>}
      {(connection.health.kind === 'sony_outage' || connection.health.kind === 'edge_blocked') && (
        <p className="callout callout--info" data-health={connection.health.kind}>
          {connection.health.message}
          {connection.health.retryAt && ` Next try: ${formatDateTime(connection.health.retryAt)}.`}
        </p>
      )}

      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          disabled={!usable || sync.phase === 'starting' || sync.phase === 'queued' || sync.phase === 'running'}
          onClick={() => void sync.start(syncNow)}
        >
          {sync.phase === 'running' || sync.phase === 'queued' || sync.phase === 'starting' ? 'Syncing…' : 'Sync now'}
        </button>
        <Link className="button" href="/picker">
          Choose games to import
        </Link>
        <DisconnectDialog onDisconnected={onChanged} />
      </div>
      <ErrorMessage error={sync.error} />
      <RunProgress phase={sync.phase} run={sync.run} label="Sync progress" onRun={sync.update} />

      <label className="check">
        <input type="checkbox" checked={connection.autoImport} disabled={!usable} onChange={(event) => void toggleAutoImport(event.target.checked)} />
        Import new games automatically when a sync finds them
      </label>
      <ErrorMessage error={autoError} />
    </div>
  );
}
