/**
 * The token vault: AES-256-GCM with a random 96-bit IV per value, so the same token never
 * encrypts to the same bytes, and a tampered value fails to decrypt rather than decrypting to
 * garbage. Values carry the id of their key, so rotation can re-encrypt them one by one
 * (`reseal`): the first key seals, every key opens.
 * @module
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export class VaultError extends Error {
  override readonly name = 'VaultError';
}

export class Vault {
  readonly #keys: Map<string, Buffer>;
  readonly #current: string;

  /** @param keys 32-byte keys; the first encrypts, all of them decrypt (old keys during a rotation). */
  constructor(keys: Buffer[]) {
    if (keys.length === 0) throw new VaultError('the vault needs a key');
    for (const key of keys) if (key.length !== 32) throw new VaultError('a vault key is 32 bytes (base64 of 32 random bytes)');
    this.#keys = new Map(keys.map((key) => [keyId(key), key]));
    this.#current = keyId(keys[0] as Buffer);
  }

  /** Id of the key that encrypts: a short hash, safe to log. */
  get keyId(): string {
    return this.#current;
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(this.#current) as Buffer, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, this.#current, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  decrypt(sealed: string): string {
    const [version, id, iv, body, tag] = sealed.split('.');
    if (version !== VERSION || !id || !iv || body === undefined || !tag) throw new VaultError('not a value sealed by this vault');
    const key = this.#keys.get(id);
    if (!key) throw new VaultError(`the key ${id} that sealed this value is not configured`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new VaultError('a sealed value failed its integrity check (wrong key or tampered data)');
    }
  }

  /** Whether a sealed value was made with the current key. */
  isCurrent(sealed: string): boolean {
    return sealedKeyId(sealed) === this.#current;
  }

  /** Whether this vault holds the key with that id (so it can open what that key sealed). */
  hasKey(id: string): boolean {
    return this.#keys.has(id);
  }

  /** The ids of every key it holds, the sealing one first. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** The value sealed with the current key: itself when it already is, else opened with its old key and sealed again (rotation). */
  reseal(sealed: string): string {
    return this.isCurrent(sealed) ? sealed : this.encrypt(this.decrypt(sealed));
  }
}

/** The id of the key that sealed a value (safe to log), or undefined for something that is not a sealed value. */
export function sealedKeyId(sealed: string): string | undefined {
  const [version, id] = sealed.split('.');
  return version === VERSION && id ? id : undefined;
}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}
