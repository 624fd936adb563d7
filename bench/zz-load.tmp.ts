import { cannon } from './load.ts';
const url = process.argv[2] as string;
const login = await fetch(`${url}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: url },
  body: JSON.stringify({ username: 'player0', password: 'benchmark password' }),
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
const mode = process.argv[3] ?? 'games';
const path = mode === 'game' ? '/api/games/NPWR20004_00' : '/api/games?limit=100';
const first = await fetch(`${url}${path}`, { headers: { cookie } });
const etag = first.headers.get('etag') as string;
console.log(first.status, etag, first.headers.get('cache-control'));
const headers: Record<string, string> = { cookie, ...(process.argv[4] === 'inm' ? { 'if-none-match': etag } : {}) };
const r = await cannon(`${url}${path}`, headers, 8, 10);
console.log(
  mode,
  process.argv[4] ?? '',
  'rps',
  r.requests.average.toFixed(0),
  'p50',
  r.latency.p50,
  'p99',
  r.latency.p99,
  'status',
  JSON.stringify(r.statusCodeStats),
);
