/**
 * Stacks and namesakes in the catalogue. A stack is one game released on several platforms as
 * separate trophy lists with the same trophy set (a PS4 root with its PS5 and PS3 versions, say);
 * a namesake carries another title's name with a trophy set of its own (a remaster with a new
 * list), which a tracker must not stack. Both are pure functions of (seed, index), drawn apart
 * from the title's own randomness so every other title stays as it was.
 * @module
 */
import { hashString, unit } from '../prng.ts';
import type { TitleDef, TrophyDef } from './title.ts';

const STACK_KEY = hashString('stack');
const NAMESAKE_KEY = hashString('namesake');
const PLATFORM_ORDER = ['PS4', 'PS5', 'PS3', 'PSVITA'] as const;
/** Versions earn less than the root: fewer players, so lower rates (order kept: a platinum still needs the base game). */
const VERSION_RATE = 0.6;

/** How many versions follow a stack root at `index` (0 when it is none): every third index may start a stack of 2 or 3 lists. */
export function stackSpan(seed: number, index: number): number {
  if (index % 3 !== 0) return 0;
  const u = unit(seed, STACK_KEY, index);
  if (u >= 0.36) return 0;
  return u < 0.1 ? 2 : 1;
}

/** The catalogue index of the stack root that title `index` is a version of, if it is one. */
export function stackRootOf(seed: number, index: number): number | undefined {
  const root = index - (index % 3);
  return root !== index && index - root <= stackSpan(seed, root) ? root : undefined;
}

/** The catalogue index whose name title `index` borrows (a namesake with its own trophy set), if any. */
export function namesakeOf(seed: number, index: number): number | undefined {
  if (index % 3 !== 1 || stackSpan(seed, index - 1) > 0) return undefined;
  return unit(seed, NAMESAKE_KEY, index) < 0.3 ? index - 1 : undefined;
}

/** The platform of the `position`th version (1, 2) of a root: one the root is not on (PS4 → PS5, PS3). */
function versionPlatform(rootPlatform: string, position: number): string {
  const taken = new Set(rootPlatform.split(','));
  const free = PLATFORM_ORDER.filter((p) => !taken.has(p));
  return free[(position - 1) % free.length] ?? 'PS4';
}

/** Title `own` rebuilt as version `position` of `root`: the root's name, groups and trophy set on another platform. */
export function versionOf(root: TitleDef, own: TitleDef, position: number, idBase: number): TitleDef {
  const platform = versionPlatform(root.platform, position);
  const ps5 = platform === 'PS5';
  const trophies = root.trophies.map((t): TrophyDef => {
    const copy: TrophyDef = {
      id: t.id,
      groupId: t.groupId,
      type: t.type,
      hidden: t.hidden,
      rate: Math.max(1, Math.round(t.rate * VERSION_RATE)),
      words: t.words,
    };
    // Progress targets and rewards exist on PS5 only.
    if (ps5 && t.target !== undefined) copy.target = t.target;
    if (ps5 && t.reward !== undefined) copy.reward = t.reward;
    return copy;
  });
  const inGameList = platform === 'PS4' || platform === 'PS5';
  return {
    ...own,
    service: ps5 ? 'trophy2' : 'trophy',
    platform,
    name: root.name,
    version: root.version,
    groups: root.groups.map((g) => ({ ...g })),
    trophies,
    topRate: Math.max(1, Math.round(root.topRate * VERSION_RATE)),
    inGameList,
    npTitleIds: inGameList ? [`${ps5 ? 'PPSA' : 'CUSA'}${idBase + own.index}_00`] : [],
  };
}

/**
 * Title `own` as a namesake of `root`: the root's name on the other console generation (a PS3 or
 * PS4 game remastered for PS5, a PS5 game brought to PS4) with its own trophy set.
 */
export function namesakeVersion(root: TitleDef, own: TitleDef, idBase: number): TitleDef {
  const ps5 = !root.platform.includes('PS5');
  const trophies = own.trophies.map((t): TrophyDef => {
    if (ps5 || (t.target === undefined && t.reward === undefined)) return t;
    const { target: _target, reward: _reward, ...rest } = t;
    return rest;
  });
  return {
    ...own,
    name: root.name,
    service: ps5 ? 'trophy2' : 'trophy',
    platform: ps5 ? 'PS5' : 'PS4',
    trophies,
    inGameList: true,
    npTitleIds: [`${ps5 ? 'PPSA' : 'CUSA'}${idBase + own.index}_00`],
  };
}
