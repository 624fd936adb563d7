/**
 * The language-dependent and cosmetic parts of a title: names, details and icon URLs, built on
 * demand from the word indices of the definition so nothing per-language is ever stored.
 * @module
 */
import { mix } from '../prng.ts';
import { type Language, words } from './language.ts';
import type { GroupDef, TitleDef, TrophyDef } from './title.ts';

function hex40(...keys: number[]): string {
  let out = '';
  for (let i = 0; i < 5; i++)
    out += mix(...keys, i)
      .toString(16)
      .padStart(8, '0');
  return out.toUpperCase();
}

function iconDir(title: TitleDef): string {
  return title.service === 'trophy2'
    ? `https://psnobj.prod.dl.playstation.net/psnobj/${title.npCommunicationId}`
    : `https://image.api.playstation.com/trophy/np/${title.npCommunicationId}_00${hex40(title.iconKey, 1)}`;
}

export function titleIconUrl(title: TitleDef): string {
  return title.iconUrl ?? `${iconDir(title)}/${hex40(title.iconKey, 2)}.PNG`;
}

/** PS3/PS4/Vita titles carry a detail; PS5 titles never do. */
export function titleDetail(title: TitleDef, language: Language): string | undefined {
  if (title.service === 'trophy2') return undefined;
  return title.detail ?? words(language).trophySet(title.name);
}

export function groupName(title: TitleDef, group: GroupDef, language: Language): string {
  if (group.name) return group.name;
  if (group.dlc < 0) return title.name;
  return words(language).dlc[group.dlc % words(language).dlc.length] as string;
}

export function groupDetail(title: TitleDef, group: GroupDef, language: Language): string | undefined {
  if (title.service === 'trophy2') return undefined;
  if (group.detail) return group.detail;
  return group.dlc < 0 ? titleDetail(title, language) : groupName(title, group, language);
}

export function groupIconUrl(title: TitleDef, group: GroupDef): string {
  if (group.iconUrl) return group.iconUrl;
  if (group.dlc < 0) return titleIconUrl(title);
  return `${iconDir(title)}/${hex40(title.iconKey, 3, group.id.charCodeAt(2))}.PNG`;
}

export function trophyName(title: TitleDef, trophy: TrophyDef, language: Language): string {
  if (trophy.name) return trophy.name;
  const w = words(language);
  if (trophy.type === 'platinum') return w.platinum(title.name);
  return `${w.adjectives[trophy.words % w.adjectives.length]} ${w.nouns[(trophy.words >>> 8) % w.nouns.length]}`;
}

export function trophyDetail(title: TitleDef, trophy: TrophyDef, language: Language): string {
  if (trophy.detail) return trophy.detail;
  const w = words(language);
  if (trophy.type === 'platinum') return w.platinumDetail(title.name);
  if (trophy.target !== undefined) return `${w.verbs[(trophy.words >>> 16) % w.verbs.length]} ×${trophy.target}.`;
  return w.details[(trophy.words >>> 16) % w.details.length] as string;
}

export function trophyIconUrl(title: TitleDef, trophy: TrophyDef): string {
  return trophy.iconUrl ?? `${iconDir(title)}/${hex40(title.iconKey, 4, trophy.id)}.PNG`;
}

export function rewardName(trophy: TrophyDef, language: Language): string | undefined {
  if (trophy.reward === undefined) return undefined;
  return words(language).rewards[trophy.reward % 5];
}

export function rewardImageUrl(title: TitleDef, trophy: TrophyDef): string | undefined {
  if (trophy.reward === undefined) return undefined;
  return `${iconDir(title)}/reward-${hex40(title.iconKey, 5, trophy.id).slice(0, 16).toLowerCase()}.png`;
}

/** Earned rate as Sony writes it: a string with one decimal ("8.0"). */
export function formatRate(rateTenths: number): string {
  return (rateTenths / 10).toFixed(1);
}

/** ISO date at whole seconds, as Sony writes them ("2020-09-05T11:50:53Z"). */
export function isoSeconds(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}
