/**
 * A cold query in two round trips, not three. A user the gateway has not seen costs a Clerk `getUser`
 * (which accounts does the user have?), then a `getUserOauthAccessToken` per provider, then the
 * provider calls. The providers a query needs show in its fields (`githubRepos` is GitHub's), so for
 * a user the gateway holds no record of, not even a stale one, `me` starts fetching their tokens
 * alongside the user lookup: the provider calls then find them cached or in flight. A user seen before
 * has their tokens cached already, or a stale record kept through a Clerk outage, when calls ahead
 * would only add to Clerk's load.
 *
 * Only the providers whose own fields the operation selects are fetched; shared fields (`profile`,
 * `repositories`, …) could be any provider and fetch nothing ahead. A user without an account of such a
 * provider costs that one call, whose answer (no token) is dropped. It starts from `me`'s resolver, so
 * an operation refused before it runs (validation, variables, limits) fetches nothing.
 */
import type { FragmentDefinitionNode, GraphQLResolveInfo, OperationDefinitionNode } from 'graphql';
import { Kind, visit } from 'graphql';
import type { TokenBroker, TokensAhead } from '../tokens/token-broker.js';

/**
 * The tokens one operation fetched ahead, by provider id: filled by `fetchAhead` when `me` meets a
 * new user, read by the operation's provider calls.
 */
export type TokensFetchedAhead = Map<string, TokensAhead>;

/** Starts fetching, into `fetched`, the tokens of the providers whose fields `info`'s operation selects. */
export type FetchTokensAhead = (
  fetched: TokensFetchedAhead,
  userId: string,
  info: GraphQLResolveInfo,
  deadline?: number,
) => void;

export function createFetchTokensAhead(
  providerOfField: ReadonlyMap<string, string>,
  broker: Pick<TokenBroker, 'prefetch'>,
): FetchTokensAhead {
  // Yoga reuses the parsed document of a repeated query: each operation is read once.
  const providersOf = new WeakMap<OperationDefinitionNode, readonly string[]>();

  function providersIn(
    operation: OperationDefinitionNode,
    fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  ): readonly string[] {
    const known = providersOf.get(operation);
    if (known) return known;
    const providers = new Set<string>();
    const visitor = {
      [Kind.FIELD]: (field: { readonly name: { readonly value: string } }) => {
        const provider = providerOfField.get(field.name.value);
        if (provider !== undefined) providers.add(provider);
      },
    };
    visit(operation, visitor);
    for (const fragment of Object.values(fragments)) visit(fragment, visitor);
    const found = [...providers];
    providersOf.set(operation, found);
    return found;
  }

  return (fetched, userId, info, deadline) => {
    for (const provider of providersIn(info.operation, info.fragments)) {
      if (!fetched.has(provider)) fetched.set(provider, broker.prefetch(userId, provider, deadline));
    }
  };
}

/** Each provider's own fields (its `fieldScopes` but `profile`, which every provider has). */
export function providerFieldsOf(
  providers: readonly { readonly id: string; readonly fieldScopes: Readonly<Record<string, unknown>> }[],
): ReadonlyMap<string, string> {
  const fields = new Map<string, string>();
  for (const provider of providers) {
    for (const field of Object.keys(provider.fieldScopes))
      if (field !== 'profile') fields.set(field, provider.id);
  }
  return fields;
}
