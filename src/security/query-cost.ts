/**
 * What an operation costs upstream, computed from the document before anything runs.
 *
 * The cost is the number of provider calls the operation can make in the worst case. Each field that
 * reads a provider declares the most calls it makes on one account, by provider (a GraphQL field
 * extension, `schema/provider-calls.ts`): a list the page walker's bound on provider pages, the profile
 * the calls its provider's reader declares. Then:
 *
 *   cost of an account = the largest, over the providers it may be of, of the calls its selected fields
 *          make on an account of that provider (an account is of one provider: `githubRepos` and
 *          `notionUsers` never both call on it); `connectedAccounts(provider: X)` narrows it to X
 *   cost of a list of accounts = `accountsPerList` (the user's real accounts are unknown before the
 *          operation runs) × the cost of one; `connectedAccount(id:)` counts once
 *
 * Fields are collected the way execution collects them: a field selected twice under one response key
 * (in two fragments, say) runs once and is counted once; aliases of it are counted each. Calls the
 * gateway would merge at run time (two aliases with the same arguments on one account) are still
 * counted: the cost is a bound, not a forecast.
 *
 * Expanding fragments has a budget of its own (`MAX_EXPANDED_SELECTIONS`): a document whose aliases and
 * fragments fan out into more selections than any real query has is refused as too complex whatever
 * its calls, and the walk stops there, so a hostile document cannot make the walk itself expensive.
 */
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { accountListCallsOf, providerCallsOf } from '../schema/provider-calls.js';

/** The schema type of a connected account, whose fields read its provider. */
export const ACCOUNT_TYPE_NAME = 'ConnectedAccount';
/** More selections than any real query expands to: the sandbox's example query expands to 30. */
export const MAX_EXPANDED_SELECTIONS = 10_000;

export interface QueryCostOptions {
  /** How many accounts a list of accounts (`connectedAccounts`) is assumed to hold. */
  readonly accountsPerList: number;
}

export interface QueryCost {
  /** Provider calls in the worst case (see the header); `Infinity` past the expansion budget. */
  readonly providerCalls: number;
  /** Selections (fields, fragments) visited after expanding fragments, once per place each is reached. */
  readonly expandedSelections: number;
}

/** A list of accounts multiplies the provider calls below it. */
function isAccountList(type: GraphQLOutputType): boolean {
  const nullable = isNonNullType(type) ? type.ofType : type;
  return isListType(nullable) && getNamedType(nullable).name === ACCOUNT_TYPE_NAME;
}

/**
 * The provider an account field is narrowed to (`connectedAccounts(provider: GITHUB)` → `github`), or
 * `undefined` when it may be any (no argument, or a variable).
 */
function providerFilterOf(node: FieldNode): string | undefined {
  const value = node.arguments?.find((argument) => argument.name.value === 'provider')?.value;
  return value?.kind === Kind.ENUM ? value.value.toLowerCase() : undefined;
}

interface Reached {
  readonly node: FieldNode;
  /** Fragments expanded on the way to this field: spreading one of them again is a cycle. */
  readonly within: ReadonlySet<string>;
}

export function queryCostOf(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  options: QueryCostOptions,
): QueryCost {
  const root = schema.getRootType(operation.operation);
  if (!root) return { providerCalls: 0, expandedSelections: 0 };
  let expandedSelections = 0;

  /** Fields of `sets` by response key, fragments expanded once per set as execution does. */
  function collect(sets: readonly { set: SelectionSetNode; within: ReadonlySet<string> }[]) {
    const byKey = new Map<string, Reached[]>();
    const expanded = new Set<string>();
    const visit = (set: SelectionSetNode, within: ReadonlySet<string>) => {
      for (const selection of set.selections) {
        expandedSelections += 1;
        if (expandedSelections > MAX_EXPANDED_SELECTIONS) return;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const group = byKey.get(key) ?? [];
          group.push({ node: selection, within });
          byKey.set(key, group);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          visit(selection.selectionSet, within);
        } else {
          const name = selection.name.value;
          const fragment = fragments[name];
          if (!fragment || expanded.has(name) || within.has(name)) continue;
          expanded.add(name);
          visit(fragment.selectionSet, new Set([...within, name]));
        }
      }
    };
    for (const { set, within } of sets) visit(set, within);
    return byKey;
  }

  /** The calls of one value of `parentType` with these selections; `provider` narrows its account. */
  function costOf(
    parentType: GraphQLCompositeType,
    sets: readonly { set: SelectionSetNode; within: ReadonlySet<string> }[],
    provider: string | undefined,
  ): number {
    const fields = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields() : {};
    let below = 0;
    const byProvider = new Map<string, number>();
    for (const group of collect(sets).values()) {
      if (expandedSelections > MAX_EXPANDED_SELECTIONS) return 0;
      const [first] = group;
      const field = first ? fields[first.node.name.value] : undefined;
      if (!first || !field) continue;
      for (const [id, calls] of Object.entries(providerCallsOf(field) ?? {})) {
        byProvider.set(id, (byProvider.get(id) ?? 0) + calls);
      }
      const perAccount = accountListCallsOf(field);
      if (perAccount) {
        // A list across the user's accounts: a full account list of the costliest provider it may read.
        const only = providerFilterOf(first.node);
        const candidates = only === undefined ? Object.values(perAccount) : [perAccount[only] ?? 0];
        below += options.accountsPerList * Math.max(0, ...candidates);
      }
      const type = getNamedType(field.type);
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      const children = group.flatMap(({ node, within }) =>
        node.selectionSet ? [{ set: node.selectionSet, within }] : [],
      );
      const isAccount = type.name === ACCOUNT_TYPE_NAME;
      const accounts = isAccountList(field.type) ? options.accountsPerList : 1;
      below += accounts * costOf(type, children, isAccount ? providerFilterOf(first.node) : undefined);
    }
    const candidates = provider === undefined ? [...byProvider.values()] : [byProvider.get(provider) ?? 0];
    return below + Math.max(0, ...candidates);
  }

  const providerCalls = costOf(root, [{ set: operation.selectionSet, within: new Set() }], undefined);
  return expandedSelections > MAX_EXPANDED_SELECTIONS
    ? { providerCalls: Number.POSITIVE_INFINITY, expandedSelections }
    : { providerCalls, expandedSelections };
}
