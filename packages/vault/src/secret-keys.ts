/** Keys whose values are secrets: the server's logs censor them, the CLI redacts them from what it prints. */
export const SECRET_KEYS: readonly string[] = [
  'npsso',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'access_token',
  'refresh_token',
  'id_token',
  'authorization',
  'cookie',
  'set-cookie',
  'session',
];
