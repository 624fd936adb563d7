/**
 * A last guard for commands that print whatever Sony answers (`get`, `graphql`): any value under
 * a key that names a credential is replaced, so no token or NPSSO reaches the terminal or a log.
 * @module
 */
import { SECRET_KEYS } from '@trophyroom/vault';

// The server's list (its logs censor the same keys), matched regardless of case: `Authorization`, `Set-Cookie`.
const SECRET = new Set(SECRET_KEYS.map((key) => key.toLowerCase()));

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  // Any value under a secret key goes, not just a string: `set-cookie` is a list, a `session` an object.
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, SECRET.has(key.toLowerCase()) && v != null ? '[redacted]' : redactSecrets(v)]));
}
