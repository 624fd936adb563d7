/**
 * Typed calls to the Trophyroom HTTP API on the same origin. State changes are plain `fetch`
 * with JSON; the browser adds `Origin` and the session cookie itself.
 * @module
 */
import { ApiError } from './api-error.ts';
import type { Connection, GameDetail, GamesPage, GamesQuery, Me, PickerPage, Run, Stats, User } from './types.ts';

/** Dispatched on `window` when an API call finds the session gone. */
export const UNAUTHENTICATED_EVENT = 'trophyroom:unauthenticated';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Trophyroom could not be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page: reported below by status.
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    // A session that ended mid-use (expired, signed out elsewhere): the app goes back to sign-in.
    if (response.status === 401 && error?.code === 'unauthenticated' && path !== '/api/me') window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
    throw new ApiError(response.status, error?.code ?? 'http_' + response.status, error?.message ?? `The server answered ${response.status}.`, error?.details);
  }
  return json as T;
}

function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const api = {
  me: () => call<Me>('GET', '/api/me'),
  signup: (username: string, password: string) => call<{ user: User }>('POST', '/api/auth/signup', { username, password }),
  login: (username: string, password: string) => call<{ user: User }>('POST', '/api/auth/login', { username, password }),
  logout: () => call<void>('POST', '/api/auth/logout'),

  connection: () => call<{ connection: Connection | null }>('GET', '/api/connections/psn'),
  connect: (npsso: string) => call<{ connection: Connection }>('POST', '/api/connections/psn', { npsso }),
  setAutoImport: (autoImport: boolean) => call<{ connection: Connection }>('PATCH', '/api/connections/psn', { autoImport }),
  disconnect: (wipe: boolean) => call<{ disconnected: boolean; wiped: boolean }>('DELETE', `/api/connections/psn${query({ wipe })}`),

  pickerTitles: (params: { q?: string; platform?: string; cursor?: string | null; limit?: number }) =>
    call<PickerPage>('GET', `/api/psn/titles${query(params)}`),
  pickerIds: (params: { q?: string; platform?: string; preselected?: boolean }) =>
    call<{ ids: string[] }>('GET', `/api/psn/titles/ids${query({ ...params, preselected: params.preselected || undefined })}`),
  importTitles: (npCommunicationIds: string[]) => call<{ jobId: string }>('POST', '/api/psn/import', { npCommunicationIds }),
  syncNow: () => call<{ jobId: string }>('POST', '/api/psn/sync'),
  runs: (limit = 10) => call<{ items: Run[] }>('GET', `/api/sync/runs${query({ limit })}`),
  run: (id: string) => call<{ run: Run }>('GET', `/api/sync/runs/${encodeURIComponent(id)}`),

  games: (params: GamesQuery) => call<GamesPage>('GET', `/api/games${query({ ...params })}`),
  game: (id: string, reveal: boolean) => call<GameDetail>('GET', `/api/games/${encodeURIComponent(id)}${query({ reveal: reveal || undefined })}`),
  stats: () => call<Stats>('GET', '/api/stats'),
};
