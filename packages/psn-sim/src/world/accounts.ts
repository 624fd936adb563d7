/**
 * Generated PSN accounts. An account is a pure function of (seed, index); its account id and
 * online id both encode the index, so lookups need no table even in a 1,000,000-account world.
 * @module
 */
import { Rng, hashString, mix, unit } from '../prng.ts';

const ACCOUNT_KEY = hashString('account');
const SCRAMBLE_MOD = 10n ** 15n;
// Odd and not a multiple of 5, hence invertible modulo 10^15: a bijection index → digits.
const SCRAMBLE_MUL = 387_420_489_023n;
const SCRAMBLE_ADD = 271_828_182_845_904n;

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}
const SCRAMBLE_INV = modInverse(SCRAMBLE_MUL, SCRAMBLE_MOD);

const firstParts = ['Nova', 'Pixel', 'Rogue', 'Echo', 'Blaze', 'Frost', 'Vex', 'Kai', 'Luna', 'Orion', 'Zed', 'Ash', 'Onyx', 'Jade', 'Rex', 'Sky'];
const secondParts = ['Fox', 'Wolf', 'Hawk', 'Byte', 'Storm', 'Ace', 'Ray', 'Fang', 'Owl', 'Bear', 'Lynx', 'Crow'];
const countries = ['GB', 'US', 'DE', 'FR', 'JP', 'ES', 'IT', 'CA', 'AU', 'BR'];
const languagesByCountry: Record<string, string> = {
  GB: 'en-GB',
  US: 'en-US',
  DE: 'de-DE',
  FR: 'fr-FR',
  JP: 'ja-JP',
  ES: 'es-ES',
  IT: 'it-IT',
  CA: 'en-CA',
  AU: 'en-AU',
  BR: 'pt-BR',
};
const abouts = ['Platinum hunter.', 'Casual on weekends.', 'Racing games only.', '', 'Trophy completionist since 2008.', 'Add me for co-op!'];

export interface Account {
  index: number;
  accountId: string;
  onlineId: string;
  /** Trophies, titles, summary and groups refused to others (403). */
  privateTrophies: boolean;
  /** Friend list refused to others (403). */
  privateFriends: boolean;
  /** Age, at the simulator's start, of the browser session the account's NPSSO comes from. */
  sessionAgeDays: number;
  isPlus: boolean;
  isOfficiallyVerified: boolean;
  aboutMe: string;
  country: string;
  language: string;
  firstName: string;
  lastName: string;
  /** Number of generated titles in the library. */
  librarySize: number;
  /** Where the library starts in the catalogue and how it strides (coprime with the catalogue size). */
  libraryOffset: number;
  libraryStep: number;
}

export interface AccountWorldShape {
  seed: number;
  accounts: number;
  titles: number;
  titlesMax: number;
  catalogSize: number;
  privateRate: number;
  oldSessionRate: number;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The online id of account `index` (at most 16 characters, as PSN allows). */
export function onlineIdOf(seed: number, index: number): string {
  const h = mix(seed, ACCOUNT_KEY, index, 1);
  return `${firstParts[h % firstParts.length]}${secondParts[(h >>> 8) % secondParts.length]}${index}`;
}

/** The 19-digit account id of account `index`. */
export function accountIdOf(seed: number, index: number): string {
  const prefix = 1000n + BigInt(mix(seed, ACCOUNT_KEY) % 8999);
  const scrambled = (BigInt(index) * SCRAMBLE_MUL + SCRAMBLE_ADD) % SCRAMBLE_MOD;
  return `${prefix}${scrambled.toString().padStart(15, '0')}`;
}

/** Reverses `accountIdOf`; undefined when the id belongs to no account of this world. */
export function indexOfAccountId(seed: number, accounts: number, accountId: string): number | undefined {
  if (!/^\d{19}$/.test(accountId)) return undefined;
  const scrambled = BigInt(accountId.slice(4));
  const index = Number((((((scrambled - SCRAMBLE_ADD) % SCRAMBLE_MOD) + SCRAMBLE_MOD) % SCRAMBLE_MOD) * SCRAMBLE_INV) % SCRAMBLE_MOD);
  return index < accounts && accountIdOf(seed, index) === accountId ? index : undefined;
}

/** Reverses `onlineIdOf` (case-insensitively, as PSN does). */
export function indexOfOnlineId(seed: number, accounts: number, onlineId: string): number | undefined {
  const match = /^[A-Za-z]+(\d{1,7})$/.exec(onlineId);
  if (!match) return undefined;
  const index = Number(match[1]);
  return index < accounts && onlineIdOf(seed, index).toLowerCase() === onlineId.toLowerCase() ? index : undefined;
}

/** Generates account `index`. The first account is always public, with a fresh session: the demo player. */
export function generateAccount(world: AccountWorldShape, index: number): Account {
  const rng = new Rng(world.seed, ACCOUNT_KEY, index);
  const first = index === 0;
  const country = rng.pick(countries);
  const catalog = world.catalogSize;
  const librarySize = world.titlesMax > world.titles ? rng.int(world.titles, world.titlesMax) : world.titles;
  let step = 1 + Math.floor(rng.next() * Math.max(1, catalog - 1));
  while (gcd(step, catalog) !== 1) step = (step % Math.max(1, catalog - 1)) + 1;
  return {
    index,
    accountId: accountIdOf(world.seed, index),
    onlineId: onlineIdOf(world.seed, index),
    privateTrophies: !first && unit(world.seed, ACCOUNT_KEY, index, 2) < world.privateRate,
    privateFriends: !first && unit(world.seed, ACCOUNT_KEY, index, 3) < world.privateRate,
    sessionAgeDays: !first && unit(world.seed, ACCOUNT_KEY, index, 4) < world.oldSessionRate ? rng.int(50, 57) : first ? 0 : rng.int(0, 20),
    isPlus: rng.chance(0.6),
    isOfficiallyVerified: rng.chance(0.02),
    aboutMe: rng.pick(abouts),
    country,
    language: languagesByCountry[country] ?? 'en-US',
    firstName: rng.pick(['Alex', 'Sam', 'Robin', 'Kim', 'Jo', 'Chris', 'Mika', 'Noa']),
    lastName: rng.pick(['Smith', 'Müller', 'Tanaka', 'Rossi', 'García', 'Martin', 'Silva', 'Brown']),
    librarySize,
    libraryOffset: Math.floor(rng.next() * catalog),
    libraryStep: step,
  };
}
