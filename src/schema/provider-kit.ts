/**
 * What a provider's `schema` gets from `buildSchema` to add its own fields to `ConnectedAccount`: the
 * builder, the type to extend, the shared interfaces, and the machinery of a provider list (arguments,
 * cost, scopes, cursors, the page walk, a calendar window), so a list field is its node type, its
 * request and its arguments.
 */

import { z } from 'zod';
import type { GatewayContext } from '../context.js';
import { type JsonPath, valueAt } from '../http/json-path.js';
import type { CallableProvider, ProviderCalls, QueryParams } from '../providers/account-api.js';
import {
  fetchListPage,
  firstPageOf,
  type ListRequest,
  type PageRef,
  type PageStyle,
} from '../providers/page-styles.js';
import type { ProviderPage } from '../providers/page-walker.js';
import type { ExternalAccountRecord } from '../tokens/clerk-api.js';
import type { ConnectedAccountRef, GatewayBuilder } from './builder.js';
import { type CalendarWindow, type CalendarWindowArgs, readCalendarWindow } from './calendar-window.js';
import { requireFieldScopes } from './field-scopes.js';
import { providerCallsExtension } from './provider-calls.js';
import {
  type Connection,
  type ConnectionArgs,
  connectionArgs,
  pageBoundOf,
  resolveProviderConnection,
} from './provider-connection.js';
import type {
  AccountOwned,
  CalendarEventFields,
  FileFields,
  Owned,
  RepositoryFields,
  SharedInterfaces,
} from './shared-interfaces.js';

/** The provider whose fields these are, as the kit needs it. */
export interface KitProvider extends CallableProvider {
  readonly pagination?: PageStyle;
}

/** A list's first-page request; its pagination defaults to the provider's. */
export type KitListRequest<Item> = Omit<ListRequest<Item>, 'pagination'> & {
  readonly pagination?: PageStyle;
};

/** A list that is not one paged request (Bitbucket: workspaces, then each one's repositories). */
export interface ListSource<Item> {
  readonly firstPage: PageRef;
  readonly fetchPage: (calls: ProviderCalls, page: PageRef) => Promise<ProviderPage<Item, PageRef>>;
  /**
   * The most pages one connection page walks. The field's `listField` counts them, and in `extraCalls`
   * any calls a page makes beyond one (Bitbucket's workspaces).
   */
  readonly maxPages: number;
}

/** One list of the provider, as a field resolves it for one account. */
export type ProviderList<Item> = {
  /** The field (`githubRepos`): its scopes are checked, and its cursors bound to it. */
  readonly field: string;
  /** A stable rendering of the arguments the list depends on: a cursor is valid only for the same. */
  readonly filters?: string;
} & ({ readonly request: KitListRequest<Item> } | { readonly source: ListSource<Item> });

/** A plain list: one call, no pages (Atlassian's sites, Xero's connections). */
export interface PlainListRequest<Item> {
  readonly path: string;
  readonly query?: QueryParams;
  readonly itemsAt?: JsonPath;
  readonly item: z.ZodType<Item | null>;
}

/*
 * What a provider offers to the lists of the shared concepts (`shared-lists.ts`), declared here, with
 * the kit, so that the provider model needs nothing of those lists.
 */

/** A list the provider orders as the concept is (GitHub `sort=updated`, Drive `orderBy=modifiedTime desc`). */
interface OrderedList<Item> {
  readonly ordered: KitListRequest<Item>;
}

/** A list the provider cannot order (Dropbox `list_folder`): read whole, up to 2,000 items. */
interface UnorderedList<Item> {
  readonly unordered: KitListRequest<Item>;
}

/** One ordered list per part (Bitbucket: per workspace), the parts found with a call; at most `max`. */
interface PartedList<Item> {
  readonly perPart: {
    readonly find: (calls: ProviderCalls) => Promise<readonly string[]>;
    readonly max: number;
    /** What the parts are, for the error past `max` ("workspaces"). */
    readonly noun: string;
    readonly ordered: (part: string) => KitListRequest<Item>;
  };
}

/** How a provider offers its list of a concept. `field` is the provider field whose scopes it needs. */
export type SharedListSpec<Item> = { readonly field: string } & (
  | OrderedList<Item>
  | UnorderedList<Item>
  | PartedList<Item>
);

/** The item of each shared concept's list. */
export interface SharedItems {
  readonly repositories: RepositoryFields;
  readonly files: FileFields;
  readonly calendarEvents: CalendarEventFields;
}

export type SharedConcept = keyof SharedItems;

/** A calendar's list depends on its window; the other concepts' lists do not. */
export type SpecOf<C extends SharedConcept> = C extends 'calendarEvents'
  ? (window: CalendarWindow) => SharedListSpec<SharedItems[C]>
  : SharedListSpec<SharedItems[C]>;

/** What the providers offer, filled by their schema kits before the fields are added. */
export interface SharedLists {
  offer<C extends SharedConcept>(concept: C, provider: KitProvider, spec: SpecOf<C>): void;
}

interface ListFieldOptions {
  readonly nullable: true;
  readonly extensions: ReturnType<typeof providerCallsExtension>;
}

export interface ProviderSchemaKit {
  readonly builder: GatewayBuilder;
  /** The type a provider adds its fields to. */
  readonly ConnectedAccount: ConnectedAccountRef;
  readonly provider: KitProvider;
  /** `Repository`, `File`, `CalendarEvent`: a provider's node type implements one and adds its own fields. */
  readonly interfaces: SharedInterfaces;
  /** `isTypeOf` of a node type implementing a shared interface: the node came from this provider. */
  isOwnNode(value: unknown): boolean;
  /** The `first` and `after` arguments of a list of `items` ("repositories"). */
  connectionArgs(items: string): ReturnType<typeof connectionArgs>;
  /**
   * What every connection field of the provider spreads: `null` on other providers' accounts, and its
   * cost, the walk's page bound for the list's largest page (`pagination`, default the provider's) plus
   * `extraCalls` (a first call that finds what to list).
   */
  listField(options?: { readonly pagination?: PageStyle; readonly extraCalls?: number }): ListFieldOptions;
  /** What a plain-list field spreads: nullable, one call. */
  plainListField(): ListFieldOptions;
  /**
   * Answers a list field: `null` on an account of another provider; else the field's scopes are
   * checked, `first` and `after` read, and the provider's pages walked. Every node carries its account.
   */
  resolveList<Item>(
    context: GatewayContext,
    account: ExternalAccountRecord,
    args: ConnectionArgs,
    list: ProviderList<Item>,
  ): Promise<Connection<Owned<Item>>> | null;
  /** `from` and `to` of a calendar field. */
  calendarWindowArgs(): ReturnType<typeof calendarWindowArgsOf>;
  /**
   * Answers a calendar field: the window read (defaults, checks: `calendar-window.ts`) and kept in its
   * cursors, so later pages list the same window; then as `resolveList`.
   */
  resolveCalendarList<Item>(
    context: GatewayContext,
    account: ExternalAccountRecord,
    args: ConnectionArgs & CalendarWindowArgs,
    list: { readonly field: string; readonly request: (window: CalendarWindow) => KitListRequest<Item> },
  ): Promise<Connection<Owned<Item>>> | null;
  /**
   * Offers the provider's repositories, files or calendar events to `ConnectedAccount.repositories`,
   * `User.repositories` and the like (`shared-lists.ts`): a request listing them in the concept's order
   * (repositories most recently updated first, files most recently modified first, events by start).
   */
  shareRepositories<Item extends RepositoryFields>(spec: SharedListSpec<Item>): void;
  shareFiles<Item extends FileFields>(spec: SharedListSpec<Item>): void;
  shareCalendarEvents<Item extends CalendarEventFields>(
    specOf: (window: CalendarWindow) => SharedListSpec<Item>,
  ): void;
  /** Answers a plain-list field: `null` on an account of another provider, else one call. */
  resolvePlainList<Item>(
    context: GatewayContext,
    account: ExternalAccountRecord,
    field: string,
    request: PlainListRequest<Item>,
  ): Promise<Owned<Item>[]> | null;
}

function calendarWindowArgsOf(builder: GatewayBuilder) {
  return builder.args((t) => ({
    from: t.field({
      type: 'DateTime',
      description:
        'Events that end after this time (ISO-8601 with an offset, e.g. `2026-12-07T00:00:00Z`); default now.',
    }),
    to: t.field({
      type: 'DateTime',
      description:
        'Events that start before this time (ISO-8601 with an offset); default `from` plus 30 days. At most 366 days after `from`.',
    }),
  }));
}

export function createProviderKit(
  builder: GatewayBuilder,
  refs: {
    readonly ConnectedAccount: ConnectedAccountRef;
    readonly interfaces: SharedInterfaces;
    readonly lists: SharedLists;
  },
  provider: KitProvider,
): ProviderSchemaKit {
  const paginationOf = (style: PageStyle | undefined, field: string): PageStyle => {
    const pagination = style ?? provider.pagination;
    if (!pagination) throw new Error(`${provider.id}: ${field} needs a pagination style`);
    return pagination;
  };
  /*
   * Tags an item in place: each is a fresh object of its page's parse, never shared with another
   * account. A copy (`{ ...item, accountId, providerId }`) cost about 5% of a warm query's CPU: this one
   * site copies every provider's item shapes, so V8 gives up on its fast copy there.
   */
  const own = <Item>(account: ExternalAccountRecord, item: Item): Owned<Item> => {
    const owned = item as Item & { accountId: string; providerId: string };
    owned.accountId = account.id;
    owned.providerId = provider.id;
    return owned;
  };

  function walk<Item>(
    context: GatewayContext,
    account: ExternalAccountRecord,
    args: ConnectionArgs,
    list: ProviderList<Item>,
    pinned?: string,
  ): Promise<Connection<Owned<Item>>> {
    requireFieldScopes(provider, list.field, account);
    const calls = context.accountApi.calls(provider, account, list.field);
    let source: ListSource<Item>;
    if ('source' in list) {
      source = list.source;
    } else {
      const pagination = paginationOf(list.request.pagination, list.field);
      const request = { ...list.request, pagination };
      source = {
        firstPage: firstPageOf(pagination),
        fetchPage: (callsOf, ref) => fetchListPage(callsOf, request, ref),
        maxPages: pageBoundOf(pagination.maxPageSize),
      };
    }
    return resolveProviderConnection(context, args, {
      scope: { field: list.field, owner: account.id, filters: list.filters ?? '' },
      firstPage: source.firstPage,
      fetchPage: async (ref: PageRef) => {
        const page = await source.fetchPage(calls, ref);
        return { items: page.items.map((item) => own(account, item)), next: page.next };
      },
      maxPages: source.maxPages,
      ...(pinned === undefined ? {} : { pinned }),
    });
  }

  return {
    builder,
    ConnectedAccount: refs.ConnectedAccount,
    provider,
    interfaces: refs.interfaces,
    isOwnNode: (value) =>
      typeof value === 'object' && value !== null && (value as AccountOwned).providerId === provider.id,
    connectionArgs: (items) => connectionArgs(builder, items),
    listField: (options = {}) => ({
      nullable: true,
      extensions: providerCallsExtension({
        [provider.id]:
          pageBoundOf(paginationOf(options.pagination, 'a list').maxPageSize) + (options.extraCalls ?? 0),
      }),
    }),
    plainListField: () => ({ nullable: true, extensions: providerCallsExtension({ [provider.id]: 1 }) }),
    resolveList(context, account, args, list) {
      if (account.providerId !== provider.id) return null;
      return walk(context, account, args, list);
    },
    calendarWindowArgs: () => calendarWindowArgsOf(builder),
    shareRepositories: (spec) =>
      refs.lists.offer('repositories', provider, spec as SharedListSpec<RepositoryFields>),
    shareFiles: (spec) => refs.lists.offer('files', provider, spec as SharedListSpec<FileFields>),
    shareCalendarEvents: (specOf) =>
      refs.lists.offer(
        'calendarEvents',
        provider,
        specOf as (window: CalendarWindow) => SharedListSpec<CalendarEventFields>,
      ),
    resolveCalendarList(context, account, args, list) {
      if (account.providerId !== provider.id) return null;
      const explicit = { from: args.from ?? null, to: args.to ?? null };
      const filters = JSON.stringify(explicit);
      // A window that came (partly) from the clock is kept in the cursors: the next page must list the
      // same window, though "now" has moved.
      const kept =
        args.after == null
          ? undefined
          : context.cursors.decode({ field: list.field, owner: account.id, filters }, args.after).pinned;
      const window = readCalendarWindow(explicit, context.startedAt, kept);
      const pinned = explicit.from !== null && explicit.to !== null ? undefined : JSON.stringify(window);
      return walk(
        context,
        account,
        args,
        { field: list.field, filters, request: list.request(window) },
        pinned,
      );
    },
    resolvePlainList<Item>(
      context: GatewayContext,
      account: ExternalAccountRecord,
      field: string,
      request: PlainListRequest<Item>,
    ) {
      if (account.providerId !== provider.id) return null;
      requireFieldScopes(provider, field, account);
      const calls = context.accountApi.calls(provider, account, field);
      return (async () => {
        const response = await calls.get(request.path, request.query);
        const raw = request.itemsAt === undefined ? response.body : valueAt(response.body, request.itemsAt);
        const items = calls.parse(z.array(request.item), raw);
        return items.filter((item): item is Item => item !== null).map((item) => own(account, item));
      })();
    },
  };
}
