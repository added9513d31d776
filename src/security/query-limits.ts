/**
 * Limits on the shape of an operation, checked before it runs (README, "Limits and security"):
 * tokens (while parsing), aliases, depth and directives (GraphQL Armor's rules), and the cost in
 * provider calls (`query-cost.ts`). With developer tools off, introspection is refused and field
 * suggestions ("Did you mean …") are removed from error messages, so the schema cannot be read
 * through either.
 *
 * A refusal is a `BAD_USER_INPUT` error with a `reason` saying which limit was hit; it never names the
 * limit's value (Armor's `exposeLimits: false`, and our own messages), so a client cannot tune a query
 * to sit just below it. Validation errors are HTTP 400 for `application/graphql-response+json`.
 *
 * Armor's max-depth rule is used at 2.4.2 or later (fix for GHSA-hmfr-rx46-4jx2: an operation or
 * fragment named `__schema` no longer escapes the depth count). Introspection fields themselves are
 * left out of the depth count so that GraphiQL's introspection query works in development; graphql-js's
 * own `MaxIntrospectionDepthRule` bounds their nesting, and the token limit their length.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { queryCostOf } from './query-cost.js';

export interface QueryLimits {
  readonly maxTokens: number;
  readonly maxAliases: number;
  readonly maxDepth: number;
  readonly maxDirectives: number;
  /** Most provider calls one operation may make. */
  readonly maxQueryCost: number;
  /** How many accounts the cost assumes a `connectedAccounts` list holds. */
  readonly costAccountsPerList: number;
}

export interface QueryLimitsOptions {
  readonly limits: QueryLimits;
  /** GraphiQL, introspection and field suggestions (development, the sandbox, `GATEWAY_GRAPHIQL`). */
  readonly developerTools: boolean;
}

/** `extensions.reason` of each refusal. */
export const LIMIT_REASONS = {
  tokens: 'TOO_MANY_TOKENS',
  aliases: 'TOO_MANY_ALIASES',
  depth: 'QUERY_TOO_DEEP',
  directives: 'TOO_MANY_DIRECTIVES',
  cost: 'QUERY_TOO_COMPLEX',
} as const;

type LimitReason = (typeof LIMIT_REASONS)[keyof typeof LIMIT_REASONS];

const MESSAGES: Record<LimitReason, string> = {
  TOO_MANY_TOKENS: 'The query is too long: split it into smaller operations.',
  TOO_MANY_ALIASES: 'The query uses too many aliases.',
  QUERY_TOO_DEEP: 'The query is nested too deeply.',
  TOO_MANY_DIRECTIVES: 'The query uses too many directives.',
  QUERY_TOO_COMPLEX:
    'The query would make too many provider calls: select fewer provider fields (`githubRepos`, `notionUsers`, …), or page through one account with `connectedAccount(id:)`.',
};

export function limitError(reason: LimitReason): GraphQLError {
  return new GraphQLError(MESSAGES[reason], {
    extensions: { code: 'BAD_USER_INPUT', reason },
  });
}

export function useQueryLimits({ limits, developerTools }: QueryLimitsOptions): Plugin {
  // Armor calls `onReject` with the validation context (or `null` while parsing); the refusal is
  // reported as a validation error, or thrown from the parser, in our words.
  const refuse =
    (reason: LimitReason) =>
    (context: ValidationContext | null): void => {
      if (!context) throw limitError(reason);
      context.reportError(limitError(reason));
    };
  const armored = (n: number, reason: LimitReason) => ({
    n,
    exposeLimits: false,
    propagateOnRejection: false,
    onReject: [refuse(reason)],
  });
  const armor = EnvelopArmorPlugin({
    maxTokens: armored(limits.maxTokens, LIMIT_REASONS.tokens),
    maxAliases: armored(limits.maxAliases, LIMIT_REASONS.aliases),
    maxDepth: { ...armored(limits.maxDepth, LIMIT_REASONS.depth), flattenFragments: true },
    maxDirectives: armored(limits.maxDirectives, LIMIT_REASONS.directives),
    // Armor's cost limit counts `first` but knows nothing of accounts or provider calls.
    costLimit: { enabled: false },
    // Its pattern misses "Did you mean the enum value …"; `withoutSuggestions` below covers all.
    blockFieldSuggestion: { enabled: false },
  });
  const costRule = queryCostRule(limits);

  return {
    onPluginInit({ addPlugin }) {
      // An envelop plugin: Yoga's plugins are envelop plugins with more hooks, typed with Yoga's context.
      addPlugin(armor as unknown as Plugin);
    },
    onValidate({ addValidationRule }) {
      addValidationRule(costRule);
      if (!developerTools) addValidationRule(NoSchemaIntrospectionCustomRule);
    },
    onResultProcess({ result, setResult }) {
      if (developerTools || Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      setResult({ ...result, errors: result.errors.map(withoutSuggestions) });
    },
  };
}

/** Refuses an operation whose provider calls (see `query-cost.ts`) exceed the limit. */
export function queryCostRule(limits: Pick<QueryLimits, 'maxQueryCost' | 'costAccountsPerList'>) {
  const rule: ValidationRule = (context) => ({
    OperationDefinition(operation) {
      const fragments = Object.fromEntries(
        context
          .getDocument()
          .definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)
          .map((fragment) => [fragment.name.value, fragment]),
      );
      const cost = queryCostOf(context.getSchema(), operation, fragments, {
        accountsPerList: limits.costAccountsPerList,
      });
      if (cost.providerCalls > limits.maxQueryCost) context.reportError(limitError(LIMIT_REASONS.cost));
      return false;
    },
  });
  return rule;
}

/** graphql-js ends messages with `Did you mean "x"?`, `… the enum value "X"?`, `… to use an inline fragment on "T"?`. */
const SUGGESTION = /\s*Did you mean\b[^?]*\?/g;

function withoutSuggestions(error: GraphQLError): GraphQLError {
  const message = error.message.replace(SUGGESTION, '');
  if (message === error.message) return error;
  return new GraphQLError(message, {
    nodes: error.nodes ?? null,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}
