/**
 * The three light pieces of `@trophyroom/server` the CLI uses — the token `Vault`, its key-file
 * helper and the countdown — loaded from their own modules beside the package's entry, because
 * the entry also loads the store and the engine (SQLite, PostgreSQL, Kysely: ~0.3–0.5 s per
 * command). Falls back to the entry if the files move. Better: a light `@trophyroom/server/vault`
 * export (asked for in the CLI's report).
 * @module
 */

type Server = typeof import('@trophyroom/server');
export type ServerParts = Pick<Server, 'Vault' | 'resolveVaultKey' | 'countdownOf'>;

let parts: Promise<ServerParts> | undefined;

async function load(): Promise<ServerParts> {
  try {
    const entry = import.meta.resolve('@trophyroom/server');
    const [vault, key, countdown] = await Promise.all([
      import(new URL('./vault/vault.ts', entry).href) as Promise<Pick<Server, 'Vault'>>,
      import(new URL('./vault/vault-key.ts', entry).href) as Promise<Pick<Server, 'resolveVaultKey'>>,
      import(new URL('./services/countdown.ts', entry).href) as Promise<Pick<Server, 'countdownOf'>>,
    ]);
    if (typeof vault.Vault === 'function' && typeof key.resolveVaultKey === 'function' && typeof countdown.countdownOf === 'function')
      return { Vault: vault.Vault, resolveVaultKey: key.resolveVaultKey, countdownOf: countdown.countdownOf };
  } catch {
    // Moved or renamed: the package entry has them all.
  }
  const server = await import('@trophyroom/server');
  return { Vault: server.Vault, resolveVaultKey: server.resolveVaultKey, countdownOf: server.countdownOf };
}

export function serverParts(): Promise<ServerParts> {
  parts ??= load();
  return parts;
}
