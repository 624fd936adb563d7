/**
 * The PlayStation card: loads the connection, then shows the connect steps or the connected
 * account. Connecting sends the user to the picker.
 * @module
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Connection } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';
import { Spinner } from '../../components/spinner/spinner.tsx';
import { navigate } from '../../router/router.ts';
import { ConnectForm } from './connect-form.tsx';
import { ConnectedAccount } from './connected-account.tsx';

type State = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; connection: Connection | null };

export function PsnCard() {
  const [state, setState] = useState<State>({ state: 'loading' });
  const [expanded, setExpanded] = useState(false);

  const load = useCallback(async () => {
    try {
      const { connection } = await api.connection();
      setState({ state: 'ready', connection });
    } catch (error) {
      setState({ state: 'error', error });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const connection = state.state === 'ready' ? state.connection : null;
  // An expired or revoked connection needs a fresh NPSSO: the same steps, offered again.
  const needsNpsso = state.state === 'ready' && (!connection || connection.state === 'expired' || connection.state === 'revoked');

  return (
    <article className="card psn-card" aria-labelledby="psn-title">
      <header className="psn-card__head">
        <span className="psn-card__logo" aria-hidden="true">
          PS
        </span>
        <div>
          <h3 id="psn-title">PlayStation Network</h3>
          <p className="muted">Trophies and play times from PS5, PS4, PS3 and Vita.</p>
        </div>
        {state.state === 'ready' && !connection && (
          <button
            type="button"
            className={expanded ? 'button' : 'button button--primary'}
            aria-expanded={expanded}
            aria-controls="psn-connect"
            onClick={() => setExpanded(!expanded)}
          >
            {expanded ? 'Cancel' : 'Connect PlayStation'}
          </button>
        )}
      </header>
      {state.state === 'loading' && <Spinner label="Loading your connection…" />}
      {state.state === 'error' && <ErrorMessage error={state.error} />}
      {connection && <ConnectedAccount connection={connection} onChanged={load} />}
      {needsNpsso && (expanded || connection) && (
        <ConnectForm
          id="psn-connect"
          reconnect={Boolean(connection)}
          onConnected={(fresh) => {
            setState({ state: 'ready', connection: fresh });
            navigate('/picker');
          }}
        />
      )}
    </article>
  );
}
