/**
 * Universal search (`POST {search}/universalSearch`), used here to find players by online id: the
 * `SocialAllAccounts` domain answers with account ids, online ids and avatars.
 * @module
 */
import { z } from 'zod';
import type { Api, CallOptions } from '../api.ts';

export const playerSchema = z.looseObject({
  accountId: z.string(),
  onlineId: z.string(),
  country: z.string().optional(),
  language: z.string().optional(),
  isPsPlus: z.boolean().optional(),
  isOfficiallyVerified: z.boolean().optional(),
  avatarUrl: z.string().optional(),
  verifiedUserName: z.string().optional(),
});
export type Player = z.output<typeof playerSchema>;

export const searchResultSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  score: z.number(),
  /** Present on `SocialAllAccounts` results. */
  socialMetadata: playerSchema.optional(),
});
export type SearchResult = z.output<typeof searchResultSchema>;

export const universalSearchSchema = z.looseObject({
  prefix: z.string(),
  suggestions: z.array(z.unknown()),
  fallbackQueried: z.boolean(),
  domainResponses: z.array(
    z.looseObject({
      domain: z.string(),
      domainTitle: z.string(),
      zeroState: z.boolean(),
      next: z.string().optional(),
      totalResultCount: z.number(),
      results: z.array(searchResultSchema),
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
