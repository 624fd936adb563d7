import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endpoints } from '@trophyroom/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, type Json, startHarness } from '../../test/http-harness.ts';
import { openStore } from '../db/database.ts';
import { resolveVaultKeys, Vault } from '@trophyroom/vault';

const METRICS_TOKEN = 'the-metrics-token-0123456789';
const webDir = mkdtempSync(join(tmpdir(), 'trophyroom-web-'));
mkdirSync(join(webDir, 'assets'));
writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Trophyroom UI</title><div id="root"></div>');
writeFileSync(join(webDir, 'assets', 'app.js'), 'console.log("ui")');

describe('operations, the OpenAPI document and the web UI', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ server: { webDir, metricsToken: METRICS_TOKEN } });
  });
  afterAll(() => h.close());

  it('serves the UI at /, its assets, and the app shell for the UI’s own paths — but JSON 404s under /api', async () => {
    const root = await fetch(`${h.url}/`);
    expect(await root.text()).toContain('Trophyroom UI');
    expect(await (await fetch(`${h.url}/assets/app.js`)).text()).toBe('console.log("ui")');
    const deep = await fetch(`${h.url}/games/NPWR10600_00`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('Trophyroom UI');
    const api = await fetch(`${h.url}/api/nothing-here`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/json/);
  });

  it('reports health and the metrics Prometheus reads', async () => {
    expect(await (await fetch(`${h.url}/healthz`)).json()).toMatchObject({ status: 'ok' });
    const ana = await h.user('ana');
    await ana.post('/api/connections/psn', { npsso: h.sim.credentialsOf(0).npsso });
    await ana.until('/api/psn/titles', (r) => r.body.state === 'ready');
    const text = await (await fetch(`${h.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(text).toMatch(/^trophyroom_psn_requests_total\{route="trophy\.titles",status="200"\} [1-9]/m);
    expect(text).toMatch(/^trophyroom_psn_requests_total\{route="auth\.token",status="200"\} 1$/m);
    expect(text).toMatch(/^trophyroom_psn_budget_remaining_min \d+$/m);
    expect(text).toMatch(/^trophyroom_psn_budget_accounts_spending 1$/m);
    expect(text).not.toContain('online_id');
    expect(text).toMatch(/^trophyroom_jobs\{name="psn\.title-list",state="done"\} 1$/m);
    expect(text).toMatch(/^trophyroom_http_requests_total\{method="POST",route="\/api\/connections\/psn",status="201"\} 1$/m);
    expect(text).toMatch(/^# TYPE trophyroom_sync_run_duration_seconds histogram$/m);
  });

  it('describes every route in /api/openapi.json, with the schemas that validate requests', async () => {
    const doc = await (await fetch(`${h.url}/api/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    for (const route of [
      'POST /api/auth/signup',
      'POST /api/auth/login',
      'POST /api/auth/logout',
      'GET /api/me',
      'POST /api/tokens',
      'DELETE /api/tokens/{id}',
      'POST /api/connections/psn',
      'GET /api/connections/psn',
      'DELETE /api/connections/psn',
      'GET /api/psn/titles',
      'POST /api/psn/import',
      'POST /api/psn/sync',
      'GET /api/sync/runs/{id}',
      'GET /api/sync/runs/{id}/events',
      'GET /api/games',
      'GET /api/games/{npCommunicationId}',
      'GET /api/stats',
    ])
      expect(operations).toContain(route);
    // Every route of the contract has a handler, and the server has no route the contract lacks.
    expect(operations.sort()).toEqual(
      Object.values(endpoints)
        .map((e) => `${e.method.toUpperCase()} ${e.path}`)
        .sort(),
    );
    const signup = doc.paths['/api/auth/signup'].post;
    expect(signup.requestBody.content['application/json'].schema.properties.username.pattern).toBeDefined();
    const games = doc.paths['/api/games'].get;
    expect(games.parameters.find((p: Json) => p.name === 'sort').schema.enum).toEqual(['last-played', 'name', 'progress', 'points']);
    expect(games.responses['200'].content['application/json'].schema.properties.items.items).toEqual({ $ref: '#/components/schemas/Game' });
    expect(doc.components.schemas.Game.properties.platinumEarned).toEqual({ type: 'boolean' });
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
    expect(doc.paths['/api/healthz']).toBeUndefined();
  });

  it('writes structured JSON logs in which no NPSSO, password, session, API token or PSN token appears', async () => {
    const password = 'the secret password of bo';
    const bo = await h.user('bob', password);
    const npsso = h.sim.credentialsOf(1).npsso;
    await bo.post('/api/connections/psn', { npsso: JSON.stringify({ npsso }) });
    await bo.post('/api/connections/psn', { npsso: `${npsso.slice(0, 60)}zzzz` });
    const picker = await bo.until('/api/psn/titles', (r) => r.body.state === 'ready');
    await bo.post('/api/psn/import', { npCommunicationIds: picker.body.items.slice(0, 2).map((t: Json) => t.npCommunicationId) });
    await bo.until('/api/sync/runs', (r) => r.body.items[0]?.state === 'succeeded');
    const token = (await bo.post('/api/tokens', { name: 'cli' })).body.token as string;
    await fetch(`${h.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    await bo.post('/api/auth/login', { username: 'bob', password: 'wrong password here' });

    // The PSN tokens as stored: decrypted with the instance's key to know what to look for.
    const store = await openStore(join(h.dataDir, 'trophyroom.db'));
    const row = await store.db.selectFrom('psn_connections').selectAll().where('online_id', '=', h.sim.credentialsOf(1).onlineId).executeTakeFirstOrThrow();
    await store.close();
    const vault = new Vault(resolveVaultKeys({ keyFile: join(h.dataDir, 'vault.key') }));
    const secrets = [
      npsso,
      password,
      (bo.cookie as string).split('=')[1] as string,
      token,
      vault.decrypt(row.refresh_token_enc),
      vault.decrypt(row.access_token_enc as string),
    ];

    expect(h.logs.length).toBeGreaterThan(20);
    for (const line of h.logs) expect(() => JSON.parse(line)).not.toThrow();
    const all = h.logs.join('\n');
    expect(all).toContain('"msg":"request"');
    expect(all).toContain('"msg":"psn request"');
    for (const secret of secrets) expect(all).not.toContain(secret);
    expect(readFileSync(join(h.dataDir, 'vault.key')).length).toBeGreaterThan(0);
  });
});

describe('without a built UI', () => {
  it('says how to build it', async () => {
    const h = await startHarness({ server: { webDir: join(webDir, 'missing') } });
    try {
      const page = await (await fetch(`${h.url}/`)).text();
      expect(page).toContain('npm run build');
    } finally {
      await h.close();
    }
  });
});
