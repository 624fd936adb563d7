/**
 * `psn-sim --replay FILE`: serves a recording's answers on loopback, on Sony's paths, so a client
 * (or the whole product) can be run against what Sony really sent. A request is answered by the
 * recorded exchange with the same method and path — account ids and `me` match each other, the
 * query decides between candidates — and repeated answers of one request are served in turn.
 * Anything not recorded gets Sony's 404 body. No token is checked: recordings hold none.
 * @module
 */
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { RecordedExchange, Recording } from './recording.ts';

const ACCOUNT = /^(me|\d{16,20})$/;

interface Candidate {
  exchange: RecordedExchange;
  method: string;
  segments: string[];
  query: URLSearchParams;
}

function parts(url: string): { segments: string[]; query: URLSearchParams } {
  const parsed = new URL(url, 'http://replay.invalid');
  return { segments: parsed.pathname.split('/').filter(Boolean), query: parsed.searchParams };
}

/** How well a recorded request matches an incoming one: undefined when the paths differ. */
function score(candidate: Candidate, method: string, segments: string[], query: URLSearchParams): number | undefined {
  if (candidate.method !== method || candidate.segments.length !== segments.length) return undefined;
  let points = 0;
  for (let i = 0; i < segments.length; i++) {
    const a = candidate.segments[i] as string;
    const b = segments[i] as string;
    if (a === b) points += 10;
    else if (ACCOUNT.test(a) && ACCOUNT.test(b)) points += 1;
    else return undefined;
  }
  for (const [key, value] of query) if (candidate.query.get(key) === value) points += 1;
  return points;
}

export interface Replay {
  readonly app: Hono;
  /** Answers in-process, as `fetch`. */
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Requests that matched no recorded exchange (method and path). */
  readonly unmatched: string[];
  listen(port?: number, hostname?: string): Promise<string>;
  close(): Promise<void>;
}

/** A server answering from recordings. */
export function createReplay(recordings: readonly Recording[]): Replay {
  const candidates: Candidate[] = recordings.flatMap((r) =>
    r.exchanges.filter((e) => !e.fragment).map((exchange) => ({ exchange, method: exchange.request.method.toUpperCase(), ...parts(exchange.request.url) })),
  );
  const served = new Map<string, number>();
  const unmatched: string[] = [];
  const app = new Hono();
  app.all('*', (c) => {
    const url = new URL(c.req.url);
    const segments = url.pathname.split('/').filter(Boolean);
    let best: Candidate[] = [];
    let bestScore = -1;
    for (const candidate of candidates) {
      const s = score(candidate, c.req.method, segments, url.searchParams);
      if (s === undefined || s < bestScore) continue;
      if (s > bestScore) {
        best = [];
        bestScore = s;
      }
      best.push(candidate);
    }
    if (best.length === 0) {
      unmatched.push(`${c.req.method} ${url.pathname}`);
      return c.json({ error: { referenceId: '00000000-0000-0000-0000-000000000000', code: 2281604, message: 'Not Found (not in the recording)' } }, 404);
    }
    const key = `${c.req.method} ${url.pathname}?${url.search}`;
    const n = served.get(key) ?? 0;
    served.set(key, n + 1);
    const { response } = (best[n % best.length] as Candidate).exchange;
    const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    const headers = { ...(typeof response.body === 'string' ? {} : { 'content-type': 'application/json' }), ...response.headers };
    return new Response(response.status === 204 || response.status === 304 ? null : text, { status: response.status, headers });
  });
  let server: ServerType | undefined;
  return {
    app,
    unmatched,
    fetch: async (input, init) => app.fetch(input instanceof Request && !init ? input : new Request(input, init)),
    listen: (port = 0, hostname = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => resolve(`http://${hostname}:${info.port}`));
        server.once('error', reject);
      }),
    close: () =>
      new Promise((resolve) => {
        if (!server) return resolve();
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server = undefined;
      }),
  };
}
