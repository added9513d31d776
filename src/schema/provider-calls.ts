/**
 * How many provider calls a `ConnectedAccount` field makes on one account at most, by provider id, as
 * a GraphQL field extension: each field says it where it is defined, from the same constants and
 * declarations its resolver uses (the page walker's bound, a profile's declared calls), and the query
 * cost (`security/query-cost.ts`) reads it before the operation runs.
 */
import type { GraphQLField } from 'graphql';

export const PROVIDER_CALLS_EXTENSION = 'providerCalls';

/** Provider id → the most calls the field makes on one account of that provider. */
export type CallsByProvider = Readonly<Record<string, number>>;

export function providerCallsExtension(calls: CallsByProvider): {
  readonly [PROVIDER_CALLS_EXTENSION]: CallsByProvider;
} {
  return { [PROVIDER_CALLS_EXTENSION]: calls };
}

/** The calls a field declares, or `undefined` for a field that calls no provider. */
export function providerCallsOf(field: GraphQLField<unknown, unknown>): CallsByProvider | undefined {
  return field.extensions[PROVIDER_CALLS_EXTENSION] as CallsByProvider | undefined;
}

export const ACCOUNT_LIST_CALLS_EXTENSION = 'accountListCalls';

/**
 * A field over all of the user's accounts (`User.repositories`): the most calls it makes on each
 * account, by provider; the query cost counts it for a full account list.
 */
export function accountListCallsExtension(calls: CallsByProvider): {
  readonly [ACCOUNT_LIST_CALLS_EXTENSION]: CallsByProvider;
} {
  return { [ACCOUNT_LIST_CALLS_EXTENSION]: calls };
}

/** The calls per account a field over all of the user's accounts declares. */
export function accountListCallsOf(field: GraphQLField<unknown, unknown>): CallsByProvider | undefined {
  return field.extensions[ACCOUNT_LIST_CALLS_EXTENSION] as CallsByProvider | undefined;
}
