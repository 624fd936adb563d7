/**
 * The three steps of connecting (seed 004) and the NPSSO paste field: masked like a password (a
 * Show toggle reveals it), checked for 64 characters before anything is sent, then "Verify &
 * connect"; a value the server refuses is cleared.
 * @module
 */
import { readNpsso } from '@trophyroom/psn/npsso';
import { type FormEvent, useId, useState } from 'react';
import { isApiError } from '../../api/api-error.ts';
import { api } from '../../api/client.ts';
import type { Connection } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';

const SSOCOOKIE = 'https://ca.account.sony.com/api/v1/ssocookie';
/** Server answers that mean the value itself is no good: it is cleared, not left on screen. */
const REFUSED = new Set(['npsso_malformed', 'npsso_rejected']);

export function ConnectForm({ id, reconnect, onConnected }: { id: string; reconnect: boolean; onConnected: (connection: Connection) => void }) {
  const [value, setValue] = useState('');
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = readNpsso(value);
    if (!checked.ok) {
      setError(checked.message);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { connection } = await api.connect(checked.npsso);
      setValue('');
      onConnected(connection);
    } catch (caught) {
      if (isApiError(caught) && REFUSED.has(caught.code)) {
        setValue('');
        setShown(false);
      }
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="connect" id={id}>
      {reconnect && <p>Your token can no longer be used. Repeat these steps with a fresh NPSSO to reconnect.</p>}
      <p className="note">
        Sony offers no public sign-in for other apps. Like every PlayStation tracker, Trophyroom trades a session token (NPSSO) from your own browser for a
        refresh token that lasts as long as Sony grants (10 days to about 60, shown once you connect), keeps it encrypted, and never stores the NPSSO.
      </p>
      <ol className="steps">
        <li>
          <h4>Log out of PlayStation, then back in</h4>
          <p>
            Sony caps the token by the age of your browser session: an old session gives a 10-day token. On{' '}
            <a href="https://account.sony.com" target="_blank" rel="noreferrer noopener">
              account.sony.com
            </a>
            , sign out, close other PlayStation tabs, and sign in again: a fresh session may get a longer token (Sony's grants vary by account).
          </p>
        </li>
        <li>
          <h4>Copy your NPSSO</h4>
          <p>
            In the same browser, open{' '}
            <a href={SSOCOOKIE} target="_blank" rel="noreferrer noopener">
              {SSOCOOKIE}
            </a>
            . It shows a small JSON answer like <code>{'{"npsso": "uZBs…EpEs", "expires_in": 5181380}'}</code>. Copy the value between the quotes after{' '}
            <code>"npsso":</code>, or the whole answer.
          </p>
        </li>
        <li>
          <h4>Paste it here</h4>
          <form onSubmit={submit} className="connect__form" noValidate>
            <div className="field">
              <div className="field__head">
                <label htmlFor={`${id}-npsso`}>NPSSO</label>
                <button type="button" className="button button--quiet" aria-pressed={shown} aria-controls={`${id}-npsso`} onClick={() => setShown((on) => !on)}>
                  Show
                </button>
              </div>
              <input
                id={`${id}-npsso`}
                className="npsso-input"
                name="npsso"
                type={shown ? 'text' : 'password'}
                spellCheck={false}
                autoComplete="off"
                autoCapitalize="off"
                placeholder='64 letters and digits, or {"npsso": "…"}'
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                value={value}
                onChange={(event) => setValue(event.target.value)}
              />
            </div>
            <ErrorMessage error={error} id={errorId} />
            <button type="submit" className="button button--primary" disabled={busy}>
              {busy ? 'Verifying…' : 'Verify & connect'}
            </button>
          </form>
        </li>
      </ol>
    </div>
  );
}
