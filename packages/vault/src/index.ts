export { type Countdown, type CountdownState, countdownOf, SHORT_TOKEN_DAYS } from './countdown.ts';
export { addKeyToFile, decodeKey, decodeKeyList, type KeySource, keepFirstKey, loadOrCreateKeyFile, readKeyFile, resolveVaultKeys } from './key-file.ts';
export { SECRET_KEYS } from './secret-keys.ts';
export { sealedKeyId, Vault, VaultError } from './vault.ts';
