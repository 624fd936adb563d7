/**
 * JSON views of titles, groups and trophies exactly as the current trophy API writes them (field
 * names, order, optional fields, strings where Sony sends strings).
 * @module
 */
import type { Language } from '../world/language.ts';
import type { TitleDef, TrophyDef } from '../world/title.ts';
import {
  formatRate,
  groupDetail,
  groupIconUrl,
  groupName,
  isoSeconds,
  rewardImageUrl,
  rewardName,
  titleDetail,
  titleIconUrl,
  trophyDetail,
  trophyIconUrl,
  trophyName,
} from '../world/title-text.ts';
import type { TitleState } from '../world/title-state.ts';
import { type TrophyCounts, rarityOf } from '../world/trophy-math.ts';

function counts(c: TrophyCounts): TrophyCounts {
  return { bronze: c.bronze, silver: c.silver, gold: c.gold, platinum: c.platinum };
}

/** A title of the title list (`trophyTitles[]`). */
export function titleEntry(state: TitleState, language: Language): Record<string, unknown> {
  const t = state.title;
  const detail = titleDetail(t, language);
  return {
    npServiceName: t.service,
    npCommunicationId: t.npCommunicationId,
    trophySetVersion: t.version,
    trophyTitleName: t.name,
    ...(detail !== undefined ? { trophyTitleDetail: detail } : {}),
    trophyTitleIconUrl: titleIconUrl(t),
    trophyTitlePlatform: t.platform,
    hasTrophyGroups: t.groups.length > 1,
    trophyGroupCount: t.groups.length,
    definedTrophies: counts(state.defined),
    progress: state.progress,
    earnedTrophies: counts(state.earnedCounts),
    hiddenFlag: state.hidden,
    lastUpdatedDateTime: isoSeconds(state.lastUpdatedMs),
  };
}

const entryTexts = new WeakMap<TitleState, Partial<Record<Language, string>>>();

/**
 * `JSON.stringify(titleEntry(state, language))`, kept per state: a state is never changed once
 * computed (the world replaces it), so its text cannot go stale. The title list is the hot route.
 */
export function titleEntryJson(state: TitleState, language: Language): string {
  let texts = entryTexts.get(state);
  if (!texts) entryTexts.set(state, (texts = {}));
  return (texts[language] ??= JSON.stringify(titleEntry(state, language)));
}

/**
 * A trophy set in a by-title-id answer (`titles[].trophyTitles[]`): not a title-list entry. As
 * recorded (psnawp cassette `test_game_title__trophies`, GTA V): no `trophySetVersion`,
 * `trophyTitlePlatform` or `hiddenFlag`, and this field order.
 */
export function titleByIdEntry(state: TitleState, language: Language): Record<string, unknown> {
  const t = state.title;
  const detail = titleDetail(t, language);
  return {
    npServiceName: t.service,
    npCommunicationId: t.npCommunicationId,
    trophyTitleName: t.name,
    ...(detail !== undefined ? { trophyTitleDetail: detail } : {}),
    trophyTitleIconUrl: titleIconUrl(t),
    hasTrophyGroups: t.groups.length > 1,
    trophyGroupCount: t.groups.length,
  };
}

/** The rarest earned trophy of a by-title-id answer: the definition's texts and the earned state, no group id. */
export function rarestById(state: TitleState, i: number, language: Language): Record<string, unknown> {
  const title = state.title;
  const t = title.trophies[i] as TrophyDef;
  const earned = earnedTrophy(state, i);
  return {
    trophyId: t.id,
    trophyHidden: t.hidden,
    trophyType: t.type,
    trophyName: trophyName(title, t, language),
    trophyDetail: trophyDetail(title, t, language),
    trophyIconUrl: trophyIconUrl(title, t),
    trophyRare: earned.trophyRare,
    trophyEarnedRate: earned.trophyEarnedRate,
    earned: earned.earned,
    ...(earned.earnedDateTime !== undefined ? { earnedDateTime: earned.earnedDateTime } : {}),
  };
}

/** Defined counts of a title or one of its groups. */
export function definedCounts(title: TitleDef, groupId?: string): TrophyCounts {
  const c: TrophyCounts = { bronze: 0, silver: 0, gold: 0, platinum: 0 };
  for (const t of title.trophies) if (!groupId || t.groupId === groupId) c[t.type] += 1;
  return c;
}

/** The definitions response of `trophyGroups` (recorded: psnawp `test_user__trophy_groups_summary`, Fallout 76). */
export function groupsDefinition(title: TitleDef, language: Language): Record<string, unknown> {
  const detail = titleDetail(title, language);
  return {
    npServiceName: title.service,
    npCommunicationId: title.npCommunicationId,
    trophySetVersion: title.version,
    trophyTitleName: title.name,
    ...(detail !== undefined ? { trophyTitleDetail: detail } : {}),
    trophyTitleIconUrl: titleIconUrl(title),
    trophyTitlePlatform: title.platform,
    definedTrophies: definedCounts(title),
    trophyGroups: title.groups.map((g) => {
      const gd = groupDetail(title, g, language);
      return {
        trophyGroupId: g.id,
        trophyGroupName: groupName(title, g, language),
        ...(gd !== undefined ? { trophyGroupDetail: gd } : {}),
        trophyGroupIconUrl: groupIconUrl(title, g),
        definedTrophies: definedCounts(title, g.id),
      };
    }),
  };
}

/** A trophy definition. */
export function trophyDefinition(title: TitleDef, t: TrophyDef, language: Language): Record<string, unknown> {
  const reward = rewardName(t, language);
  return {
    trophyId: t.id,
    trophyHidden: t.hidden,
    trophyType: t.type,
    trophyName: trophyName(title, t, language),
    trophyDetail: trophyDetail(title, t, language),
    trophyIconUrl: trophyIconUrl(title, t),
    trophyGroupId: t.groupId,
    ...(t.target !== undefined ? { trophyProgressTargetValue: String(t.target) } : {}),
    ...(reward !== undefined ? { trophyRewardName: reward, trophyRewardImageUrl: rewardImageUrl(title, t) } : {}),
  };
}

/** A user's earned state of the trophy at position `i` of the title. */
export function earnedTrophy(state: TitleState, i: number): Record<string, unknown> {
  const t = state.title.trophies[i] as TrophyDef;
  const earned = state.earned[i] === 1;
  const at = state.earnedAt[i] as number;
  const progress = state.progressValue[i] as number;
  const out: Record<string, unknown> = { trophyId: t.id, trophyHidden: t.hidden, earned };
  if (earned && !Number.isNaN(at)) out.earnedDateTime = isoSeconds(at);
  out.trophyType = t.type;
  out.trophyRare = rarityOf(t.rate / 10);
  out.trophyEarnedRate = formatRate(t.rate);
  // Unearned progress trophies carry their progress; so does an earned one whose stored value Sony kept below the target (untidy).
  if (t.target !== undefined && progress >= 0 && (!earned || progress < t.target)) {
    out.progress = String(progress);
    out.progressRate = Math.floor((progress * 100) / t.target);
    const progressed = state.progressedAt[i] as number;
    if (!Number.isNaN(progressed)) out.progressedDateTime = isoSeconds(progressed);
  }
  return out;
}

/** Position of the rarest earned trophy, or -1. */
export function rarestEarned(state: TitleState, positions: Iterable<number>): number {
  let best = -1;
  for (const i of positions) {
    if (!state.earned[i]) continue;
    const t = state.title.trophies[i] as TrophyDef;
    if (best < 0 || t.rate < (state.title.trophies[best] as TrophyDef).rate) best = i;
  }
  return best;
}
