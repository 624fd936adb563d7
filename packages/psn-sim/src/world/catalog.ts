/**
 * The world's trophy titles, generated lazily from (seed, index) and cached in a bounded LRU so
 * that a 60,000-title catalogue costs only what is being looked at. Published DLC and titles added
 * through the admin API are kept as overrides on top of the generated definitions.
 * @module
 */
import { Rng, hashString, mix, unit } from '../prng.ts';
import { Lru } from './lru.ts';
import { fixtureTitles } from './fixtures.ts';
import type { GroupDef, TitleDef, TrophyDef } from './title.ts';
import { titleWords } from './language.ts';
import type { TrophyType } from './trophy-math.ts';
import { type UntidyOptions, tidy } from '../untidy.ts';
import { namesakeOf, namesakeVersion, stackRootOf, versionOf } from './stacks.ts';

const ID_BASE = 30_000;
const TITLE_KEY = hashString('title');
const PC_KEY = hashString('untidy:pc');
const MULTI_KEY = hashString('untidy:multi-set');
const NO_TROPHY_KEY = hashString('untidy:no-trophies');

/** Title-id suffix of a product holding two trophy sets (`CUSA30012_01`). */
export const MULTI_SET_SUFFIX = '_01';
/** Title-id suffix of a game-list product without a trophy set (`CUSA30012_02`). */
export const NO_TROPHY_SUFFIX = '_02';

/** Draws a standard normal value from two uniforms (Box–Muller). */
function gauss(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-9);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

function pickType(rng: Rng): TrophyType {
  const p = rng.next();
  if (p < 0.08) return 'gold';
  if (p < 0.3) return 'silver';
  return 'bronze';
}

function pickPlatform(rng: Rng, service: 'trophy' | 'trophy2'): string {
  if (service === 'trophy2') return rng.chance(0.12) ? 'PS5,PSPC' : 'PS5';
  const p = rng.next();
  if (p < 0.68) return 'PS4';
  if (p < 0.8) return 'PS3';
  if (p < 0.88) return 'PSVITA';
  if (p < 0.93) return 'PS4,PSVITA';
  if (p < 0.95) return 'PSVITA,PS4';
  if (p < 0.97) return 'PS3,PS4';
  if (p < 0.985) return 'PS3,PSVITA';
  return 'PS3,PSVITA,PS4';
}

/** Formats a version as Sony does ("01.40"). */
export function formatVersion(major: number, minor: number): string {
  return `${String(major).padStart(2, '0')}.${String(minor).padStart(2, '0')}`;
}

const progressTargets = [5, 10, 25, 50, 100, 250, 1000];

function makeTrophies(rng: Rng, groupId: string, count: number, firstId: number, topRate: number, ps5: boolean, dlc: boolean): TrophyDef[] {
  const out: TrophyDef[] = [];
  for (let j = 0; j < count; j++) {
    const type = pickType(rng);
    const spread = dlc ? 0.35 * rng.next() ** 1.3 : j === 0 ? 1 : rng.next() ** 1.5;
    const typeFactor = type === 'gold' ? 0.45 : type === 'silver' ? 0.75 : 1;
    const rate = Math.max(1, Math.round(topRate * spread * (j === 0 && !dlc ? 1 : typeFactor)));
    const trophy: TrophyDef = { id: firstId + j, groupId, type, hidden: rng.chance(0.1), rate, words: mix(rng.int(0, 1e9), j) };
    if (ps5 && rng.chance(0.15)) trophy.target = rng.pick(progressTargets);
    if (ps5 && rng.chance(0.04)) trophy.reward = rng.int(0, 4);
    out.push(trophy);
  }
  return out;
}

/** Generates catalogue title `index` of the world seeded with `seed`. */
export function generateTitle(seed: number, index: number): TitleDef {
  const rng = new Rng(seed, TITLE_KEY, index);
  const service = rng.chance(0.37) ? 'trophy2' : 'trophy';
  const platform = pickPlatform(rng, service);
  const ps5 = service === 'trophy2';
  const baseCount = Math.min(106, Math.max(1, Math.round(Math.exp(Math.log(21) + 0.55 * gauss(rng)))));
  const hasPlatinum = baseCount >= 12 && rng.chance(baseCount >= 20 ? 0.9 : 0.4);
  const topRate = rng.int(350, 950);
  const trophies: TrophyDef[] = [];
  const groups: GroupDef[] = [{ id: 'default', dlc: -1 }];
  let nextId = hasPlatinum ? 1 : 0;
  const base = makeTrophies(rng, 'default', baseCount, nextId, topRate, ps5, false);
  nextId += baseCount;
  if (hasPlatinum) {
    const minRate = Math.min(...base.map((t) => t.rate));
    trophies.push({ id: 0, groupId: 'default', type: 'platinum', hidden: false, rate: Math.max(1, Math.round(minRate * (0.3 + 0.6 * rng.next()))), words: 0 });
  }
  trophies.push(...base);
  const dlcGroups = rng.chance(0.04) ? 1 + Math.floor(rng.next() ** 2 * 7) : 0;
  for (let g = 1; g <= dlcGroups; g++) {
    const id = String(g).padStart(3, '0');
    const count = rng.int(3, 12);
    groups.push({ id, dlc: (g - 1 + rng.int(0, 6)) % 7 });
    trophies.push(...makeTrophies(rng, id, count, nextId, topRate, ps5, true));
    nextId += count;
  }
  const name = `${rng.pick(titleWords.first)} ${rng.pick(titleWords.second)}${rng.pick(titleWords.suffix)}`;
  const inGameList = platform.includes('PS4') || platform.includes('PS5');
  const productNumber = ID_BASE + index;
  const npTitleIds = inGameList ? [`${ps5 ? 'PPSA' : 'CUSA'}${productNumber}_00`] : [];
  return {
    npCommunicationId: `NPWR${ID_BASE + index}_00`,
    index,
    service,
    platform,
    name,
    version: formatVersion(1, dlcGroups * 10),
    groups,
    trophies,
    topRate,
    npTitleIds,
    conceptId: 10_000_000 + index,
    inGameList,
    iconKey: mix(seed, TITLE_KEY, index, 7),
  };
}

export interface PublishedDlc {
  trophies: number;
}

/** The catalogue: generated titles, recorded examples and admin overrides, looked up by any of their ids. */
export class Catalog {
  readonly seed: number;
  readonly generatedSize: number;
  readonly untidy: UntidyOptions;
  #cache = new Lru<number, TitleDef>(8192);
  #fixtures = new Map<string, TitleDef>();
  #dlc = new Map<string, PublishedDlc[]>();
  #added = 0;

  constructor(seed: number, size: number, untidy: UntidyOptions = tidy) {
    this.seed = seed;
    this.generatedSize = size;
    this.untidy = untidy;
    for (const title of fixtureTitles()) this.#fixtures.set(title.npCommunicationId, title);
  }

  /** Number of generated titles, including those added through the admin API. */
  get size(): number {
    return this.generatedSize + this.#added;
  }

  /** The title at a catalogue index. */
  at(index: number): TitleDef {
    const cached = this.#cache.get(index);
    if (cached) return cached;
    const title = this.#applyDlc(this.#untidy(this.#stacked(generateTitle(this.seed, index))));
    this.#cache.set(index, title);
    return title;
  }

  /** A version of a stack takes its root's trophy set; a namesake only its root's name. */
  #stacked(title: TitleDef): TitleDef {
    const root = stackRootOf(this.seed, title.index);
    if (root !== undefined) return versionOf(generateTitle(this.seed, root), title, title.index - root, ID_BASE);
    const namesake = namesakeOf(this.seed, title.index);
    return namesake === undefined ? title : namesakeVersion(generateTitle(this.seed, namesake), title, ID_BASE);
  }

  /** The untidy knobs that change a title itself: PC titles, and products holding two sets. Independent draws, so the tidy world is unchanged. */
  #untidy(title: TitleDef): TitleDef {
    const { pcTitles } = this.untidy;
    if (title.service === 'trophy2' && pcTitles > 0 && unit(this.seed, PC_KEY, title.index) < pcTitles) {
      return { ...title, platform: 'PSPC', npTitleIds: [], inGameList: false };
    }
    if (this.#multiSet(title)) {
      const id = title.npTitleIds[0] as string;
      return { ...title, npTitleIds: [`${id.slice(0, -3)}${MULTI_SET_SUFFIX}`] };
    }
    return title;
  }

  /** Whether a PS4 title is sold as a product holding its set and the next catalogue title's. */
  #multiSet(title: TitleDef): boolean {
    const { multiSetProducts } = this.untidy;
    if (multiSetProducts <= 0 || title.index + 1 >= this.generatedSize) return false;
    return title.service === 'trophy' && title.inGameList && unit(this.seed, MULTI_KEY, title.index) < multiSetProducts;
  }

  /** Whether a game-list entry of catalogue title `index` also brings a product without trophies. */
  hasTrophylessProduct(index: number): boolean {
    return this.untidy.gamesWithoutTrophies > 0 && index >= 0 && unit(this.seed, NO_TROPHY_KEY, index) < this.untidy.gamesWithoutTrophies;
  }

  /** Looks a title up by `npCommunicationId` (e.g. `NPWR30012_00`). */
  byId(npCommunicationId: string): TitleDef | undefined {
    const fixture = this.#fixtures.get(npCommunicationId);
    if (fixture) return this.#applyDlc(fixture);
    const match = /^NPWR(\d{5})_00$/.exec(npCommunicationId);
    if (!match) return undefined;
    const index = Number(match[1]) - ID_BASE;
    return index >= 0 && index < this.size ? this.at(index) : undefined;
  }

  /** Looks a title up by product id (`CUSA30012_00`, `PPSA30012_00`). */
  byNpTitleId(npTitleId: string): TitleDef | undefined {
    return this.setsOfProduct(npTitleId)?.[0];
  }

  /**
   * The trophy sets of a product id: one for most, two for a compilation (`…_01`), none for a
   * product without trophies (`…_02`); undefined when PSN does not know the id.
   */
  setsOfProduct(npTitleId: string): TitleDef[] | undefined {
    for (const fixture of this.#fixtures.values()) if (fixture.npTitleIds.includes(npTitleId)) return [this.#applyDlc(fixture)];
    const match = /^(CUSA|PPSA)(\d{5})_(0[0-2])$/.exec(npTitleId);
    if (!match) return undefined;
    const index = Number(match[2]) - ID_BASE;
    if (index < 0 || index >= this.size) return undefined;
    const title = this.at(index);
    const own = `${match[1]}${match[2]}`;
    if (match[3] === '02') return title.inGameList && title.npTitleIds[0]?.startsWith(own) && this.hasTrophylessProduct(index) ? [] : undefined;
    if (!title.npTitleIds.includes(npTitleId)) return undefined;
    return match[3] === '01' ? [title, this.at(index + 1)] : [title];
  }

  /** Every recorded example title. */
  fixtures(): TitleDef[] {
    return [...this.#fixtures.values()].map((t) => this.#applyDlc(t));
  }

  /** Adds a new generated title to the catalogue and returns it. */
  addTitle(): TitleDef {
    if (ID_BASE + this.size > 99_999) throw new RangeError('the catalogue is full');
    this.#added += 1;
    return this.at(this.size - 1);
  }

  /** Publishes a DLC group of `trophies` trophies for a title, bumping its `trophySetVersion`. */
  publishDlc(npCommunicationId: string, trophies: number): TitleDef | undefined {
    const title = this.byId(npCommunicationId);
    if (!title) return undefined;
    const list = this.#dlc.get(npCommunicationId) ?? [];
    list.push({ trophies });
    this.#dlc.set(npCommunicationId, list);
    if (title.index >= 0) this.#cache.delete(title.index);
    return this.byId(npCommunicationId);
  }

  #applyDlc(title: TitleDef): TitleDef {
    const published = this.#dlc.get(title.npCommunicationId);
    if (!published) return title;
    // Rebuild from the untouched definition so that applying twice never doubles a group.
    const rng = new Rng(this.seed, TITLE_KEY, hashString(title.npCommunicationId), 99);
    const groups = [...title.groups];
    const trophies = [...title.trophies];
    let nextId = Math.max(...trophies.map((t) => t.id)) + 1;
    const [major, minor] = title.version.split('.').map(Number) as [number, number];
    let version = major * 100 + minor;
    for (const dlc of published) {
      const id = String(groups.length).padStart(3, '0');
      groups.push({ id, dlc: groups.length % 7 });
      trophies.push(...makeTrophies(rng, id, dlc.trophies, nextId, title.topRate, title.service === 'trophy2', true));
      nextId += dlc.trophies;
      version += 10;
    }
    return { ...title, groups, trophies, version: formatVersion(Math.floor(version / 100), version % 100) };
  }
}
