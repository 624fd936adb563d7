/**
 * The three steps of connecting (seed 004) and the NPSSO paste field: checked for 64 characters
 * before anything is sent, then "Verify & connect".
 * @module
 */
import { type FormEvent, useId, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Connection } from '../../api/types.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';
import { checkNpsso } from '../../npsso/parse-npsso.ts';

const SSOCOOKIE = 'https://ca.account.sony.com/api/v1/ssocookie';

export function ConnectForm({ id, reconnect, onConnected }: { id: string; reconnect: boolean; onConnected: (connection: Connection) => void }) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkNpsso(value);
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
        refresh token that lasts up to about 60 days, keeps it encrypted, and never stores the NPSSO.
      </p>
      <ol className="steps">
        <li>
          <h4>Log out of PlayStation, then back in</h4>
          <p>
            Sony caps the token by the age of your browser session: an old session gives a 10-day token. On{' '}
            <a href="https://account.sony.com" target="_blank" rel="noreferrer noopener">
              account.sony.com
            </a>
            , sign out, close other PlayStation tabs, and sign in again for the full ~60 days.
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
              <label htmlFor={`${id}-npsso`}>NPSSO</label>
              <textarea
                id={`${id}-npsso`}
                name="npsso"
                rows={3}
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
