/**
 * `trophyroom get <path>`: any Sony endpoint with the stored token, as the seeds'
 * `Invoke-RestMethod … -Authentication Bearer -Token $token` examples do — through the client, so
 * the token is refreshed, the rate budget kept and retries applied.
 * @module
 */
import type { PsnClient } from '@trophyroom/psn';
import type { Command } from '../command.ts';
import { UsageError } from '../errors/cli-error.ts';
import { redactSecrets } from '../output/redact.ts';
import { openSession } from '../psn/session.ts';

type CallSpec = Parameters<PsnClient['api']['call']>[0];

// Sony's origin for each path prefix (psn-reference.md, "Hosts"); the first match wins.
const ORIGINS: ReadonlyArray<readonly [string, string]> = [
  ['/api/v1/devices/', 'https://dms.api.playstation.com'],
  ['/api/', 'https://m.np.playstation.com'],
  ['/trophy/v1/', 'https://gb-tpy.np.community.playstation.net'],
  ['/userProfile/v1/users/', 'https://us-prof.np.community.playstation.net'],
];

// The API hosts the client knows (packages/psn/src/transport/hosts.ts), the legacy trophy host in
// each of its regions; the sign-in host is left out. Only these (over https) get the token.
const SONY_HOSTS: ReadonlySet<string> = new Set([
  'm.np.playstation.com',
  'web.np.playstation.com',
  'dms.api.playstation.com',
  ...['gb', 'us', 'de', 'jp'].map((region) => `${region}-tpy.np.community.playstation.net`),
  'us-prof.np.community.playstation.net',
]);

/** Whether the token may go to `url`: the `--base-url` origin, else one of Sony's API hosts over https. */
function checkTokenTarget(url: URL, baseUrl: string | undefined): void {
  if (baseUrl && url.origin === new URL(baseUrl).origin) return;
  if (!SONY_HOSTS.has(url.host))
    throw new UsageError(
      `${url.host} is not one of Sony's API hosts; \`get\` sends your token to ${[...SONY_HOSTS].join(', ')}${baseUrl ? ` or ${new URL(baseUrl).origin}` : ''} only.`,
    );
  if (url.protocol !== 'https:') throw new UsageError(`\`get\` sends your token over https only: use https://${url.host}${url.pathname}${url.search}.`);
}

/** Splits what the person typed into an origin and a path with its query. */
export function resolveTarget(input: string, baseUrl: string | undefined, web: boolean): { origin: string; path: string } {
  let path = input.trim();
  let origin: string | undefined;
  if (/^https?:\/\//i.test(path)) {
    const url = new URL(path);
    checkTokenTarget(url, baseUrl);
    origin = url.origin;
    path = `${url.pathname}${url.search}`;
  }
  if (!path.startsWith('/')) path = `/${path}`;
  if (path.startsWith('/api/authz/') || path.startsWith('/api/v1/ssocookie'))
    throw new UsageError('`get` does not call the sign-in service (it would print secrets); use `trophyroom login` and `trophyroom status`.');
  if (baseUrl) return { origin: baseUrl, path };
  if (origin) return { origin, path };
  if (web && path.startsWith('/api/graphql/')) return { origin: 'https://web.np.playstation.com', path };
  const match = ORIGINS.find(([prefix]) => path.startsWith(prefix));
  if (!match) throw new UsageError(`No Sony host serves "${path}": give a path such as /api/trophy/v1/users/me/trophySummary, or a full https:// URL.`);
  return { origin: match[1], path };
}

// `get` prints whatever Sony answers: any JSON passes.
const anyJson = { safeParse: (data: unknown) => ({ success: true, data }) } as unknown as CallSpec['schema'];

export const get: Command = {
  name: 'get',
  summary: 'GET any Sony endpoint with your token and print the JSON',
  help: `Usage: trophyroom get <path|url> [--web]

Calls one of Sony's endpoints with your stored token and prints the JSON answer — what the seeds
do with Invoke-RestMethod. Give the path (the host is picked from it: /api/… is
m.np.playstation.com, /trophy/v1/… the legacy trophy host, /userProfile/v1/users/… the legacy
profile host) or a full https:// URL of one of those hosts (or web.np.playstation.com,
dms.api.playstation.com, a regional legacy trophy host). With --base-url, the path goes there.
The token is refreshed when needed and the request counts against the rate budget. The sign-in
service is off limits, and values under credential keys (npsso, access_token, …) are redacted.

Options:
  --web   send /api/graphql/… to web.np.playstation.com instead of m.np.playstation.com

Examples:
  trophyroom get /api/trophy/v1/users/me/trophySummary
  trophyroom get '/api/trophy/v1/users/me/trophyTitles?limit=5'
  trophyroom get '/api/gamelist/v2/users/me/titles?categories=ps4_game,ps5_native_game&limit=10'
  trophyroom get 'https://gb-tpy.np.community.playstation.net/trophy/v1/trophyTitles?npLanguage=en-GB&platform=PS4,PS3,PSVITA'
  trophyroom get '/api/graphql/v1/op?operationName=metGetAccount&variables={"accountId":"me"}&extensions={"persistedQuery":{"version":1,"sha256Hash":"743c32289cdd6fbdead3b34ea80b48d63f8ddab34581469c4dda4ea412e6cf6b"}}'
`,
  options: { web: { type: 'boolean' } },
  async run({ values, positionals }, context) {
    const input = positionals[0];
    if (!input || positionals.length > 1)
      throw new UsageError("Give one path or URL: `trophyroom get /api/trophy/v1/users/me/trophySummary` (quote it if it has '?' or '&').");
    const { origin, path } = resolveTarget(input, context.global.baseUrl, values.web === true);
    const { psn } = await openSession(context);
    const body = await psn.api.call({
      endpoint: 'get',
      host: 'trophy',
      hosts: { baseUrls: { trophy: origin } },
      path,
      schema: anyJson,
      signal: context.signal,
    });
    context.out.printJson(redactSecrets(body));
    return 0;
  },
};
