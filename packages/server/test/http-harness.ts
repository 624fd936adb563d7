/**
 * Starts the simulator and a real server on loopback (SQLite or PostgreSQL), captures every log
 * line, and gives tests a small client per app user (cookie + Origin, like a browser). Every
 * answer under `/api` is held to the contract (`@trophyroom/contract`): a status the route does
 * not declare, or a body its schema does not parse, fails the test that got it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { contractProblem, matchEndpoint } from '@trophyroom/contract';
import { createSimulator, type SimulatorOptions } from 'psn-sim';
import { type RunningServer, type StartOptions, startServer } from '../src/main.ts';
import { type Dialect, freshStore } from './stores.ts';

export interface Harness {
  sim: ReturnType<typeof createSimulator>;
  simUrl: string;
  server: RunningServer;
  url: string;
  dataDir: string;
  /** Every log line the server wrote, as text. */
  logs: string[];
  /** Signs up a user and returns a browser-like client for them. */
  user(name: string, password?: string): Promise<Client>;
  /** A client with no session. */
  anonymous(): Client;
  close(): Promise<void>;
}

/** A JSON body as tests read it: loosely, with the assertions doing the checking (`request` has held it to the contract). */
// biome-ignore lint/suspicious/noExplicitAny: see above
export type Json = any;

export interface Reply<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export class Client {
  cookie: string | undefined;
  constructor(
    readonly url: string,
    readonly headers: Record<string, string> = {},
  ) {}

  async request<T = Json>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        origin: this.url,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...this.headers,
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = /Max-Age=0/i.test(setCookie) ? undefined : setCookie.split(';')[0];
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    const pathname = new URL(path, this.url).pathname;
    if (pathname.startsWith('/api/') && (res.status >= 400 || matchEndpoint(method, pathname))) {
      const problem = contractProblem(method, pathname, res.status, parsed);
      if (problem) throw new Error(problem);
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = Json>(path: string) => this.request<T>('GET', path);
  post = <T = Json>(path: string, body?: unknown) => this.request<T>('POST', path, body ?? {});
  patch = <T = Json>(path: string, body: unknown) => this.request<T>('PATCH', path, body);
  delete = <T = Json>(path: string) => this.request<T>('DELETE', path);

  /** Polls until `check` passes on the response, or fails after `ms`. */
  async until<T = Json>(path: string, check: (r: Reply<T>) => boolean, ms = 10_000): Promise<Reply<T>> {
    const deadline = Date.now() + ms;
    for (;;) {
      const r = await this.get<T>(path);
      if (check(r)) return r;
      if (Date.now() > deadline) throw new Error(`${path} never got there: ${JSON.stringify(r.body).slice(0, 300)}`);
      await new Promise((res) => setTimeout(res, 50));
    }
  }
}

/**
 * A request over `node:http`, which (unlike `fetch`) sends any `Host` header and can pick the
 * client's source address: on loopback every 127.x.y.z is this machine, so `from` plays another
 * client address without a proxy.
 */
export function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: unknown; from?: string },
): Promise<Reply> {
  const target = new URL(url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        path: options.path,
        ...(options.from ? { localAddress: options.from } : {}),
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {}
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers))
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
          resolve({ status: res.statusCode ?? 0, body: parsed, headers });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function startHarness(
  options: { dialect?: Dialect; sim?: SimulatorOptions; server?: Partial<StartOptions>; simDown?: boolean } = {},
): Promise<Harness> {
  const sim = createSimulator({ seed: 7, accounts: 4, titles: 24, ...options.sim });
  const simUrl = await sim.listen(0);
  const dataDir = mkdtempSync(join(tmpdir(), 'trophyroom-http-'));
  const store = options.dialect === 'postgres' ? await freshStore('postgres') : undefined;
  const logs: string[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const server = await startServer({
    port: 0,
    dataDir,
    ...(store ? { databaseUrl: store.url } : {}),
    psnBaseUrl: options.simDown ? 'http://127.0.0.1:9' : simUrl,
    now: () => sim.clock.now(),
    workerPollMs: 20,
    eventPollMs: 20,
    logLevel: 'debug',
    logDestination,
    env: {},
    ...options.server,
  });
  const url = server.url as string;
  return {
    sim,
    simUrl,
    server,
    url,
    dataDir,
    logs,
    anonymous: () => new Client(url),
    async user(name, password = 'a long enough password') {
      const client = new Client(url);
      const r = await client.post('/api/auth/signup', { username: name, password });
      if (r.status !== 201) throw new Error(`sign-up of ${name} failed: ${JSON.stringify(r.body)}`);
      return client;
    },
    async close() {
      await server.close();
      await sim.close();
      await store?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
