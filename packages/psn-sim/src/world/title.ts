/**
 * What a trophy title is, language aside: its ids, platform, groups and trophies. Text (names,
 * details) is produced per language by `title-text.ts` from the word indices stored here.
 * @module
 */
import type { TrophyType } from './trophy-math.ts';

export type NpServiceName = 'trophy' | 'trophy2';

export interface TrophyDef {
  /** Unique within the title; the platinum, when there is one, is 0. */
  id: number;
  groupId: string;
  type: TrophyType;
  hidden: boolean;
  /** Share of the title's players who earned it, in tenths of a percent (1–1000). */
  rate: number;
  /** PS5 progress trophies: the target value. */
  target?: number;
  /** PS5 reward index (into the language's reward names). */
  reward?: number;
  /** Word indices for generated names and details. */
  words: number;
  /** Fixed text and icon (recorded examples). */
  name?: string;
  detail?: string;
  iconUrl?: string;
}

export interface GroupDef {
  id: string;
  /** Index into the DLC names, or -1 for the base game (`default`, named after the title). */
  dlc: number;
  /** Fixed name, detail and icon (recorded examples). */
  name?: string;
  detail?: string;
  iconUrl?: string;
}

export interface TitleDef {
  npCommunicationId: string;
  /** Position in the catalogue, or -1 for a recorded example. */
  index: number;
  service: NpServiceName;
  platform: string;
  name: string;
  version: string;
  groups: GroupDef[];
  trophies: TrophyDef[];
  /** Highest base-game earned rate (tenths of a percent): the share of owners who earned anything. */
  topRate: number;
  /** Product ids (`CUSA…`, `PPSA…`) of PS4 and PS5 titles; empty for PS3 and Vita. */
  npTitleIds: string[];
  conceptId: number;
  /** Whether the platform set has a game list entry (PS4 or PS5). */
  inGameList: boolean;
  /** Seed for icon hashes. */
  iconKey: number;
  /** Fixed detail and icon (recorded examples). */
  detail?: string;
  iconUrl?: string;
}

/** Whether a title belongs to the trophy service of PS3/PS4/Vita (needs `npServiceName=trophy`). */
export function isLegacyService(title: TitleDef): boolean {
  return title.service === 'trophy';
}
