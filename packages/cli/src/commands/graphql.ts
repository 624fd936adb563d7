/**
 * `trophyroom graphql <operation> --vars JSON`: a GraphQL persisted query (seed 000's
 * `metGetAccount` and friends) with the stored token; prints `data`.
 * @module
 */
import type { Command } from '../command.ts';
import { UsageError } from '../errors/cli-error.ts';
import { redactSecrets } from '../output/redact.ts';
import { openSession } from '../psn/session.ts';

export const graphql: Command = {
  name: 'graphql',
  summary: 'run a GraphQL persisted query (metGetAccount, …) and print its data',
  help: `Usage: trophyroom graphql <operation> [--vars JSON] [--hash SHA256] [--web]

Runs one of Sony's GraphQL persisted queries and prints its \`data\` as JSON. The hashes of
metGetAccount, metLoyaltyUserCollectibleById, metLoyaltyGetOwnedCollectibleById (the app's
collectible query since 2023), getUserGameList and getPurchasedGameList are known; for any other
operation (or after Sony rotates one) pass --hash.

Options:
  --vars JSON     the variables, a JSON object                    [default: {}]
  --hash SHA256   the persisted query's hash
  --web           ask web.np.playstation.com instead of m.np.playstation.com

Examples:
  trophyroom graphql metGetAccount --vars '{"accountId":"me"}'
  trophyroom graphql metLoyaltyUserCollectibleById --vars '{"collectibleId":"88d25cfa-26ad-572a-9335-a32b9bcabe13","accountId":"me"}'
  trophyroom graphql getUserGameList --web --vars '{"categories":"ps4_game,ps5_native_game","limit":10}'
`,
  options: { vars: { type: 'string' }, hash: { type: 'string' }, web: { type: 'boolean' } },
  async run({ values, positionals }, context) {
    const operation = positionals[0];
    if (!operation || positionals.length > 1)
      throw new UsageError('Give one operation name: `trophyroom graphql metGetAccount --vars \'{"accountId":"me"}\'`.');
    let variables: Record<string, unknown> = {};
    if (typeof values.vars === 'string') {
      try {
        variables = JSON.parse(values.vars) as Record<string, unknown>;
      } catch {
        throw new UsageError(`--vars must be JSON, such as '{"accountId":"me"}'; got ${values.vars}.`);
      }
      if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
        throw new UsageError('--vars must be a JSON object, such as \'{"accountId":"me"}\'.');
    }
    const hash = typeof values.hash === 'string' ? values.hash : undefined;
    if (hash !== undefined && !/^[0-9a-f]{64}$/i.test(hash)) throw new UsageError('--hash must be the 64 hex digits of a sha256 hash.');
    const { defaultGraphqlHashes } = await import('@trophyroom/psn');
    if (!hash && !Object.hasOwn(defaultGraphqlHashes, operation))
      throw new UsageError(`No known hash for "${operation}": pass --hash (known: ${Object.keys(defaultGraphqlHashes).join(', ')}).`);
    const { psn } = await openSession(context);
    const data = await psn.graphql.query(operation, variables, { ...(hash ? { hash } : {}), host: values.web ? 'web' : 'mobile', signal: context.signal });
    context.out.printJson(redactSecrets(data));
    return 0;
  },
};
