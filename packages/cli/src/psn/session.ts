/**
 * A PSN client for a command: the stored login decrypted, the tokens written back (sealed) after
 * every refresh, the budget kept in the config directory, and time from the runtime. The client
 * package is loaded lazily, so `--help` stays fast.
 * @module
 */
import { join } from 'node:path';
import type { PsnClient, PsnClientOptions, RateBudgetOptions, TokenSet } from '@trophyroom/psn';
import type { CommandContext } from '../command.ts';
import { FileBudgetStore } from '../config/budget-file.ts';
import { configDir } from '../config/config-dir.ts';
import { CredentialStore, type StoredLogin } from '../config/credentials.ts';
import { AuthRequiredError } from '../errors/cli-error.ts';
import { type Runtime, runtimeOf } from './runtime.ts';
import { saveInTurn } from './save-in-turn.ts';

export interface Session {
  psn: PsnClient;
  login: StoredLogin;
  store: CredentialStore;
  runtime: Runtime;
}

export function credentialStore(context: CommandContext): CredentialStore {
  return new CredentialStore(configDir(context.io.env), context.io.env);
}

/**
 * Client options shared by signed-in and signing-in clients. The budget is kept per origin, not
 * per account: the config directory holds one login at a time, and the sign-in's own requests
 * (made before the account is known) then count in the same window as the rest.
 */
export function clientOptions(context: CommandContext, runtime: Runtime, onRateLimit?: RateBudgetOptions['onRateLimit']): PsnClientOptions {
  const dir = configDir(context.io.env);
  const budgetKey = context.global.baseUrl ?? 'sony';
  return {
    ...(context.global.baseUrl ? { baseUrl: context.global.baseUrl } : {}),
    clock: runtime.clock,
    sleep: runtime.sleep,
    budgetKey,
    budget: { store: new FileBudgetStore(join(dir, 'budget.json')), ...(onRateLimit ? { onRateLimit } : {}) },
  };
}

function where(baseUrl: string | null | undefined): string {
  return baseUrl ? baseUrl : "Sony's PSN";
}

/** By default a wait of 10 s or more for the rate limit gets one line on stderr, so a pause is explained. */
function noteLongWaits(context: CommandContext): RateBudgetOptions['onRateLimit'] {
  return (info) => {
    if (info.waitMs >= 10_000)
      context.out.note(
        `trophyroom: waiting ${Math.ceil(info.waitMs / 1000)} s for ${info.reason === 'server' ? "Sony's rate limit" : 'the rate budget (~300 requests per 15 minutes)'}…`,
      );
    return undefined;
  };
}

/** Options of `openSession`. */
export interface SessionOptions {
  /** Hears every wait for the rate budget or a 429 (e.g. to show it on a progress bar). */
  onRateLimit?: RateBudgetOptions['onRateLimit'];
}

/** The signed-in client of the stored login; throws `AuthRequiredError` when there is none or it has expired. */
export async function openSession(context: CommandContext, options: SessionOptions = {}): Promise<Session> {
  const store = credentialStore(context);
  const login = store.require();
  const baseUrl = context.global.baseUrl ?? null;
  if (login.baseUrl !== baseUrl)
    throw new AuthRequiredError(
      `You are logged in to ${where(login.baseUrl)}, but this command talks to ${where(baseUrl)}. Pass the same --base-url, or run \`trophyroom login\` again.`,
    );
  const runtime = await runtimeOf(context);
  const tokens = await store.tokensOf(login);
  if (tokens.refreshTokenExpiresAt <= runtime.clock.now())
    throw new AuthRequiredError(
      `The PSN login of ${login.account.onlineId} expired on ${new Date(tokens.refreshTokenExpiresAt).toISOString().slice(0, 10)}. Run \`trophyroom login\` with a fresh NPSSO.`,
    );
  const { PsnClient } = await import('@trophyroom/psn');
  // Refreshed tokens are sealed and written back at once, in turn: the next run starts from them.
  // A failed write does not fail the command (the tokens in memory still work) nor stop later writes.
  const saveTokens = saveInTurn(
    (next: TokenSet) => store.save(login.account, context.global.baseUrl, next, runtime.clock.now(), login.grantedSeconds),
    (error) =>
      context.out.note(
        `trophyroom: could not store the refreshed PSN tokens in ${store.path} (${error instanceof Error ? error.message : String(error)}); this run goes on, but the next may need \`trophyroom login\`.`,
      ),
  );
  const psn = new PsnClient({
    ...clientOptions(context, runtime, options.onRateLimit ?? noteLongWaits(context)),
    tokens,
    onTokens: saveTokens,
  });
  return { psn, login, store, runtime };
}
