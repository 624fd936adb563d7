export { PsnClient } from './client.ts';
export type { PsnClientOptions, SignInOptions } from './client.ts';
export type { CallOptions, ClientStats } from './api.ts';
export type { ItemPath, SkippedItem } from './transport/parse.ts';
export { parseNpsso } from './auth/npsso.ts';
export { type NpssoProblem, type NpssoReading, readNpsso } from './auth/npsso-text.ts';
export { PSN_CLIENT_ID } from './auth/auth-api.ts';
export type { TokenSet } from './auth/token-set.ts';
export { MemoryBudgetStore } from './budget/budget-store.ts';
export type { BudgetStore, TakeResult } from './budget/budget-store.ts';
export type { RateBudgetOptions, RateLimitInfo } from './budget/rate-budget.ts';
export { PsnError } from './errors/psn-error.ts';
export type { PsnErrorDetails, PsnErrorKind } from './errors/psn-error.ts';
export {
  AuthServiceError,
  BadRequestError,
  ForbiddenError,
  GraphqlError,
  MalformedResponseError,
  NetworkError,
  NotFoundError,
  NpssoMalformedError,
  NpssoRejectedError,
  RateLimitError,
  RefreshTokenExpiredError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from './errors/kinds.ts';
export {
  isBadRequestError,
  isForbiddenError,
  isMalformedResponseError,
  isNotFoundError,
  isPsnError,
  isRateLimitError,
  isReauthRequired,
  isRetryable,
} from './errors/guards.ts';
export type { Logger } from './logger.ts';
export { Paginator } from './pagination/paginator.ts';
export type { Page } from './pagination/paginator.ts';
export { GAME_LIST_MAX_LIMIT, getPlayedGames, iteratePlayedGames, parsePlayDuration } from './resources/game-list.ts';
export type { GameCategory, GameListOptions, PlayedGame, PlayedGamesPage } from './resources/game-list.ts';
export {
  defaultGraphqlHashes,
  getOwnedStarsCollectible,
  getPurchasedGames,
  getRecentlyPlayed,
  getStarsAccount,
  getStarsCollectible,
  graphqlQuery,
} from './resources/graphql.ts';
export type {
  GraphqlOperation,
  GraphqlOperationOptions,
  GraphqlQueryOptions,
  PurchasedGame,
  PurchasedGamesOptions,
  RecentlyPlayedGame,
  RecentlyPlayedOptions,
  StarsAccount,
  StarsCollectible,
} from './resources/graphql.ts';
export { LEGACY_TITLES_MAX_LIMIT, getLegacyGroups, getLegacyTitles, getLegacyTrophies, iterateLegacyTitles } from './resources/legacy-trophies.ts';
export type {
  LegacyGroups,
  LegacyOptions,
  LegacyPlatform,
  LegacyTitle,
  LegacyTitleRef,
  LegacyTitlesOptions,
  LegacyTitlesPage,
  LegacyTrophies,
  LegacyTrophy,
  LegacyUserSummary,
} from './resources/legacy-trophies.ts';
export { FRIENDS_MAX_LIMIT, accountIdOf, getFriends, getPresence, getProfile, getProfile2, iterateFriends } from './resources/profiles.ts';
export type { FriendsOptions, FriendsPage, Presence, Profile, Profile2 } from './resources/profiles.ts';
export { searchPlayers, universalSearch } from './resources/search.ts';
export type { Player, SearchDomain, SearchResult, UniversalSearchResponse } from './resources/search.ts';
export type { MergedGroup, MergedTitle, MergedTitleOptions, MergedTrophy, RarityTier } from './resources/merged-title.ts';
export { rarityTier } from './resources/merged-title.ts';
export type { GroupableTrophy, TrophyGroupHead, TrophyGroupOf } from './resources/trophy-groups.ts';
export { groupTrophies, progressOf, sumCounts } from './resources/trophy-groups.ts';
export type { NpServiceName, TrophyCounts, TrophyType } from './resources/shared-schemas.ts';
export type { TitleRef } from './resources/title-ref.ts';
export type { TitleById, TitlesByIdOptions, TrophyTitleById } from './resources/titles-by-id.ts';
export type { TitleGroups, TitleTrophies, TrophyDefinition } from './resources/trophy-definitions.ts';
export type { AccountOptions, EarnedTrophy, UserGroups, UserTrophies } from './resources/trophy-earnings.ts';
export type { TrophySummary } from './resources/trophy-summary.ts';
export type { TitleListOptions, TrophyTitle, TrophyTitlesPage } from './resources/trophy-titles.ts';
export type { Host, LegacyRegion } from './transport/hosts.ts';
export { type Sleep, sleep } from './transport/delay.ts';
export type { RetryPolicy } from './transport/retry-policy.ts';
export type { Fetch, RequestInfo } from './transport/transport.ts';
