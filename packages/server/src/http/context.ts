/** What the middleware puts on a request's context. */
import type { User } from '../services/accounts.service.ts';

export interface AppEnv {
  Variables: {
    user: User | undefined;
    /** How the request authenticated: cookie-authenticated writes must pass the Origin check. */
    authVia: 'session' | 'token' | undefined;
    session: string | undefined;
  };
}
