/**
 * Sony's hosts and the path prefix each serves. With `baseUrl` (the simulator), every host maps to
 * that one origin with its own prefix: scheme and host swap, nothing else.
 * @module
 */

export type Host = 'auth' | 'trophy' | 'gamelist' | 'profile' | 'search' | 'graphql' | 'graphqlWeb' | 'legacyTrophy' | 'legacyProfile' | 'cpss' | 'devices';
export type LegacyRegion = 'gb' | 'us' | 'de' | 'jp';

const sony: Record<Host, { origin: string; prefix: string }> = {
  auth: { origin: 'https://ca.account.sony.com', prefix: '/api/authz/v3/oauth' },
  trophy: { origin: 'https://m.np.playstation.com', prefix: '/api/trophy/v1' },
  gamelist: { origin: 'https://m.np.playstation.com', prefix: '/api/gamelist/v2/users' },
  profile: { origin: 'https://m.np.playstation.com', prefix: '/api/userProfile/v1/internal/users' },
  search: { origin: 'https://m.np.playstation.com', prefix: '/api/search/v1' },
  graphql: { origin: 'https://m.np.playstation.com', prefix: '/api/graphql/v1' },
  graphqlWeb: { origin: 'https://web.np.playstation.com', prefix: '/api/graphql/v1' },
  legacyTrophy: { origin: 'https://gb-tpy.np.community.playstation.net', prefix: '/trophy/v1' },
  legacyProfile: { origin: 'https://us-prof.np.community.playstation.net', prefix: '/userProfile/v1/users' },
  cpss: { origin: 'https://m.np.playstation.com', prefix: '/api/cpss/v1' },
  devices: { origin: 'https://dms.api.playstation.com', prefix: '/api/v1/devices' },
};

export interface HostOptions {
  /** One origin for every host (e.g. the simulator, `http://127.0.0.1:4100`). */
  baseUrl?: string;
  /** Per-host base URLs (origin plus prefix), overriding `baseUrl`. */
  baseUrls?: Partial<Record<Host, string>>;
  /** Region of the legacy trophy host. @default 'gb' */
  legacyRegion?: LegacyRegion;
}

/** The base URL (origin + prefix, no trailing slash) of a host. */
export function hostUrl(host: Host, options: HostOptions): string {
  const override = options.baseUrls?.[host];
  if (override) return override.replace(/\/+$/, '');
  const { origin, prefix } = sony[host];
  if (options.baseUrl) return `${options.baseUrl.replace(/\/+$/, '')}${prefix}`;
  if (host === 'legacyTrophy') return `https://${options.legacyRegion ?? 'gb'}-tpy.np.community.playstation.net${prefix}`;
  return `${origin}${prefix}`;
}

/** Appends defined query parameters to a URL. */
export function withQuery(url: string, query: Record<string, string | number | boolean | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `${url}?${text}` : url;
}
