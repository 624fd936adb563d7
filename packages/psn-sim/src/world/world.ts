/**
 * The simulated PSN: accounts, their libraries and trophies, sessions, and everything the admin
 * API has changed. Reads are pure functions of (seed, index) plus the recorded changes, cached in
 * bounded LRUs, so a 10,000-account world costs little more than the accounts being looked at.
 * @module
 */
import type { SimClock } from '../clock.ts';
import type { ResolvedOptions } from '../options.ts';
import { hashString, mix, unit } from '../prng.ts';
import { type Account, generateAccount, indexOfAccountId, indexOfOnlineId } from './accounts.ts';
import { Catalog } from './catalog.ts';
import { type FixtureEarning, fixtureEarnings } from './fixtures.ts';
import { Lru } from './lru.ts';
import type { TitleDef } from './title.ts';
import { type EarnOverride, type TitleState, computeTitleState } from './title-state.ts';
import { type LevelInfo, type TrophyCounts, emptyCounts, levelOf, pointsOf } from './trophy-math.ts';
import { NO_TROPHY_SUFFIX } from './catalog.ts';
import { TEN_DAY_REFRESH_TTL } from '../untidy.ts';
import { namesakeOf, stackRootOf, stackSpan } from './stacks.ts';

const DAY = 86_400_000;
const LIBRARY_KEY = hashString('library');
const PLAY_KEY = hashString('play');
const FRIEND_KEY = hashString('friend');
const CONCEPT_KEY = hashString('untidy:concept');
const TOKEN_KEY = hashString('untidy:ten-day-token');

export interface LibraryItem {
  title: TitleDef;
  lastUpdatedMs: number;
}

export interface Library {
  items: LibraryItem[];
  byId: Map<string, LibraryItem>;
}

export interface GameListEntry {
  title: TitleDef;
  npTitleId: string;
  /** The game's `concept.titleIds`: its own id first, then regional SKUs and other-platform versions. */
  conceptTitleIds: string[];
  /** A product without a trophy set (by-title-id answers `trophyTitles: []`). */
  noTrophies?: boolean;
  firstPlayedMs: number;
  lastPlayedMs: number;
  playSeconds: number;
  playCount: number;
}

export interface Summary extends LevelInfo {
  points: number;
  earned: TrophyCounts;
}

interface AccountChanges {
  sessionGeneration: number;
  sessionStartMs?: number;
  /** Tokens of an older generation are refused (sign out of all devices). */
  tokenGeneration: number;
  privateTrophies?: boolean;
  privateFriends?: boolean;
  added: Map<string, number>;
  earned: Map<string, Map<number, EarnOverride>>;
  touched: Map<string, number>;
  /** Titles taken out of the library (deleted by Sony, or hidden from the list). */
  removed?: Set<string>;
  /** Refresh-token lifetime Sony grants this account on a sign-in, set through the admin API. */
  refreshTokenTtl?: number;
}

const STACK_OWN_KEY = hashString('library:stack');

/**
 * Most players who own a stack root own its other versions too (cross-buy, a PS5 upgrade): the
 * versions (and namesakes) take the places that follow the root, so the library keeps its size.
 */
function ownedVersions(seed: number, account: number, catalogSize: number, indices: number[]): number[] {
  const owned = new Set(indices);
  const loose = (i: number) => stackSpan(seed, i) === 0 && stackRootOf(seed, i) === undefined && namesakeOf(seed, i) === undefined;
  for (let k = 0; k < indices.length; k++) {
    const root = indices[k] as number;
    // A namesake (a remaster with its own list) is often owned beside the original too.
    const span = stackSpan(seed, root) || (namesakeOf(seed, root + 1) === root ? 1 : 0);
    if (span === 0 || unit(seed, STACK_OWN_KEY, account, root) >= 0.8) continue;
    for (let j = 1; j <= span && k + j < indices.length; j++) {
      const version = root + j;
      const place = indices[k + j] as number;
      if (version >= catalogSize || owned.has(version) || !loose(place)) continue;
      owned.delete(place);
      owned.add(version);
      indices[k + j] = version;
    }
  }
  return indices;
}

export class World {
  readonly options: ResolvedOptions;
  readonly clock: SimClock;
  readonly catalog: Catalog;
  /** Clock reading when the world was made: session ages count back from it. */
  readonly startedAt: number;
  #accounts = new Lru<number, Account>(4096);
  #libraries = new Lru<number, Library>(64);
  #states = new Lru<string, TitleState>(4096);
  #summaries = new Lru<number, Summary>(1024);
  #gameLists = new Lru<number, GameListEntry[]>(64);
  #changes = new Map<number, AccountChanges>();
  #fixtureById = new Map(fixtureEarnings.map((f) => [f.npCommunicationId, f]));

  constructor(options: ResolvedOptions, clock: SimClock) {
    this.options = options;
    this.clock = clock;
    this.catalog = new Catalog(options.seed, options.catalogSize, options.untidy);
    this.startedAt = clock.now();
  }

  // --- accounts -------------------------------------------------------------------------------

  account(index: number): Account {
    let account = this.#accounts.get(index);
    if (!account) {
      account = generateAccount(this.options, index);
      this.#accounts.set(index, account);
    }
    const changes = this.#changes.get(index);
    if (changes?.privateTrophies !== undefined || changes?.privateFriends !== undefined) {
      return {
        ...account,
        privateTrophies: changes.privateTrophies ?? account.privateTrophies,
        privateFriends: changes.privateFriends ?? account.privateFriends,
      };
    }
    return account;
  }

  accountById(accountId: string): Account | undefined {
    const index = indexOfAccountId(this.options.seed, this.options.accounts, accountId);
    return index === undefined ? undefined : this.account(index);
  }

  accountByOnlineId(onlineId: string): Account | undefined {
    const index = indexOfOnlineId(this.options.seed, this.options.accounts, onlineId);
    return index === undefined ? undefined : this.account(index);
  }

  /** An account by account id or online id. */
  findAccount(idOrName: string): Account | undefined {
    return this.accountById(idOrName) ?? this.accountByOnlineId(idOrName);
  }

  #changesOf(index: number): AccountChanges {
    let changes = this.#changes.get(index);
    if (!changes) {
      changes = { sessionGeneration: 0, tokenGeneration: 0, added: new Map(), earned: new Map(), touched: new Map() };
      this.#changes.set(index, changes);
    }
    return changes;
  }

  #invalidate(index: number): void {
    this.#libraries.delete(index);
    this.#summaries.delete(index);
    this.#gameLists.delete(index);
  }

  // --- sessions -------------------------------------------------------------------------------

  /** The browser session an account's current NPSSO belongs to. */
  session(index: number): { generation: number; startMs: number; expiresMs: number } {
    const changes = this.#changes.get(index);
    const startMs = changes?.sessionStartMs ?? this.startedAt - this.account(index).sessionAgeDays * DAY;
    return { generation: changes?.sessionGeneration ?? 0, startMs, expiresMs: startMs + this.options.sessionTtl * 1000 };
  }

  /** Signs the account out and in again: a new NPSSO whose session is `ageDays` old. */
  newSession(index: number, ageDays = 0): void {
    const changes = this.#changesOf(index);
    changes.sessionGeneration += 1;
    changes.sessionStartMs = this.clock.now() - ageDays * DAY;
  }

  /** "Sign out of all devices": every NPSSO and token issued so far stops working. */
  revokeTokens(index: number): void {
    const changes = this.#changesOf(index);
    changes.tokenGeneration += 1;
    changes.sessionGeneration += 1;
    changes.sessionStartMs = this.clock.now();
  }

  /** The generation an account's tokens must carry; older ones were revoked. */
  tokenGeneration(index: number): number {
    return this.#changes.get(index)?.tokenGeneration ?? 0;
  }

  /** The refresh-token lifetime (s) Sony grants the account on a sign-in: set by the admin API, else the world's (10 days for some accounts when untidy). */
  refreshTokenTtlOf(index: number): number {
    const set = this.#changes.get(index)?.refreshTokenTtl;
    if (set !== undefined) return set;
    const rate = this.options.untidy.tenDayRefreshTokens;
    if (index > 0 && rate > 0 && unit(this.options.seed, TOKEN_KEY, index) < rate) return TEN_DAY_REFRESH_TTL;
    return this.options.refreshTokenTtl;
  }

  /** Makes Sony grant this refresh-token lifetime (s) on the account's next sign-ins. */
  setRefreshTokenTtl(index: number, seconds: number): void {
    this.#changesOf(index).refreshTokenTtl = seconds;
  }

  setPrivacy(index: number, privacy: { privateTrophies?: boolean; privateFriends?: boolean }): void {
    const changes = this.#changesOf(index);
    if (privacy.privateTrophies !== undefined) changes.privateTrophies = privacy.privateTrophies;
    if (privacy.privateFriends !== undefined) changes.privateFriends = privacy.privateFriends;
  }

  // --- libraries ------------------------------------------------------------------------------

  /** The account's trophy titles, newest `lastUpdatedDateTime` first. */
  library(index: number): Library {
    const cached = this.#libraries.get(index);
    if (cached) return cached;
    const account = this.account(index);
    const { seed, epochMs } = this.options;
    const size = account.librarySize;
    const span = Math.min(8 * 365 * DAY, Math.max(30 * DAY, size * 10 * DAY));
    const newest = epochMs - unit(seed, LIBRARY_KEY, index) * 2 * DAY;
    const items: LibraryItem[] = [];
    const catalogSize = this.catalog.generatedSize;
    const indices = ownedVersions(
      seed,
      index,
      catalogSize,
      Array.from({ length: size }, (_, k) => (account.libraryOffset + k * account.libraryStep) % catalogSize),
    );
    for (let k = 0; k < size; k++) {
      const title = this.catalog.at(indices[k] as number);
      const at = newest - (span * (k + unit(seed, LIBRARY_KEY, index, k))) / Math.max(1, size);
      items.push({ title, lastUpdatedMs: Math.floor(at / 1000) * 1000 });
    }
    if (index === 0 && this.options.fixtures) {
      for (const fixture of fixtureEarnings) {
        items.push({ title: this.catalog.byId(fixture.npCommunicationId) as TitleDef, lastUpdatedMs: Date.parse(fixture.lastUpdated) });
      }
    }
    const changes = this.#changes.get(index);
    for (const [id, at] of changes?.added ?? []) items.push({ title: this.catalog.byId(id) as TitleDef, lastUpdatedMs: at });
    const byId = new Map<string, LibraryItem>();
    if (changes?.removed?.size) items.splice(0, items.length, ...items.filter((item) => !changes.removed?.has(item.title.npCommunicationId)));
    for (const item of items) {
      // Catalogue titles can hold a newer definition (published DLC) than the one generated here.
      item.title = this.catalog.byId(item.title.npCommunicationId) ?? item.title;
      const touched = changes?.touched.get(item.title.npCommunicationId);
      if (touched !== undefined && touched > item.lastUpdatedMs) item.lastUpdatedMs = touched;
      byId.set(item.title.npCommunicationId, item);
    }
    items.sort((a, b) => b.lastUpdatedMs - a.lastUpdatedMs || (a.title.npCommunicationId < b.title.npCommunicationId ? -1 : 1));
    const library = { items, byId };
    this.#libraries.set(index, library);
    return library;
  }

  /** The account's state in a title of its library, or undefined when the title is not in it. */
  titleState(index: number, npCommunicationId: string): TitleState | undefined {
    const item = this.library(index).byId.get(npCommunicationId);
    return item ? this.stateOf(index, item) : undefined;
  }

  stateOf(index: number, item: LibraryItem): TitleState {
    const key = `${index}:${item.title.npCommunicationId}`;
    const cached = this.#states.get(key);
    if (cached && cached.title === item.title && cached.lastUpdatedMs === item.lastUpdatedMs) return cached;
    const fixture: FixtureEarning | undefined = index === 0 ? this.#fixtureById.get(item.title.npCommunicationId) : undefined;
    const state = computeTitleState({
      seed: this.options.seed,
      accountIndex: index,
      title: item.title,
      lastUpdatedMs: item.lastUpdatedMs,
      fixture,
      added: this.#changes.get(index)?.added.has(item.title.npCommunicationId) ?? false,
      overrides: this.#changes.get(index)?.earned.get(item.title.npCommunicationId),
      earnedProgressBelowTarget: this.options.untidy.earnedProgressBelowTarget,
      huntedRate: this.options.huntedRate,
    });
    this.#states.set(key, state);
    return state;
  }

  /** Trophy level, points and earned counts over the whole library (hidden titles included). */
  summary(index: number): Summary {
    const cached = this.#summaries.get(index);
    if (cached) return cached;
    const earned = emptyCounts();
    for (const item of this.library(index).items) {
      const counts = this.stateOf(index, item).earnedCounts;
      earned.bronze += counts.bronze;
      earned.silver += counts.silver;
      earned.gold += counts.gold;
      earned.platinum += counts.platinum;
    }
    const points = pointsOf(earned);
    const summary = { ...levelOf(points), points, earned };
    this.#summaries.set(index, summary);
    return summary;
  }

  /** PS4 and PS5 games the account played, most recently played first. */
  gameList(index: number): GameListEntry[] {
    const cached = this.#gameLists.get(index);
    if (cached) return cached;
    const { seed, epochMs } = this.options;
    const entries: GameListEntry[] = [];
    for (const item of this.library(index).items) {
      const title = item.title;
      const npTitleId = title.npTitleIds[0];
      if (!title.inGameList || !npTitleId) continue;
      const key = title.index >= 0 ? title.index : hashString(title.npCommunicationId);
      const ceiling = Math.max(item.lastUpdatedMs, Math.min(this.clock.now(), epochMs));
      const lastPlayedMs = Math.floor((item.lastUpdatedMs + unit(seed, PLAY_KEY, index, key) * Math.min(3 * DAY, ceiling - item.lastUpdatedMs)) / 1000) * 1000;
      const hours = 1 + Math.floor(unit(seed, PLAY_KEY, index, key, 1) ** 2 * 180);
      const playSeconds = hours * 3600 + Math.floor(unit(seed, PLAY_KEY, index, key, 2) * 3600);
      const firstPlayedMs = Math.floor((item.lastUpdatedMs - (1 + unit(seed, PLAY_KEY, index, key, 3) * 90) * DAY) / 1000) * 1000;
      const conceptTitleIds = this.#conceptTitleIds(npTitleId, key);
      entries.push({ title, npTitleId, conceptTitleIds, firstPlayedMs, lastPlayedMs, playSeconds, playCount: 1 + Math.floor(hours * 1.5) });
      if (this.catalog.hasTrophylessProduct(title.index)) {
        // Another product of the same game (a demo, an app, a bundle) with no trophy set: played, so listed.
        const other = `${npTitleId.slice(0, -3)}${NO_TROPHY_SUFFIX}`;
        entries.push({
          title,
          npTitleId: other,
          conceptTitleIds: [other],
          noTrophies: true,
          firstPlayedMs,
          lastPlayedMs: lastPlayedMs - DAY,
          playSeconds: Math.floor(playSeconds / 10),
          playCount: 1,
        });
      }
    }
    entries.sort((a, b) => b.lastPlayedMs - a.lastPlayedMs || (a.npTitleId < b.npTitleId ? -1 : 1));
    this.#gameLists.set(index, entries);
    return entries;
  }

  /** A concept's title ids: the game's own first, then up to `untidy.conceptSize - 1` regional SKUs and other-platform versions. */
  #conceptTitleIds(own: string, key: number): string[] {
    const max = this.options.untidy.conceptSize;
    if (max <= 1) return [own];
    // Most concepts hold a few ids; some (a yearly shooter) hold dozens.
    const size = 1 + Math.floor(unit(this.options.seed, CONCEPT_KEY, key) ** 3 * max);
    const out = [own];
    for (let j = 1; j < Math.min(size, max); j++) {
      // Ids below the catalogue's range: PSN knows them, this account never played them.
      const number = 10_000 + (mix(this.options.seed, CONCEPT_KEY, key, j) % 20_000);
      out.push(`${j % 3 === 0 ? 'PPSA' : 'CUSA'}${number}_00`);
    }
    return out;
  }

  /** Account indices of an account's friends; friendship is symmetric. */
  friends(index: number): number[] {
    const n = this.options.accounts;
    const p = Math.min(1, this.options.friends / Math.max(1, n - 1));
    const out: number[] = [];
    for (let other = 0; other < n; other++) {
      if (other === index) continue;
      const [a, b] = index < other ? [index, other] : [other, index];
      if (mix(this.options.seed, FRIEND_KEY, a, b) / 4294967296 < p) out.push(other);
    }
    return out;
  }

  // --- changes made through the admin API -----------------------------------------------------

  /**
   * Earns one trophy in each of many titles at once (each moves to the top of the library), with one
   * rebuild of the library instead of one per title: a thousand changed titles of an 18,516-title
   * library in a benchmark.
   */
  earnTrophies(index: number, earnings: ReadonlyArray<{ npCommunicationId: string; trophyId: number }>, options: { at?: number } = {}): void {
    const library = this.library(index);
    const at = Math.floor((options.at ?? this.clock.now()) / 1000) * 1000;
    const changes = this.#changesOf(index);
    for (const { npCommunicationId, trophyId } of earnings) {
      const item = library.byId.get(npCommunicationId);
      if (!item) throw new RangeError(`title ${npCommunicationId} is not in the library of account ${index}`);
      if (!item.title.trophies.some((t) => t.id === trophyId)) throw new RangeError(`title ${npCommunicationId} has no trophy ${trophyId}`);
      const overrides = changes.earned.get(npCommunicationId) ?? new Map<number, EarnOverride>();
      overrides.set(trophyId, { at });
      changes.earned.set(npCommunicationId, overrides);
      changes.touched.set(npCommunicationId, Math.max(at, changes.touched.get(npCommunicationId) ?? 0));
      this.#states.delete(`${index}:${npCommunicationId}`);
    }
    this.#invalidate(index);
  }

  /** Earns a trophy (or sets a PS5 progress value); the title moves to the top of the library. */
  earnTrophy(index: number, npCommunicationId: string, trophyId: number, options: { at?: number; progress?: number } = {}): TitleState {
    const item = this.library(index).byId.get(npCommunicationId);
    if (!item) throw new RangeError(`title ${npCommunicationId} is not in the library of account ${index}`);
    const trophy = item.title.trophies.find((t) => t.id === trophyId);
    if (!trophy) throw new RangeError(`title ${npCommunicationId} has no trophy ${trophyId}`);
    const at = Math.floor((options.at ?? this.clock.now()) / 1000) * 1000;
    const changes = this.#changesOf(index);
    const overrides = changes.earned.get(npCommunicationId) ?? new Map<number, EarnOverride>();
    if (options.progress !== undefined) overrides.set(trophyId, { progress: options.progress, progressAt: at });
    else overrides.set(trophyId, { at });
    changes.earned.set(npCommunicationId, overrides);
    changes.touched.set(npCommunicationId, Math.max(at, changes.touched.get(npCommunicationId) ?? 0));
    this.#invalidate(index);
    this.#states.delete(`${index}:${npCommunicationId}`);
    return this.titleState(index, npCommunicationId) as TitleState;
  }

  /** Adds a title to an account's library (a new catalogue title when none is named), with one trophy earned. */
  addTitle(index: number, npCommunicationId?: string): TitleState {
    const title = npCommunicationId ? this.catalog.byId(npCommunicationId) : this.catalog.addTitle();
    if (!title) throw new RangeError(`no title ${npCommunicationId} in the catalogue`);
    if (this.library(index).byId.has(title.npCommunicationId)) throw new RangeError(`title ${title.npCommunicationId} is already in the library`);
    const at = Math.floor(this.clock.now() / 1000) * 1000;
    const changes = this.#changesOf(index);
    changes.removed?.delete(title.npCommunicationId);
    changes.added.set(title.npCommunicationId, at);
    // A title shows up on PSN once its first trophy is earned: earn the most common one.
    const first = [...title.trophies].filter((t) => t.groupId === 'default' && t.type !== 'platinum').sort((a, b) => b.rate - a.rate)[0];
    if (first) changes.earned.set(title.npCommunicationId, new Map([[first.id, { at }]]));
    changes.touched.set(title.npCommunicationId, at);
    this.#invalidate(index);
    this.#states.delete(`${index}:${title.npCommunicationId}`);
    return this.titleState(index, title.npCommunicationId) as TitleState;
  }

  /** Takes a title out of an account's library (Sony deleted it, or the list no longer shows it). */
  removeTitle(index: number, npCommunicationId: string): void {
    if (!this.library(index).byId.has(npCommunicationId)) throw new RangeError(`title ${npCommunicationId} is not in the library of account ${index}`);
    const changes = this.#changesOf(index);
    changes.removed ??= new Set();
    changes.removed.add(npCommunicationId);
    this.#invalidate(index);
    this.#states.delete(`${index}:${npCommunicationId}`);
  }

  /** Publishes new DLC for a title: a new group, a bumped `trophySetVersion`. */
  publishDlc(npCommunicationId: string, trophies = 5): TitleDef | undefined {
    const title = this.catalog.publishDlc(npCommunicationId, trophies);
    if (title) {
      this.#libraries.clear();
      this.#summaries.clear();
      this.#gameLists.clear();
    }
    return title;
  }
}
