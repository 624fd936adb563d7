/**
 * Typed calls to the Trophyroom HTTP API on the same origin. State changes are plain `fetch`
 * with JSON; the browser adds `Origin` and the session cookie itself.
 * @module
 */
import type { EndpointName } from '@trophyroom/contract';
import { ApiError } from './api-error.ts';
import type { BodyOf, GamesQuery, MethodOf, ResponseOf } from './types.ts';

/** Dispatched on `window` when an API call finds the session gone. */
export const UNAUTHENTICATED_EVENT = 'trophyroom:unauthenticated';

/** Calls the contract's route `N`: its method, its body type and its answer's type come from the contract. */
async function call<N extends EndpointName>(method: MethodOf<N>, path: string, body?: BodyOf<N>): Promise<ResponseOf<N>> {
  type T = ResponseOf<N>;
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
  me: () => call<'me'>('GET', '/api/me'),
  signup: (username: string, password: string) => call<'signup'>('POST', '/api/auth/signup', { username, password }),
  login: (username: string, password: string) => call<'login'>('POST', '/api/auth/login', { username, password }),
  logout: () => call<'logout'>('POST', '/api/auth/logout'),

  connection: () => call<'connection'>('GET', '/api/connections/psn'),
  connect: (npsso: string) => call<'connect'>('POST', '/api/connections/psn', { npsso }),
  setAutoImport: (autoImport: boolean) => call<'updateConnection'>('PATCH', '/api/connections/psn', { autoImport }),
  disconnect: (wipe: boolean) => call<'disconnect'>('DELETE', `/api/connections/psn${query({ wipe })}`),

  pickerTitles: (params: { q?: string; platform?: string; cursor?: string | null; limit?: number }) =>
    call<'pickerTitles'>('GET', `/api/psn/titles${query(params)}`),
  pickerIds: (params: { q?: string; platform?: string; preselected?: boolean }) =>
    call<'pickerIds'>('GET', `/api/psn/titles/ids${query({ ...params, preselected: params.preselected || undefined })}`),
  importTitles: (npCommunicationIds: string[]) => call<'importTitles'>('POST', '/api/psn/import', { npCommunicationIds }),
  syncNow: () => call<'syncNow'>('POST', '/api/psn/sync'),
  runs: (limit = 10) => call<'runs'>('GET', `/api/sync/runs${query({ limit })}`),
  runOfJob: (jobId: string) => call<'runs'>('GET', `/api/sync/runs${query({ jobId })}`),
  run: (id: string) => call<'run'>('GET', `/api/sync/runs/${encodeURIComponent(id)}`),
  pauseRun: (id: string) => call<'pauseRun'>('POST', `/api/sync/runs/${encodeURIComponent(id)}/pause`),
  resumeRun: (id: string) => call<'resumeRun'>('POST', `/api/sync/runs/${encodeURIComponent(id)}/resume`),
  prioritiseRun: (id: string, npCommunicationIds: string[]) =>
    call<'prioritiseRun'>('POST', `/api/sync/runs/${encodeURIComponent(id)}/priority`, { npCommunicationIds }),

  games: (params: GamesQuery) => call<'games'>('GET', `/api/games${query({ ...params })}`),
  game: (id: string, reveal: boolean) => call<'game'>('GET', `/api/games/${encodeURIComponent(id)}${query({ reveal: reveal || undefined })}`),
  stats: () => call<'stats'>('GET', '/api/stats'),
  profile: () => call<'profile'>('GET', '/api/profile'),
  /** The platinum cabinet after the profile's first page: `cursor` is the profile's `platinumsNext`, then each page's `nextCursor`. */
  profilePlatinums: (cursor: string, limit?: number) => call<'profilePlatinums'>('GET', `/api/profile/platinums${query({ cursor, limit })}`),

  unobtainable: () => call<'unobtainable'>('GET', '/api/unobtainable'),
  flagUnobtainable: (npCommunicationId: string, trophyId: number) => call<'flagUnobtainable'>('POST', '/api/unobtainable', { npCommunicationId, trophyId }),
  unflagUnobtainable: (npCommunicationId: string, trophyId: number) =>
    call<'unflagUnobtainable'>('DELETE', `/api/unobtainable/${encodeURIComponent(npCommunicationId)}/${trophyId}`),
  /** Sends a list as read (the server refuses it whole, naming what is unknown). */
  importUnobtainable: (list: unknown) => call<'importUnobtainable'>('POST', '/api/unobtainable/import', list as BodyOf<'importUnobtainable'>),

  stacks: (params: { limit?: number; offset?: number }) => call<'stacks'>('GET', `/api/stacks${query(params)}`),
  gameStack: (id: string) => call<'gameStack'>('GET', `/api/games/${encodeURIComponent(id)}/stack`),
  splitStack: (npCommunicationId: string) => call<'splitStack'>('POST', '/api/stacks/split', { npCommunicationId }),
  joinStack: (npCommunicationIds: string[]) => call<'joinStack'>('POST', '/api/stacks/join', { npCommunicationIds }),

  webhooks: () => call<'webhooks'>('GET', '/api/webhooks'),
  createWebhook: (body: BodyOf<'createWebhook'>) => call<'createWebhook'>('POST', '/api/webhooks', body),
  updateWebhook: (id: string, body: BodyOf<'updateWebhook'>) => call<'updateWebhook'>('PATCH', `/api/webhooks/${encodeURIComponent(id)}`, body),
  deleteWebhook: (id: string) => call<'deleteWebhook'>('DELETE', `/api/webhooks/${encodeURIComponent(id)}`),
  testWebhook: (id: string) => call<'testWebhook'>('POST', `/api/webhooks/${encodeURIComponent(id)}/test`),
  webhookDeliveries: (id: string) => call<'webhookDeliveries'>('GET', `/api/webhooks/${encodeURIComponent(id)}/deliveries`),

  sharing: () => call<'sharing'>('GET', '/api/sharing'),
  enableSharing: () => call<'enableSharing'>('POST', '/api/sharing'),
  disableSharing: () => call<'disableSharing'>('DELETE', '/api/sharing'),

  /** Where the browser downloads the library (a plain link: the file never passes through the page). */
  exportUrl: (format: 'json' | 'csv') => (format === 'csv' ? '/api/library/export.csv' : '/api/library/export'),
  /** Sends a library file as read (the server checks it whole and answers what is wrong). */
  importLibrary: (archive: unknown) => call<'importLibrary'>('POST', '/api/library/import', archive as BodyOf<'importLibrary'>),
};
