/**
 * The app shell: who is signed in (`GET /api/me`), the header, and which screen the path shows.
 * @module
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError } from './api/api-error.ts';
import { UNAUTHENTICATED_EVENT, api } from './api/client.ts';
import type { Me } from './api/types.ts';
import { AppHeader } from './components/app-header/app-header.tsx';
import { ErrorMessage } from './components/error-message/error-message.tsx';
import { HealthBanner } from './components/health-banner/health-banner.tsx';
import { Spinner } from './components/spinner/spinner.tsx';
import { GamePage } from './pages/game/game-page.tsx';
import { LibraryPage } from './pages/library/library-page.tsx';
import { NotFoundPage } from './pages/not-found/not-found-page.tsx';
import { PickerPage } from './pages/picker/picker-page.tsx';
import { ProfilePage } from './pages/profile/profile-page.tsx';
import { SettingsPage } from './pages/settings/settings-page.tsx';
import { SignInPage } from './pages/sign-in/sign-in-page.tsx';
import { navigate, useRoute } from './router/router.ts';

type Session = { state: 'loading' } | { state: 'signed-out' } | { state: 'signed-in'; me: Me } | { state: 'error'; error: unknown };

const titles: Array<[RegExp, string]> = [
  [/^\/$/, 'Library'],
  [/^\/settings/, 'Settings'],
  [/^\/profile/, 'Profile'],
  [/^\/picker/, 'Pick games'],
  [/^\/games\//, 'Game'],
  [/^\/(signin|signup)/, 'Sign in'],
];

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<Session>({ state: 'loading' });

  const load = useCallback(async () => {
    try {
      setSession({ state: 'signed-in', me: await api.me() });
    } catch (error) {
      setSession(isApiError(error) && error.status === 401 ? { state: 'signed-out' } : { state: 'error', error });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const signedOut = () => setSession({ state: 'signed-out' });
    window.addEventListener(UNAUTHENTICATED_EVENT, signedOut);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, signedOut);
  }, []);

  // A new screen: its name in the tab, and focus at the top of the content for screen readers and keyboards.
  const firstPath = useRef(true);
  useEffect(() => {
    const title = titles.find(([pattern]) => pattern.test(route.path))?.[1];
    document.title = title ? `${title} · Trophyroom` : 'Trophyroom';
    if (firstPath.current) firstPath.current = false;
    else document.getElementById('main')?.focus({ preventScroll: true });
  }, [route.path]);

  // Signed in on a sign-in path: the library.
  const signedIn = session.state === 'signed-in';
  useEffect(() => {
    if (signedIn && (route.path === '/signin' || route.path === '/signup')) navigate('/', { replace: true });
  }, [signedIn, route.path]);

  if (session.state === 'loading') return <Spinner label="Loading Trophyroom…" />;
  if (session.state === 'error')
    return (
      <main className="page page--narrow" id="main">
        <h1>Trophyroom</h1>
        <ErrorMessage error={session.error} />
        <button type="button" className="button" onClick={() => void load()}>
          Try again
        </button>
      </main>
    );
  if (session.state === 'signed-out')
    return (
      <SignInPage
        mode={route.path === '/signup' ? 'signup' : 'signin'}
        onSignedIn={async (welcome) => {
          await load();
          // A new account goes to Settings to connect PlayStation; a returning one stays where it was headed.
          const here = window.location.pathname.startsWith('/sign') ? '/' : window.location.pathname + window.location.search;
          navigate(welcome ? '/settings' : here, { replace: true });
        }}
      />
    );

  const signOut = async () => {
    try {
      await api.logout();
    } finally {
      setSession({ state: 'signed-out' });
      navigate('/signin', { replace: true });
    }
  };

  return (
    <>
      <AppHeader user={session.me.user} path={route.path} onSignOut={() => void signOut()} />
      <main id="main" className="page" tabIndex={-1}>
        <HealthBanner path={route.path} />
        <Screen path={route.path} query={route.query} />
      </main>
    </>
  );
}

function Screen({ path, query }: { path: string; query: URLSearchParams }) {
  if (path === '/' || path === '/signin' || path === '/signup') return <LibraryPage />;
  if (path === '/settings') return <SettingsPage />;
  if (path === '/profile') return <ProfilePage />;
  if (path === '/picker') return <PickerPage />;
  const game = /^\/games\/([^/]+)$/.exec(path);
  if (game) return <GamePage id={decodeURIComponent(game[1]!)} reveal={query.get('reveal') === 'true'} />;
  return <NotFoundPage />;
}
