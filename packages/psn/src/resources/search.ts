/**
 * Universal search (`POST {search}/universalSearch`), used here to find players by online id: the
 * `SocialAllAccounts` domain answers with account ids, online ids and avatars.
 * @module
 */
import { z } from 'zod';
import type { Api, CallOptions } from '../api.ts';
import { optional } from './shared-schemas.ts';

export const playerSchema = z.looseObject({
  accountId: z.string().min(1),
  onlineId: z.string().min(1),
  country: optional(z.string()),
  language: optional(z.string()),
  isPsPlus: optional(z.boolean()),
  isOfficiallyVerified: optional(z.boolean()),
  avatarUrl: optional(z.string()),
  verifiedUserName: optional(z.string()),
});
export type Player = z.output<typeof playerSchema>;

export const searchResultSchema = z.looseObject({
  id: optional(z.string()),
  type: optional(z.string()),
  score: optional(z.number()),
  /** Present on `SocialAllAccounts` results. */
  socialMetadata: optional(playerSchema),
});
export type SearchResult = z.output<typeof searchResultSchema>;

export const universalSearchSchema = z.looseObject({
  prefix: optional(z.string()),
  suggestions: optional(z.array(z.unknown())),
  fallbackQueried: optional(z.boolean()),
  domainResponses: z.array(
    z.looseObject({
      domain: z.string(),
      domainTitle: optional(z.string()),
      zeroState: optional(z.boolean()),
      next: optional(z.string()),
      totalResultCount: optional(z.number()),
      results: z
        .array(searchResultSchema)
        .nullish()
        .transform((value) => value ?? []),
    }),
  ),
});
export type UniversalSearchResponse = z.output<typeof universalSearchSchema>;

export type SearchDomain = 'SocialAllAccounts' | (string & {});

/** Sony's raw universal search over the given domains. */
export async function universalSearch(
  api: Api,
  searchTerm: string,
  domains: readonly SearchDomain[],
  options: CallOptions = {},
): Promise<UniversalSearchResponse> {
  if (!searchTerm.trim()) throw new TypeError('A search term is needed.');
  return api.call({
    endpoint: 'search.universal',
    host: 'search',
    path: '/universalSearch',
    method: 'POST',
    body: { searchTerm, domainRequests: domains.map((domain) => ({ domain })) },
    schema: universalSearchSchema,
    items: [['domainResponses'], ['domainResponses', '*', 'results']],
    signal: options.signal,
    language: options.language,
  });
}

/** Players whose online id matches `term`, best match first (an exact online id comes first). One request. */
export async function searchPlayers(api: Api, term: string, options: CallOptions = {}): Promise<Player[]> {
  const response = await universalSearch(api, term, ['SocialAllAccounts'], options);
  const domain = response.domainResponses.find((d) => d.domain === 'SocialAllAccounts');
  return (domain?.results ?? []).flatMap((result) => (result.socialMetadata ? [result.socialMetadata] : []));
}
