/**
 * One account's state in one title: which trophies are earned and when, progress of PS5
 * progress trophies, and the counts Sony derives from them. Earning is nested by rarity: an owner
 * with engagement s earns every base trophy whose earned rate exceeds s, so the share of owners
 * that earn a trophy equals its published rate, and whoever holds the platinum holds the rest.
 * @module
 */
import { Rng, hashString, unit } from '../prng.ts';
import type { FixtureEarning } from './fixtures.ts';
import type { TitleDef } from './title.ts';
import { type TrophyCounts, emptyCounts, progressOf } from './trophy-math.ts';

const STATE_KEY = hashString('state');
const DAY = 86_400_000;

export interface EarnOverride {
  /** When it was earned; undefined for progress only. */
  at?: number;
  progress?: number;
  progressAt?: number;
}

export interface GroupState {
  defined: TrophyCounts;
  earned: TrophyCounts;
  progress: number;
  lastUpdatedMs: number;
}

export interface TitleState {
  title: TitleDef;
  /** 1 where the trophy at the same position of `title.trophies` is earned. */
  earned: Uint8Array;
  /** Earned time in ms; NaN when unearned or earned offline without a date (Vita). */
  earnedAt: Float64Array;
  /** Current value of progress trophies; -1 for other trophies. */
  progressValue: Int32Array;
  progressedAt: Float64Array;
  lastUpdatedMs: number;
  hidden: boolean;
  defined: TrophyCounts;
  earnedCounts: TrophyCounts;
  progress: number;
  groups: Map<string, GroupState>;
}

export interface TitleStateInput {
  seed: number;
  accountIndex: number;
  title: TitleDef;
  /** The title's time in the library ordering (last trophy earned). */
  lastUpdatedMs: number;
  fixture?: FixtureEarning;
  /** Added through the admin API: nothing earned but the overrides. */
  added?: boolean;
  overrides?: Map<number, EarnOverride>;
  /** Share of earned progress trophies whose stored progress stays below the target (untidy). @default 0 */
  earnedProgressBelowTarget?: number;
  /** Share of titles hunted to the platinum (every base-game trophy earned). @default 0 */
  huntedRate?: number;
}

/** Computes an account's state in a title. Pure: same inputs, same state. */
export function computeTitleState(input: TitleStateInput): TitleState {
  const { title, seed, accountIndex, fixture, overrides } = input;
  const titleKey = title.index >= 0 ? title.index : hashString(title.npCommunicationId);
  const rng = new Rng(seed, STATE_KEY, accountIndex, titleKey);
  const n = title.trophies.length;
  const earned = new Uint8Array(n);
  const earnedAt = new Float64Array(n).fill(Number.NaN);
  const progressValue = new Int32Array(n).fill(-1);
  const progressedAt = new Float64Array(n).fill(Number.NaN);
  const lastUpdatedMs = input.lastUpdatedMs;
  const playSpan = (1 + rng.next() * 60) * DAY;

  if (fixture) {
    const taken = new Map<string, number>();
    title.trophies.forEach((t, i) => {
      const key = `${t.groupId}:${t.type}`;
      const already = taken.get(key) ?? 0;
      if (already < (fixture.earned[t.groupId]?.[t.type] ?? 0)) {
        earned[i] = 1;
        taken.set(key, already + 1);
      }
    });
  } else if (!input.added) {
    // A hunted title: every base-game trophy (a draw of its own, so other titles stay as they were).
    const hunted = (input.huntedRate ?? 0) > 0 && unit(seed, STATE_KEY, accountIndex, titleKey, 3000) < (input.huntedRate ?? 0);
    const draw = rng.next();
    const engagement = hunted ? -1 : draw * title.topRate;
    const dlcEngagement = new Map<string, number>();
    title.trophies.forEach((t, i) => {
      let s = engagement;
      if (t.groupId !== 'default') {
        s = dlcEngagement.get(t.groupId) ?? unit(seed, STATE_KEY, accountIndex, titleKey, t.groupId.charCodeAt(2)) * 1000;
        dlcEngagement.set(t.groupId, s);
      }
      if (s < t.rate) earned[i] = 1;
    });
  }

  // Date the earned trophies: easiest first, the rarest at the title's last-updated time.
  const order = [...earned.keys()].filter((i) => earned[i]).sort((a, b) => (title.trophies[b]?.rate ?? 0) - (title.trophies[a]?.rate ?? 0) || a - b);
  const vitaOnly = title.platform === 'PSVITA';
  order.forEach((i, k) => {
    const fraction = order.length === 1 ? 1 : k / (order.length - 1);
    const last = k === order.length - 1;
    if (vitaOnly && !last && rng.chance(0.15)) return;
    earnedAt[i] = Math.floor((lastUpdatedMs - playSpan * (1 - fraction)) / 1000) * 1000;
  });
  if (fixture?.dates) {
    title.trophies.forEach((t, i) => {
      const date = fixture.dates?.[t.id];
      if (date && earned[i]) earnedAt[i] = Date.parse(date);
    });
  }
  const below = input.earnedProgressBelowTarget ?? 0;
  title.trophies.forEach((t, i) => {
    if (t.target === undefined) return;
    if (earned[i]) {
      progressValue[i] = t.target;
      // Sony kept a lower stored value for some earned progress trophies (its counter stopped short).
      if (below > 0 && unit(seed, STATE_KEY, accountIndex, titleKey, 1000 + t.id) < below) {
        progressValue[i] = Math.floor(t.target * 0.6);
        progressedAt[i] = earnedAt[i] as number;
      }
    } else {
      progressValue[i] = Math.floor(t.target * rng.next() * 0.95);
      progressedAt[i] = Math.floor((lastUpdatedMs - rng.next() * playSpan) / 1000) * 1000;
    }
  });

  if (overrides) applyOverrides(title, overrides, earned, earnedAt, progressValue, progressedAt);

  const defined = emptyCounts();
  const earnedCounts = emptyCounts();
  const groups = new Map<string, GroupState>();
  for (const g of title.groups) groups.set(g.id, { defined: emptyCounts(), earned: emptyCounts(), progress: 0, lastUpdatedMs: Number.NaN });
  title.trophies.forEach((t, i) => {
    const group = groups.get(t.groupId) as GroupState;
    defined[t.type] += 1;
    group.defined[t.type] += 1;
    if (earned[i]) {
      earnedCounts[t.type] += 1;
      group.earned[t.type] += 1;
      const at = earnedAt[i] as number;
      if (!Number.isNaN(at) && !(group.lastUpdatedMs >= at)) group.lastUpdatedMs = at;
    }
  });
  for (const group of groups.values()) {
    group.progress = progressOf(group.defined, group.earned);
    // A group without an earned trophy reports the title's time, as Sony does.
    if (Number.isNaN(group.lastUpdatedMs)) group.lastUpdatedMs = lastUpdatedMs;
  }
  return {
    title,
    earned,
    earnedAt,
    progressValue,
    progressedAt,
    lastUpdatedMs,
    hidden: !fixture && unit(seed, STATE_KEY, accountIndex, titleKey, 77) < 0.02,
    defined,
    earnedCounts,
    progress: progressOf(defined, earnedCounts),
    groups,
  };
}

function applyOverrides(
  title: TitleDef,
  overrides: Map<number, EarnOverride>,
  earned: Uint8Array,
  earnedAt: Float64Array,
  progressValue: Int32Array,
  progressedAt: Float64Array,
): void {
  let latest = 0;
  title.trophies.forEach((t, i) => {
    const o = overrides.get(t.id);
    if (!o) return;
    if (o.progress !== undefined && t.target !== undefined && !earned[i]) {
      progressValue[i] = Math.min(o.progress, t.target);
      progressedAt[i] = o.progressAt ?? Number.NaN;
      if (o.progress >= t.target && o.at === undefined) o.at = o.progressAt;
    }
    if (o.at !== undefined && !earned[i]) {
      earned[i] = 1;
      earnedAt[i] = o.at;
      if (t.target !== undefined) progressValue[i] = t.target;
      latest = Math.max(latest, o.at);
    }
  });
  // Sony awards the platinum by itself once every other base trophy is earned.
  const platinum = title.trophies.findIndex((t) => t.type === 'platinum');
  if (platinum >= 0 && !earned[platinum] && latest > 0) {
    const complete = title.trophies.every((t, i) => t.groupId !== 'default' || t.type === 'platinum' || earned[i]);
    if (complete) {
      earned[platinum] = 1;
      earnedAt[platinum] = latest;
    }
  }
}
