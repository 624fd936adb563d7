/**
 * A last guard for commands that print whatever Sony answers (`get`, `graphql`): any value under
 * a key that names a credential is replaced, so no token or NPSSO reaches the terminal or a log.
 * @module
 */

const SECRET_KEY = /^(npsso|access_?token|refresh_?token|id_?token)$/i;

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, SECRET_KEY.test(key) && typeof v === 'string' ? '[redacted]' : redactSecrets(v)]));
}
