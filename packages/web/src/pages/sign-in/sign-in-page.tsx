/**
 * Sign in and sign up on one form: a username and a password, the mode switched by a link.
 * @module
 */
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { ErrorMessage } from '../../components/error-message/error-message.tsx';
import { TrophyIcon } from '../../components/trophy-icon/trophy-icon.tsx';
import { Link } from '../../router/link.tsx';

export function SignInPage({ mode, onSignedIn }: { mode: 'signin' | 'signup'; onSignedIn: (welcome: boolean) => Promise<void> }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const signup = mode === 'signup';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (signup) await api.signup(username, password);
      else await api.login(username, password);
      await onSignedIn(signup);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <form className="card sign-in__card" onSubmit={submit} aria-labelledby="sign-in-title" noValidate={false}>
        <p className="brand brand--large">
          <TrophyIcon size={28} /> Trophyroom
        </p>
        <h1 id="sign-in-title">{signup ? 'Create your account' : 'Sign in'}</h1>
        <div className="field">
          <label htmlFor="username">Username</label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            required
            minLength={signup ? 3 : 1}
            maxLength={32}
            pattern={signup ? '[a-zA-Z0-9_.\\-]+' : undefined}
            aria-describedby={signup ? 'username-hint' : undefined}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
          {signup && (
            <p className="hint" id="username-hint">
              3–32 letters, digits, dots, dashes or underscores.
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete={signup ? 'new-password' : 'current-password'}
            required
            minLength={signup ? 10 : 1}
            aria-describedby={signup ? 'password-hint' : undefined}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          {signup && (
            <p className="hint" id="password-hint">
              At least 10 characters; common and easily guessed passwords are refused.
            </p>
          )}
        </div>
        <ErrorMessage error={error} />
        <button type="submit" className="button button--primary button--wide" disabled={busy}>
          {busy ? (signup ? 'Creating account…' : 'Signing in…') : signup ? 'Create account' : 'Sign in'}
        </button>
        <p className="sign-in__switch">
          {signup ? (
            <>
              Already have an account? <Link href="/signin">Sign in</Link>
            </>
          ) : (
            <>
              New here? <Link href="/signup">Create an account</Link>
            </>
          )}
        </p>
      </form>
    </main>
  );
}
