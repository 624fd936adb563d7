/**
 * Accounts, the only door to users, sessions, personal API tokens and instance settings: sign-up,
 * login, sessions and tokens. Secrets handed to clients (session cookie, API token) are random
 * 32-byte values; the store keeps only their SHA-256, so reading the database signs nobody in.
 * The first user becomes the admin, who can close sign-up.
 * @module
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { User } from '../db/schema.ts';
import type { ApiTokensRepository, SessionsRepository, SettingsRepository } from '../repositories/sessions.repository.ts';
import type { UsersRepository } from '../repositories/users.repository.ts';
import type { LoginLimiter } from './login-limiter.ts';
import { passwordWeakness } from './password-policy.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwords.ts';
import { ServiceError } from './service-error.ts';

export type { User };

export interface AccountsDeps {
  users: UsersRepository;
  sessions: SessionsRepository;
  tokens: ApiTokensRepository;
  settings: SettingsRepository;
  limiter: LoginLimiter;
  now: () => number;
  /** @default 30 days */
  sessionMs?: number;
}

export interface PublicUser {
  id: string;
  username: string;
  admin: boolean;
  createdAt: string;
}

export const publicUser = (u: User): PublicUser => ({ id: u.id, username: u.name, admin: u.admin === 1, createdAt: u.created_at });

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const SIGNUP_OPEN = 'signup_open';
export const API_TOKEN_PREFIX = 'trp_';

export class AccountsService {
  constructor(private readonly deps: AccountsDeps) {}

  async signupOpen(): Promise<boolean> {
    return (await this.deps.settings.get(SIGNUP_OPEN)) !== 'false';
  }

  async setSignupOpen(open: boolean): Promise<void> {
    await this.deps.settings.set(SIGNUP_OPEN, String(open));
  }

  /**
   * Creates an account and its first session. The first account is the admin: the database
   * decides which one when several sign up at once (`UsersRepository.createClaimingAdmin`).
   */
  async signup(username: string, password: string): Promise<{ user: User; session: string }> {
    const { users, now } = this.deps;
    const weakness = passwordWeakness(password, username);
    if (weakness) throw new ServiceError('weak_password', weakness);
    // Only an admin can close sign-up, so a closed instance has users; an empty one stays open.
    if (!(await this.signupOpen()) && (await users.count()) > 0)
      throw new ServiceError('signup_closed', 'Sign-up is closed on this instance. Ask its admin for an account.');
    if (await users.byName(username)) throw new ServiceError('username_taken', `The name "${username}" is taken. Choose another.`);
    let user: User;
    try {
      user = await users.createClaimingAdmin(username, new Date(now()), await hashPassword(password));
    } catch (error) {
      // Two sign-ups raced for the same name: the unique index let one through.
      if (await users.byName(username)) throw new ServiceError('username_taken', `The name "${username}" is taken. Choose another.`);
      throw error;
    }
    return { user, session: await this.#startSession(user.id) };
  }

  /** Checks a password (failures limited per name and address, per address, and per name under attack) and starts a session. */
  async login(username: string, password: string, clientAddress: string): Promise<{ user: User; session: string }> {
    const { users, limiter } = this.deps;
    const keys = limiter.keys(username, clientAddress);
    const wait = limiter.blockedFor(keys);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new ServiceError('too_many_attempts', `Too many failed logins. Try again in ${Math.ceil(seconds / 60)} minute(s).`, undefined, seconds);
    }
    const user = await users.byName(username);
    const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash));
    if (!user?.password_hash || !ok) {
      limiter.fail(keys);
      throw new ServiceError('invalid_credentials', 'That name and password do not match an account.');
    }
    limiter.succeed(keys);
    return { user, session: await this.#startSession(user.id) };
  }

  async #startSession(userId: string): Promise<string> {
    const { now } = this.deps;
    const session = randomBytes(32).toString('base64url');
    const created = now();
    // Sessions end by expiry far more often than by logout: each new one sweeps the expired away.
    await this.deps.sessions.deleteExpired(new Date(created).toISOString());
    await this.deps.sessions.create({
      idHash: sha256(session),
      userId,
      createdAt: new Date(created).toISOString(),
      expiresAt: new Date(created + (this.deps.sessionMs ?? 30 * 86_400_000)).toISOString(),
    });
    return session;
  }

  /** The user of a session cookie value, if it is live. */
  userOfSession(session: string): Promise<User | undefined> {
    return this.deps.sessions.userOf(sha256(session), new Date(this.deps.now()).toISOString());
  }

  async logout(session: string): Promise<void> {
    await this.deps.sessions.delete(sha256(session));
  }

  /** The user of a personal API token. */
  async userOfToken(token: string): Promise<User | undefined> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
    const found = await this.deps.tokens.userOf(sha256(token));
    if (!found) return undefined;
    const { token_id, token_last_used_at, ...user } = found;
    const now = this.deps.now();
    // Last use is recorded to the minute: one write per token per minute, not one per request.
    if (!token_last_used_at || now - Date.parse(token_last_used_at) > 60_000) await this.deps.tokens.touch(token_id, new Date(now).toISOString());
    return user;
  }

  /** Creates a personal API token; the secret is returned this once. */
  async createToken(userId: string, name: string) {
    const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row = { id: randomUUID(), userId, name, tokenHash: sha256(token), createdAt: new Date(this.deps.now()).toISOString() };
    await this.deps.tokens.create(row);
    return { id: row.id, name, createdAt: row.createdAt, token };
  }

  async listTokens(userId: string) {
    const rows = await this.deps.tokens.list(userId);
    return rows.map((t) => ({ id: t.id, name: t.name, createdAt: t.created_at, lastUsedAt: t.last_used_at }));
  }

  async revokeToken(userId: string, id: string): Promise<boolean> {
    return this.deps.tokens.delete(userId, id);
  }
}
