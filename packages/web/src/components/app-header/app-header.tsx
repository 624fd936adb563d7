/**
 * The top bar: the name, the main navigation and sign-out.
 * @module
 */
import type { User } from '../../api/types.ts';
import { Link } from '../../router/link.tsx';
import { TrophyIcon } from '../trophy-icon/trophy-icon.tsx';

export function AppHeader({ user, path, onSignOut }: { user: User; path: string; onSignOut: () => void }) {
  const current = (prefix: string) => (path === prefix || (prefix !== '/' && path.startsWith(prefix)) ? 'page' : undefined);
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Link href="/" className="brand">
        <TrophyIcon size={22} /> Trophyroom
      </Link>
      <nav aria-label="Main">
        <ul>
          <li>
            <Link href="/" aria-current={path === '/' || path.startsWith('/games') ? 'page' : undefined}>
              Library
            </Link>
          </li>
          <li>
            <Link href="/profile" aria-current={current('/profile')}>
              Profile
            </Link>
          </li>
          <li>
            <Link href="/picker" aria-current={current('/picker')}>
              Pick games
            </Link>
          </li>
          <li>
            <Link href="/settings" aria-current={current('/settings')}>
              Settings
            </Link>
          </li>
        </ul>
      </nav>
      <div className="app-header__user">
        <span className="app-header__name">{user.username}</span>
        <button type="button" className="button button--quiet" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
