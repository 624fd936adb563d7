// What run.sh checks over HTTP, as a browser would (the session cookie, the server's own Origin):
//   node journey.mjs URL signup USER PASSWORD     sign up; the first account is the admin
//   node journey.mjs URL login USER PASSWORD      sign in (the data outlived the container)
//   node journey.mjs URL import USER PASSWORD SIM sign in, connect the simulator's first account,
//                                                 wait for the title list, import, wait for the run
// Prints one line per check; exits 1 at the first that fails.
const [url, action, username, password, sim] = process.argv.slice(2);
let cookie = '';

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

async function call(method, path, body) {
  const response = await fetch(new URL(path, url), {
    method,
    headers: { origin: new URL(url).origin, cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const session = response.headers.get('set-cookie')?.match(/trophyroom_session=[^;]+/)?.[0];
  if (session) cookie = session;
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

async function expectStatus(method, path, status, body) {
  const answer = await call(method, path, body);
  if (answer.status !== status) fail(`${method} ${path}: ${answer.status}, not ${status}: ${answer.text.slice(0, 300)}`);
  return answer.json;
}

async function until(what, check, seconds = 120) {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) fail(`${what}: not within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const page = await call('GET', '/');
if (page.status !== 200 || !page.text.includes('<title>Trophyroom</title>')) fail(`GET / is not the web UI: ${page.status}`);
console.log('ok: the web UI is served at /');

if (action === 'signup') {
  const { user } = await expectStatus('POST', '/api/auth/signup', 201, { username, password });
  if (!user.admin) fail('the first account is not the admin');
  console.log(`ok: signed up ${user.username} (admin)`);
} else {
  await expectStatus('POST', '/api/auth/login', 200, { username, password });
  console.log(`ok: signed in as ${username}`);
}
const me = await expectStatus('GET', '/api/me', 200);
console.log(`ok: /api/me is ${me.user?.username ?? JSON.stringify(me)}`);

if (action === 'import') {
  const { npsso } = await (await fetch(new URL('/api/v1/ssocookie', sim))).json();
  await expectStatus('POST', '/api/connections/psn', 201, { npsso });
  console.log('ok: connected the simulator account');
  // The title list is a job: only a worker runs it (the web role runs none).
  const picker = await until('the title list (a worker job)', async () => {
    const answer = await expectStatus('GET', '/api/psn/titles?limit=5', 200);
    return answer.state === 'ready' && answer.total > 0 ? answer : undefined;
  });
  console.log(`ok: the picker is ready with ${picker.total} titles`);
  const { ids } = await expectStatus('GET', '/api/psn/titles/ids', 200);
  const picked = ids.slice(0, 5);
  const { jobId } = await expectStatus('POST', '/api/psn/import', 202, { npCommunicationIds: picked });
  const run = await until('the import run (a worker job)', async () => {
    const { items } = await expectStatus('GET', `/api/sync/runs?jobId=${encodeURIComponent(jobId)}`, 200);
    const found = items[0];
    if (found && found.state !== 'running') return found;
    return undefined;
  });
  if (run.state !== 'succeeded') fail(`the import ended ${run.state}: ${JSON.stringify(run.errors)}`);
  console.log(`ok: imported ${run.done}/${run.total} titles (job ${jobId}, ${run.requests} PSN requests)`);
  const games = await expectStatus('GET', '/api/games', 200);
  const count = games.items?.length ?? 0;
  if (count !== picked.length) fail(`the library has ${count} games, not ${picked.length}`);
  console.log(`ok: the library shows ${count} games`);
}
