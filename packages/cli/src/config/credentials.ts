/**
 * The stored login: the token set sealed by the AES-256-GCM `Vault` of `@trophyroom/vault`, in
 * `credentials.json` (mode 0600) beside its key file `secret.key` (mode 0600, or the key from
 * `TROPHYROOM_SECRET_KEY`). Beside the sealed tokens only what is not secret: the account, the
 * refresh token's expiry (for `status` without decrypting) and the origin the tokens belong to.
 * The NPSSO is never stored.
 * @module
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenSet } from '@trophyroom/psn';
import { AuthRequiredError } from '../errors/cli-error.ts';
import { resolveVaultKeys, Vault } from '@trophyroom/vault';
import { writeFileAtomic } from './config-dir.ts';

export interface Account {
  onlineId: string;
  accountId: string;
}

export interface StoredLogin {
  version: 1;
  account: Account;
  /** The `--base-url` the tokens were issued by, or null for Sony. */
  baseUrl: string | null;
  refreshTokenExpiresAt: string;
  /** The refresh token's lifetime as Sony granted it at sign-in, in seconds (it varies: 863,999 to 5,183,999 recorded). */
  grantedSeconds?: number;
  savedAt: string;
  /** The sealed `TokenSet` (`Vault.encrypt` of its JSON). */
  tokens: string;
}

export const CREDENTIALS_FILE = 'credentials.json';
export const KEY_FILE = 'secret.key';

type VaultLike = { encrypt(plain: string): string; decrypt(sealed: string): string };

/** The vault, from `TROPHYROOM_SECRET_KEY` or the key file (created on first use). */
async function openVault(dir: string, env: NodeJS.ProcessEnv): Promise<VaultLike> {
  return new Vault(resolveVaultKeys({ envKey: env.TROPHYROOM_SECRET_KEY, keyFile: join(dir, KEY_FILE) }));
}

export class CredentialStore {
  readonly dir: string;
  readonly #env: NodeJS.ProcessEnv;
  #vault: VaultLike | undefined;

  constructor(dir: string, env: NodeJS.ProcessEnv) {
    this.dir = dir;
    this.#env = env;
  }

  get path(): string {
    return join(this.dir, CREDENTIALS_FILE);
  }

  async #getVault(): Promise<VaultLike> {
    this.#vault ??= await openVault(this.dir, this.#env);
    return this.#vault;
  }

  /** The stored login without its tokens decrypted, or undefined when logged out. */
  read(): StoredLogin | undefined {
    if (!existsSync(this.path)) return undefined;
    let parsed: StoredLogin;
    try {
      parsed = JSON.parse(readFileSync(this.path, 'utf8')) as StoredLogin;
    } catch {
      throw new AuthRequiredError(`The stored login in ${this.path} is unreadable; run \`trophyroom login\` again.`);
    }
    if (parsed.version !== 1 || typeof parsed.tokens !== 'string' || !parsed.account)
      throw new AuthRequiredError(`The stored login in ${this.path} is not one this version understands; run \`trophyroom login\` again.`);
    return parsed;
  }

  /** The stored login, or an error telling the person to log in. */
  require(): StoredLogin {
    const login = this.read();
    if (!login) throw new AuthRequiredError('Not logged in. Run `trophyroom login` with an NPSSO from https://ca.account.sony.com/api/v1/ssocookie.');
    return login;
  }

  async tokensOf(login: StoredLogin): Promise<TokenSet> {
    const vault = await this.#getVault();
    try {
      return JSON.parse(vault.decrypt(login.tokens)) as TokenSet;
    } catch {
      throw new AuthRequiredError(
        `The stored tokens cannot be decrypted with this key (was ${KEY_FILE} or TROPHYROOM_SECRET_KEY changed?); run \`trophyroom login\` again.`,
      );
    }
  }

  async save(account: Account, baseUrl: string | undefined, tokens: TokenSet, now: number, grantedSeconds?: number): Promise<StoredLogin> {
    const vault = await this.#getVault();
    const login: StoredLogin = {
      version: 1,
      account,
      baseUrl: baseUrl ?? null,
      refreshTokenExpiresAt: new Date(tokens.refreshTokenExpiresAt).toISOString(),
      ...(grantedSeconds !== undefined ? { grantedSeconds } : {}),
      savedAt: new Date(now).toISOString(),
      tokens: vault.encrypt(JSON.stringify(tokens)),
    };
    writeFileAtomic(this.path, `${JSON.stringify(login, null, 2)}\n`);
    return login;
  }

  /** Forgets the login (the key file stays, it seals nothing any more). Returns whether there was one. */
  remove(): boolean {
    const had = existsSync(this.path);
    rmSync(this.path, { force: true });
    return had;
  }
}
