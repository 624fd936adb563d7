/**
 * The JSON shapes of the HTTP API (packages/server/docs/http-api.md), as the UI reads them.
 * @module
 */

export interface User {
  id: string;
  username: string;
  admin: boolean;
  createdAt: string;
}

export interface Me {
  user: User;
  settings: { signupOpen: boolean };
}

export interface TrophyCounts {
  bronze: number;
  silver: number;
  gold: number;
  platinum: number;
}

export type CountdownState = 'green' | 'amber' | 'red' | 'expired';

export interface Countdown {
  state: CountdownState;
  daysLeft: number;
  expiresAt: string;
}

export type RunKind = 'title-list' | 'import' | 'sync';
export type RunState = 'running' | 'succeeded' | 'partial' | 'failed';

export interface Connection {
  onlineId: string;
  accountId: string;
  state: 'active' | 'expired' | 'revoked' | 'error';
  stateDetail: string | null;
  countdown: Countdown;
  shortTokenReason: string | null;
  connectedAt: string;
  autoImport: boolean;
  titleList: 'loading' | 'ready';
  lastSync: { runId: string; kind: RunKind; state: RunState; at: string } | null;
}

/** What the picker and the library both say of a title (the server's `titleFields`). */
export interface TitleFields {
  npCommunicationId: string;
  name: string;
  iconUrl: string | null;
  platforms: string[];
  progress: number;
  earned: TrophyCounts;
  defined: TrophyCounts;
  lastUpdatedAt: string | null;
  lastPlayedAt: string | null;
  playSeconds: number | null;
}

export interface PickerEntry extends TitleFields {
  hidden: boolean;
  picked: boolean;
  preselected: boolean;
}

export interface PickerPage {
  state: 'loading' | 'ready';
  total: number;
  preselected: number;
  items: PickerEntry[];
  nextCursor: string | null;
}

export interface Run {
  id: string;
  kind: RunKind;
  state: RunState;
  total: number;
  done: number;
  current: string | null;
  errors: Array<{ npCommunicationId: string; kind: string; message: string }>;
  newTitles: unknown[];
  requests: number;
  startedAt: string;
  finishedAt: string | null;
}

export interface Game extends TitleFields {
  points: { earned: number; total: number };
  hasPlatinum: boolean;
  platinumEarned: boolean;
  /** When the earned trophies were last fetched; null until the import reaches this game. */
  syncedAt: string | null;
}

export interface GamesPage {
  items: Game[];
  nextCursor: string | null;
  total: number;
}

export type TrophyType = 'bronze' | 'silver' | 'gold' | 'platinum';
export type RarityTier = 'common' | 'rare' | 'very-rare' | 'ultra-rare';

export interface Trophy {
  id: number;
  type: TrophyType;
  name: string | null;
  detail: string | null;
  iconUrl: string | null;
  hidden: boolean;
  masked: boolean;
  earned: boolean;
  earnedAt: string | null;
  progress: string | number | null;
  progressTarget: string | number | null;
  rarity: number | string | null;
  tier: RarityTier | null;
  reward: unknown;
}

export interface TrophyGroup {
  id: string;
  name: string | null;
  detail: string | null;
  iconUrl: string | null;
  progress: number;
  earned: TrophyCounts;
  defined: TrophyCounts;
  trophies: Trophy[];
}

export interface GameDetail {
  game: Game;
  groups: TrophyGroup[];
}

export interface Stats {
  level: number;
  /** Percent of the way to the next level (when the server sends it). */
  levelProgress?: number;
  points: number;
  earned: TrophyCounts;
  platinums: number;
  games: number;
  completed: number;
}

export interface GamesQuery {
  cursor?: string | null;
  limit?: number;
  platform?: string;
  status?: '' | 'platinum' | 'completed' | 'in-progress' | 'not-started';
  sort?: 'last-played' | 'name' | 'progress' | 'points';
  order?: 'asc' | 'desc';
  q?: string;
}
