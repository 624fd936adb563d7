/** Finds the endpoint that answers a method and path, with its path parameters (for clients and test doubles). */
import type { Endpoint } from './endpoint.ts';
import { type EndpointName, endpoints } from './endpoints.ts';

const patterns = Object.entries(endpoints).map(([name, e]) => ({
  name: name as EndpointName,
  endpoint: e as Endpoint,
  keys: [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
  regex: new RegExp(`^${e.path.replace(/\{\w+\}/g, '([^/]+)')}$`),
}));

export interface MatchedEndpoint {
  name: EndpointName;
  endpoint: Endpoint;
  params: Record<string, string>;
}

/** The endpoint for `GET /api/games/NPWR10000_00` and friends; undefined for a path the API does not have. */
export function matchEndpoint(method: string, pathname: string): MatchedEndpoint | undefined {
  for (const p of patterns) {
    if (p.endpoint.method !== method.toLowerCase()) continue;
    const found = p.regex.exec(pathname);
    if (found) return { name: p.name, endpoint: p.endpoint, params: Object.fromEntries(p.keys.map((k, i) => [k, decodeURIComponent(found[i + 1] as string)])) };
  }
  return undefined;
}
