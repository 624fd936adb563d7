/**
 * The fixed tour of `trophyroom record`: one request or two to every endpoint the client calls,
 * with the signed-in account's own data, a friend's when there is one, and a few answers Sony
 * gives to bad requests. Every exchange is captured through the client's `fetch` and labelled with
 * its route and case (`own`, `other`, `forbidden`, `unknown-id`…), the names the conformance test
 * reproduces on the simulator. A step that fails is recorded too, and the tour goes on.
 * @module
 */
import type { Fetch, PsnClient, PsnClientOptions, TrophyTitle } from '@trophyroom/psn';
import type { RecordedExchange } from 'psn-sim';

export interface TourStep {
  route: string;
  /** The case of a success; a 4xx answer is labelled by `failure` (`forbidden`, `unknown-id`). */
  case: string;
  failure?: string;
}

export interface Recorder {
  /** The `fetch` to give the client: it captures every exchange under the current step. */
  fetch: Fetch;
  exchanges: RecordedExchange[];
  /** Runs `fn` with its requests labelled as `step`; its error is kept, not thrown. */
  step<T>(step: TourStep, fn: () => Promise<T>): Promise<T | undefined>;
}

/** A recorder around a real `fetch`. Nothing is anonymised here: the caller does it before writing. */
export function createRecorder(fetch: Fetch = (input, init) => globalThis.fetch(input, init)): Recorder {
  const exchanges: RecordedExchange[] = [];
  let current: TourStep = { route: 'unknown', case: 'unknown' };
  const recorder: Recorder = {
    exchanges,
    fetch: async (input, init) => {
      const step = current;
      const response = await fetch(input, init);
      const text = await response.clone().text();
      let body: unknown = text;
      try {
        if (text) body = JSON.parse(text);
      } catch {
        // not JSON (an HTML error page): kept as text
      }
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        headers[key] = value;
      });
      const request: RecordedExchange['request'] = { method: (init?.method ?? 'GET').toUpperCase(), url: String(input) };
      if (typeof init?.body === 'string') request.body = init.body;
      const route = routeOf(request.url, step.route);
      const label = caseOf(route, request, response.status, headers.location) ?? (response.status >= 400 && step.failure ? step.failure : step.case);
      exchanges.push({ route, case: label, request, response: { status: response.status, headers, body } });
      return response;
    },
    step: async (step, fn) => {
      current = step;
      try {
        return await fn();
      } catch {
        return undefined;
      } finally {
        current = { route: 'unknown', case: 'unknown' };
      }
    },
  };
  return recorder;
}

/** The route of a request: the step's, except for the sign-in calls a step may trigger (a token refresh). */
function routeOf(url: string, fallback: string): string {
  const path = new URL(url).pathname;
  if (path.endsWith('/oauth/authorize')) return 'auth.authorize';
  if (path.endsWith('/oauth/token')) return 'auth.token';
  return fallback;
}

/** The sign-in calls name their own case: the grant, or whether the NPSSO was taken. */
function caseOf(route: string, request: RecordedExchange['request'], status: number, location: string | undefined): string | undefined {
  if (route === 'auth.token') return new URLSearchParams(request.body ?? '').get('grant_type') ?? undefined;
  if (route === 'auth.authorize') return status === 302 && /[?&]code=/.test(location ?? '') ? 'ok' : 'bad-npsso';
  return undefined;
}

/** Distinct titles worth recording: a PS5 one, a PS3/PS4/Vita one, one with DLC groups, a PC one. */
export function pickTitles(titles: readonly TrophyTitle[]): TrophyTitle[] {
  const picks = [
    titles.find((t) => t.npServiceName === 'trophy2'),
    titles.find((t) => t.npServiceName === 'trophy'),
    titles.find((t) => t.hasTrophyGroups),
    titles.find((t) => t.trophyTitlePlatform.split(',').includes('PSPC')),
  ];
  const seen = new Set<string>();
  return picks.filter((t): t is TrophyTitle => t !== undefined && !seen.has(t.npCommunicationId) && Boolean(seen.add(t.npCommunicationId)));
}

/** Runs the tour: signs in with the NPSSO, visits every endpoint, and refreshes the token at the end. */
export async function runTour(
  npsso: string,
  recorder: Recorder,
  makeClient: (options: PsnClientOptions) => PsnClient,
  signal: AbortSignal,
  onStep: (label: string) => void = () => {},
): Promise<{ account?: { accountId: string; onlineId: string } }> {
  const psn = makeClient({ fetch: recorder.fetch, retry: { retries: 0 } });
  const call = { signal };
  const at = async <T>(step: TourStep, fn: () => Promise<T>) => {
    onStep(`${step.route} (${step.case})`);
    return recorder.step(step, fn);
  };
  const tokens = await at({ route: 'auth.authorize', case: 'ok' }, () => psn.signIn(npsso, { signal }));
  if (!tokens) throw new Error('sign-in failed');
  const summary = await at({ route: 'trophy.summary', case: 'own' }, () => psn.trophies.summary(call));
  const profile = await at({ route: 'profile.profiles', case: 'own' }, () => psn.profiles.get(call));
  const page = await at({ route: 'trophy.titles', case: 'own' }, () => psn.trophies.titles(call));
  if (page?.totalItemCount && page.totalItemCount > page.trophyTitles.length)
    await at({ route: 'trophy.titles', case: 'own-last' }, () => psn.trophies.titles({ ...call, offset: Math.max(0, (page.totalItemCount ?? 1) - 1) }));
  for (const title of pickTitles(page?.trophyTitles ?? [])) {
    await at({ route: 'trophy.titleGroups', case: 'known' }, () => psn.trophies.titleGroups(title, call));
    await at({ route: 'trophy.titleTrophies', case: 'known' }, () => psn.trophies.titleTrophies(title, 'all', call));
    await at({ route: 'trophy.userGroups', case: 'own' }, () => psn.trophies.userGroups(title, call));
    await at({ route: 'trophy.userTrophies', case: 'own' }, () => psn.trophies.userTrophies(title, 'all', call));
  }
  const games = await at({ route: 'gamelist.titles', case: 'own' }, () => psn.gameList.played(call));
  const ids = (games?.titles ?? []).slice(0, 5).map((g) => g.titleId);
  if (ids.length > 0) await at({ route: 'trophy.byTitleId', case: 'played' }, () => psn.trophies.byTitleIds(ids, call));
  await at({ route: 'trophy.byTitleId', case: 'played', failure: 'unknown-id' }, () => psn.trophies.byTitleIds(['CUSA00000_00'], call));
  const friends = await at({ route: 'profile.friends', case: 'own' }, () => psn.profiles.friends(call));
  await at({ route: 'profile.presence', case: 'own' }, () => psn.profiles.presence(call));
  if (profile) {
    await at({ route: 'legacy.profile2', case: 'own' }, () => psn.profiles.profile2(profile.onlineId, call));
    await at({ route: 'search.universal', case: 'own' }, () => psn.search.players(profile.onlineId, call));
  }
  const legacy = await at({ route: 'legacy.titles', case: 'own' }, () => psn.legacy.titles({ ...call, limit: 5 }));
  const first = legacy?.trophyTitles[0];
  if (first) {
    await at({ route: 'legacy.groups', case: 'own' }, () => psn.legacy.groups(first, call));
    await at({ route: 'legacy.trophies', case: 'own' }, () => psn.legacy.trophies(first, 'default', call));
  }
  await at({ route: 'graphql.op', case: 'metGetAccount-own' }, () => psn.graphql.starsAccount('me', call));
  // Sony's answers to requests it refuses.
  await at({ route: 'trophy.titleTrophies', case: 'known', failure: 'unknown-id' }, () =>
    psn.trophies.titleTrophies({ npCommunicationId: 'SSSA01325_00', npServiceName: 'trophy2' }, 'all', call),
  );
  // Another player: the first friend, whose privacy decides between their data and Sony's 403.
  const friend = friends?.friends[0];
  if (friend) {
    await at({ route: 'trophy.summary', case: 'other', failure: 'forbidden' }, () => psn.trophies.summary({ ...call, accountId: friend }));
    await at({ route: 'trophy.titles', case: 'other', failure: 'forbidden' }, () => psn.trophies.titles({ ...call, accountId: friend, limit: 50 }));
    await at({ route: 'profile.profiles', case: 'other' }, () => psn.profiles.get({ ...call, accountId: friend }));
  }
  await at({ route: 'auth.token', case: 'refresh_token' }, () => psn.refresh(signal));
  return summary && profile ? { account: { accountId: summary.accountId, onlineId: profile.onlineId } } : {};
}
