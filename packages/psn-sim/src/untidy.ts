/**
 * The untidiness trackers met on real PSN in 2024–26, each a knob of the simulator. All are off by
 * default (the generated world stays byte-identical for existing seeds); `untidy: true` (CLI
 * `--untidy`) turns every one on at the rates below. Each knob names the report it comes from in
 * `psn-reference.md` ("Game list", "Authentication") and the recordings in `recordings/`.
 * @module
 */

export interface UntidyOptions {
  /** Share of PS5-service titles that are PC titles: platform `PSPC`, no game-list entry. */
  pcTitles: number;
  /** Share of game-list games whose title id has no trophy set (by-title-id answers `trophyTitles: []`). */
  gamesWithoutTrophies: number;
  /**
   * Share of PS4 titles sold as a product holding two trophy sets (compilations, very large lists
   * split in two): its title id is `CUSA…_01`, and by-title-id answers both sets the account has.
   */
  multiSetProducts: number;
  /** Largest number of title ids in a game's `concept.titleIds` (regional SKUs, PS4 and PS5 versions); 1 keeps the game's own id only. */
  conceptSize: number;
  /** How much the game list's `totalItemCount` grows on every other call of the same walk (reported 189 ↔ 206). */
  totalItemCountDrift: number;
  /** Share of earned progress trophies whose stored `progress` Sony still reports below the target. */
  earnedProgressBelowTarget: number;
  /** Share of accounts (not the first) that Sony grants an 863,999 s (10-day) refresh token on a fresh login. */
  tenDayRefreshTokens: number;
}

/** Every knob off: the tidy world of earlier releases. */
export const tidy: UntidyOptions = {
  pcTitles: 0,
  gamesWithoutTrophies: 0,
  multiSetProducts: 0,
  conceptSize: 1,
  totalItemCountDrift: 0,
  earnedProgressBelowTarget: 0,
  tenDayRefreshTokens: 0,
};

/** What `untidy: true` turns on. */
export const untidyDefaults: UntidyOptions = {
  pcTitles: 0.05,
  gamesWithoutTrophies: 0.08,
  multiSetProducts: 0.03,
  conceptSize: 20,
  totalItemCountDrift: 17,
  earnedProgressBelowTarget: 0.3,
  tenDayRefreshTokens: 0.25,
};

/** Sony's refresh-token lifetime of a short grant on a fresh login (September 2026 report): 10 days less a second. */
export const TEN_DAY_REFRESH_TTL = 863_999;

export function resolveUntidy(option: boolean | Partial<UntidyOptions> | undefined): UntidyOptions {
  if (option === undefined || option === false) return { ...tidy };
  if (option === true) return { ...untidyDefaults };
  return { ...tidy, ...option };
}
