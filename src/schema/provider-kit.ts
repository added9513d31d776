/**
 * What a provider's `schema` gets from `buildSchema` to add its own fields to `ConnectedAccount`: the
 * builder, the type to extend, and the machinery of a provider list (arguments, cost, scopes, cursors,
 * the page walk), so a list field is its node type, its request and its arguments.
 */
import type { GatewayContext } from '../context.js';
import type { CallableProvider } from '../providers/account-api.js';
import {
  fetchListPage,
  firstPageOf,
  type ListRequest,
  type PageRef,
  type PageStyle,
} from '../providers/page-styles.js';
import type { ExternalAccountRecord } from '../tokens/clerk-api.js';
import type { ConnectedAccountRef, GatewayBuilder } from './builder.js';
import { requireFieldScopes } from './field-scopes.js';
import { providerCallsExtension } from './provider-calls.js';
import {
  type Connection,
  type ConnectionArgs,
  connectionArgs,
  MAX_PROVIDER_PAGES_PER_FIELD,
  resolveProviderConnection,
} from './provider-connection.js';

/** The provider whose fields these are, as the kit needs it. */
export interface KitProvider extends CallableProvider {
  readonly pagination?: PageStyle;
}

/** One list of the provider, as a field resolves it for one account. */
export interface ProviderList<Item> {
  /** The field (`githubRepos`): its scopes are checked, and its cursors bound to it. */
  readonly field: string;
  /** A stable rendering of the arguments the list depends on: a cursor is valid only for the same. */
  readonly filters?: string;
  /** The request of its first page; its pagination defaults to the provider's. */
  readonly request: Omit<ListRequest<Item>, 'pagination'> & { readonly pagination?: PageStyle };
}

export interface ProviderSchemaKit {
  readonly builder: GatewayBuilder;
  /** The type a provider adds its fields to. */
  readonly ConnectedAccount: ConnectedAccountRef;
  readonly provider: KitProvider;
  /** The `first` and `after` arguments of a list of `items` ("repositories"). */
  connectionArgs(items: string): ReturnType<typeof connectionArgs>;
  /** What every list field of the provider shares: `null` on other providers' accounts, and its cost. */
  readonly listFieldOptions: {
    readonly nullable: true;
    readonly extensions: ReturnType<typeof providerCallsExtension>;
  };
  /**
   * Answers a list field: `null` on an account of another provider; else the field's scopes are
   * checked, `first` and `after` read, and the provider's pages walked.
   */
  resolveList<Item>(
    context: GatewayContext,
    account: ExternalAccountRecord,
    args: ConnectionArgs,
    list: ProviderList<Item>,
  ): Promise<Connection<Item>> | null;
}

export function createProviderKit(
  builder: GatewayBuilder,
  ConnectedAccount: ConnectedAccountRef,
  provider: KitProvider,
): ProviderSchemaKit {
  return {
    builder,
    ConnectedAccount,
    provider,
    connectionArgs: (items) => connectionArgs(builder, items),
    listFieldOptions: {
      nullable: true,
      extensions: providerCallsExtension({ [provider.id]: MAX_PROVIDER_PAGES_PER_FIELD }),
    },
    resolveList(context, account, args, list) {
      if (account.providerId !== provider.id) return null;
      requireFieldScopes(provider, list.field, account);
      const pagination = list.request.pagination ?? provider.pagination;
      if (!pagination) throw new Error(`${provider.id}: ${list.field} needs a pagination style`);
      const request = { ...list.request, pagination };
      const calls = context.accountApi.calls(provider, account, list.field);
      return resolveProviderConnection(context, args, {
        scope: { field: list.field, accountId: account.id, filters: list.filters ?? '' },
        firstPage: firstPageOf(pagination),
        fetchPage: (ref: PageRef) => fetchListPage(calls, request, ref),
      });
    },
  };
}
