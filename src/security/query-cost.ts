/**
 * What an operation costs upstream, computed from the document before anything runs.
 *
 * The cost is the number of provider calls the operation can make in the worst case:
 *
 *   cost = Σ over provider fields (a field of `ConnectedAccount` that returns an object, such as
 *          `githubRepos` or `notionUsers`): accounts × pages
 *   accounts = the product of the account lists above the field: `connectedAccounts` counts as
 *          `accountsPerList` (the user's real accounts are unknown before the operation runs),
 *          `connectedAccount(id:)` as 1
 *   pages = 1 from the start of a list, 2 with `after`: providers are always asked for their
 *          largest page (100 items) and `first` is at most 100, so a page of the connection needs the
 *          provider page it starts in and, from a cursor, the next one
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
  type GraphQLField,
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

/** The schema type that holds provider data fields (DESIGN.md §4). */
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

/** A provider field: data read from the account's provider with its token, one call per page. */
export function isProviderField(parentType: GraphQLCompositeType, field: GraphQLField<unknown, unknown>) {
  return parentType.name === ACCOUNT_TYPE_NAME && isObjectType(getNamedType(field.type));
}

/** A list of accounts multiplies the provider fields below it. */
function isAccountList(type: GraphQLOutputType): boolean {
  const nullable = isNonNullType(type) ? type.ofType : type;
  return isListType(nullable) && getNamedType(nullable).name === ACCOUNT_TYPE_NAME;
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
  let providerCalls = 0;
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

  function walk(
    parentType: GraphQLCompositeType,
    sets: readonly { set: SelectionSetNode; within: ReadonlySet<string> }[],
    accounts: number,
  ): void {
    const fields = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields() : {};
    for (const group of collect(sets).values()) {
      if (expandedSelections > MAX_EXPANDED_SELECTIONS) return;
      const [first] = group;
      const field = first ? fields[first.node.name.value] : undefined;
      if (!first || !field) continue;
      if (isProviderField(parentType, field)) providerCalls += accounts * pagesOf(first.node);
      const type = getNamedType(field.type);
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      const children = group.flatMap(({ node, within }) =>
        node.selectionSet ? [{ set: node.selectionSet, within }] : [],
      );
      walk(type, children, accounts * (isAccountList(field.type) ? options.accountsPerList : 1));
    }
  }

  walk(root, [{ set: operation.selectionSet, within: new Set() }], 1);
  return expandedSelections > MAX_EXPANDED_SELECTIONS
    ? { providerCalls: Number.POSITIVE_INFINITY, expandedSelections }
    : { providerCalls, expandedSelections };
}

/** Provider pages one connection field may read (see the header). */
function pagesOf(node: FieldNode): number {
  const after = node.arguments?.find((argument) => argument.name.value === 'after');
  return after && after.value.kind !== Kind.NULL ? 2 : 1;
}
