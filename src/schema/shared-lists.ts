/**
 * The lists of the shared concepts (README, "Lists across accounts"): `ConnectedAccount.repositories`,
 * `.files` and `.calendarEvents` on any account whose provider has the concept, and `User.repositories`,
 * `.files` and `.calendarEvents` merged across all of the user's accounts in one order with one cursor.
 *
 * A provider offers its list of a concept through its schema kit (`shareRepositories`, …), as a
 * request that lists in the concept's order. Where the provider cannot (Dropbox, Box, OneDrive), the list
 * is read whole, up to `MAX_WHOLE_LIST_ITEMS`, and sorted here; past that an error says so. Where it
 * splits the list (Bitbucket's workspaces), each part is a source of the merge, found by a first call.
 */
import { GraphQLError, type GraphQLResolveInfo, responsePathAsArray } from 'graphql';
import type { GatewayContext } from '../context.js';
import { GatewayError, isGatewayError } from '../errors.js';
import type { ProviderCalls } from '../providers/account-api.js';
import { fetchListPage, firstPageOf, type PageRef, type PageStyle } from '../providers/page-styles.js';
import type { ProviderPage } from '../providers/page-walker.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { ExternalAccountRecord } from '../tokens/clerk-api.js';
import type { ConnectedAccountRef, GatewayBuilder } from './builder.js';
import { type CalendarWindow, readCalendarWindow } from './calendar-window.js';
import type { CursorScope } from './cursor-codec.js';
import { requireFieldScopes } from './field-scopes.js';
import { type MergeAccount, type MergedPage, type MergeState, mergePage } from './merged-list.js';
import { accountListCallsExtension, providerCallsExtension } from './provider-calls.js';
import {
  type Connection,
  type ConnectionArgs,
  connectionArgs,
  LazyCursorEdge,
  MAX_FIRST,
  pageBoundOf,
  readConnectionArgs,
} from './provider-connection.js';
import type { ProviderEnumRef } from './provider-enum.js';
import type {
  KitListRequest,
  KitProvider,
  SharedConcept,
  SharedItems,
  SharedListSpec,
  SharedLists,
} from './provider-kit.js';
import type { AccountOwned, Owned, SharedInterfaces } from './shared-interfaces.js';
import type { UserRef } from './user.js';

/**
 * The most items of a list read whole (a provider that cannot order it): a page of a list across
 * accounts reads it every time, so it stays two or three provider calls.
 */
export const MAX_WHOLE_LIST_ITEMS = 2000;
/** Pages of an ordered source are asked at this size at most: a merged page never needs more of one. */
const MERGE_PAGE_SIZE = MAX_FIRST;
/** A list's calls do not depend on its window: its cost is read from the list of any. */
const ANY_WINDOW: CalendarWindow = { from: '2000-01-01T00:00:00.000Z', to: '2000-01-02T00:00:00.000Z' };
/** How often a page of one account's list (`ConnectedAccount.repositories`) goes back for more. */
const ACCOUNT_LIST_ROUNDS = pageBoundOf(MERGE_PAGE_SIZE);

type Concept = SharedConcept;
/** An item of any shared list, with its account. */
type SharedNode = Owned<SharedItems[Concept]>;

interface Offer {
  readonly provider: KitProvider;
  readonly specOf: (window: CalendarWindow | undefined) => SharedListSpec<unknown>;
}

export function createSharedLists(): SharedLists & {
  readonly offers: ReadonlyMap<Concept, Map<string, Offer>>;
} {
  const offers = new Map<Concept, Map<string, Offer>>();
  return {
    offers,
    offer(concept, provider, spec) {
      const byProvider = offers.get(concept) ?? new Map<string, Offer>();
      if (byProvider.has(provider.id)) throw new Error(`${provider.id} offers ${concept} twice`);
      byProvider.set(provider.id, {
        provider,
        specOf: (window) =>
          (typeof spec === 'function'
            ? (spec as (window: CalendarWindow) => SharedListSpec<unknown>)(window as CalendarWindow)
            : spec) as SharedListSpec<unknown>,
      });
      offers.set(concept, byProvider);
    },
  };
}

const newestFirst = (a: string | null, b: string | null) => timeOf(b) - timeOf(a);
/** A time without a value (a Dropbox folder's) sorts after every other. */
function timeOf(time: string | null): number {
  return time === null ? Number.NEGATIVE_INFINITY : Date.parse(time);
}

/** Each concept's order, ties broken by provider, account and item id, so it is total and stable. */
const ORDERS: { readonly [C in Concept]: (a: Owned<SharedItems[C]>, b: Owned<SharedItems[C]>) => number } = {
  repositories: (a, b) => newestFirst(a.updatedAt, b.updatedAt) || byOwnerAndId(a, b),
  files: (a, b) => newestFirst(a.modifiedAt, b.modifiedAt) || byOwnerAndId(a, b),
  calendarEvents: (a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || byOwnerAndId(a, b),
};

function byOwnerAndId(a: AccountOwned & { id: string }, b: AccountOwned & { id: string }): number {
  return (
    textOrder(a.providerId, b.providerId) || textOrder(a.accountId, b.accountId) || textOrder(a.id, b.id)
  );
}

function textOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The calls one page of the list makes on one account, in `rounds` rounds. */
function callsOf(spec: SharedListSpec<unknown>, provider: KitProvider, rounds: number): number {
  if ('ordered' in spec) return rounds;
  if ('unordered' in spec) return wholeListCalls(styleOf(spec.unordered, provider));
  return 1 + spec.perPart.max * rounds;
}

/** Reading a list whole: its items over pages of the largest size, and one more for a short page. */
function wholeListCalls(style: PageStyle): number {
  return Math.ceil(MAX_WHOLE_LIST_ITEMS / style.maxPageSize) + 1;
}

function styleOf(request: KitListRequest<unknown>, provider: KitProvider): PageStyle {
  const style = request.pagination ?? provider.pagination;
  if (!style) throw new Error(`${provider.id}: a shared list needs a pagination style`);
  return style;
}

/** An ordered source's pages, asked at `MERGE_PAGE_SIZE` at most. */
function mergePagesOf(request: KitListRequest<unknown>, provider: KitProvider) {
  const style = styleOf(request, provider);
  return { ...request, pagination: { ...style, maxPageSize: Math.min(style.maxPageSize, MERGE_PAGE_SIZE) } };
}

/** An account as a participant of a merge: its sources, each page's items carrying the account. */
function mergeAccountOf(
  context: GatewayContext,
  account: ExternalAccountRecord,
  offer: Offer,
  window: CalendarWindow | undefined,
): MergeAccount<SharedNode> {
  const { provider } = offer;
  const spec = offer.specOf(window);
  const calls = context.accountApi.calls(provider, account, spec.field);
  const own = (page: ProviderPage<unknown, PageRef>): ProviderPage<SharedNode, PageRef> => ({
    next: page.next,
    items: page.items.map(
      (item) =>
        ({ ...(item as SharedItems[Concept]), accountId: account.id, providerId: provider.id }) as SharedNode,
    ),
  });
  const base = { id: account.id, check: () => requireFieldScopes(provider, spec.field, account) };

  if ('unordered' in spec) {
    const request = { ...spec.unordered, pagination: styleOf(spec.unordered, provider) };
    return {
      ...base,
      sources: () => [''],
      firstPage: null,
      fetchPage: async () => own(await readWhole(calls, request, provider, account)),
    };
  }
  if ('ordered' in spec) {
    const request = mergePagesOf(spec.ordered, provider);
    return {
      ...base,
      sources: () => [''],
      firstPage: firstPageOf(request.pagination),
      fetchPage: async (_source, page) => own(await fetchListPage(calls, request, page)),
    };
  }
  const { perPart } = spec;
  const requestOf = (part: string) => mergePagesOf(perPart.ordered(part), provider);
  return {
    ...base,
    sources: async () => {
      const parts = await perPart.find(calls);
      if (parts.length > perPart.max) {
        throw tooLarge(
          account,
          `${provider.displayName} splits this account's list into more than ${perPart.max} ${perPart.noun}, the most a list across accounts merges. Page the provider's own field instead.`,
        );
      }
      return parts;
    },
    firstPage: firstPageOf(requestOf('').pagination),
    fetchPage: async (part, page) => own(await fetchListPage(calls, requestOf(part), page)),
  };
}

/** Every page of an unordered list, up to `MAX_WHOLE_LIST_ITEMS`: one page in hand, sorted by the merge. */
async function readWhole(
  calls: ProviderCalls,
  request: KitListRequest<unknown> & { readonly pagination: PageStyle },
  provider: KitProvider,
  account: ExternalAccountRecord,
): Promise<ProviderPage<unknown, null>> {
  const items: unknown[] = [];
  let page = firstPageOf(request.pagination);
  for (let call = 0; call < wholeListCalls(request.pagination); call++) {
    const got = await fetchListPage(calls, request, page);
    items.push(...got.items);
    if (items.length > MAX_WHOLE_LIST_ITEMS) break;
    if (got.next === null) return { items, next: null };
    page = got.next;
  }
  throw tooLarge(
    account,
    `${provider.displayName} cannot list this account's items in order, so a list across accounts reads them whole, and there are more than ${MAX_WHOLE_LIST_ITEMS}. Page the provider's own field instead.`,
  );
}

function tooLarge(account: ExternalAccountRecord, message: string): GatewayError {
  return new GatewayError('BAD_USER_INPUT', message, {
    provider: account.providerId,
    accountId: account.id,
    reason: 'TOO_LARGE_TO_MERGE',
  });
}

/** The connection of a merged page, its cursors signed lazily. */
function connectionOf<Item>(
  context: GatewayContext,
  scope: CursorScope,
  page: MergedPage<Item>,
  after: string | null,
  pinned: string | undefined,
): Connection<Item> {
  const seal = (state: MergeState) =>
    context.cursors.seal(scope, { s: state, ...(pinned ? { k: pinned } : {}) });
  const edges = page.items.map(({ item, after: state }) => new LazyCursorEdge(item, state, seal));
  const retry = page.failures.length > 0;
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: after !== null,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        // With no edges, still say where to go on (past empty provider pages) or to retry a failed account.
        return edges.at(-1)?.cursor ?? (page.hasNextPage || retry ? seal(page.resume) : null);
      },
    },
  };
}

interface SealedState {
  readonly s: MergeState;
  /** A window taken from the clock, kept for the later pages. */
  readonly k?: string;
}

/**
 * An account's failure, added to the response's errors while the list still answers. Yoga masks it
 * and logs it like any field's error: a `GatewayError` keeps its code and details, anything else
 * becomes "Unexpected error.".
 */
function reportFailure(
  context: GatewayContext,
  info: GraphQLResolveInfo,
  account: ExternalAccountRecord,
  error: unknown,
): void {
  const original = isGatewayError(error)
    ? error.withDetails({ provider: account.providerId, accountId: account.id })
    : error instanceof Error
      ? error
      : new Error(String(error));
  context.listErrors.push(
    new GraphQLError(original.message, {
      nodes: info.fieldNodes,
      path: responsePathAsArray(info.path),
      originalError: original,
    }),
  );
}

const CONCEPTS: readonly {
  readonly concept: Concept;
  readonly interfaceName: keyof SharedInterfaces;
  readonly items: string;
  readonly order: string;
}[] = [
  {
    concept: 'repositories',
    interfaceName: 'Repository',
    items: 'repositories',
    order: 'most recently updated first',
  },
  { concept: 'files', interfaceName: 'File', items: 'files', order: 'most recently modified first' },
  {
    concept: 'calendarEvents',
    interfaceName: 'CalendarEvent',
    items: 'events',
    order: 'earliest start first',
  },
];

export function addSharedListFields(
  builder: GatewayBuilder,
  refs: {
    readonly User: UserRef;
    readonly ConnectedAccount: ConnectedAccountRef;
    readonly ProviderEnum: ProviderEnumRef;
    readonly registry: ProviderRegistry;
    readonly interfaces: SharedInterfaces;
    readonly lists: ReturnType<typeof createSharedLists>;
  },
): void {
  const { User, ConnectedAccount, ProviderEnum, registry, interfaces, lists } = refs;
  for (const { concept, interfaceName, items, order } of CONCEPTS) {
    const offers = lists.offers.get(concept) ?? new Map<string, Offer>();
    const calendar = concept === 'calendarEvents';
    const compare = ORDERS[concept] as (a: SharedNode, b: SharedNode) => number;
    const providerNames = [...offers.values()].map((offer) => offer.provider.displayName).join(', ');
    const Connection = builder.connectionObject(
      {
        type: interfaces[interfaceName],
        name: `${interfaceName}Connection`,
        description: `A page of ${items}, ${order}.`,
      },
      { name: `${interfaceName}Edge`, description: `One of the ${items} and its cursor.` },
    );
    const callsBy = (rounds: number) =>
      Object.fromEntries(
        [...offers].map(([id, offer]) => [id, callsOf(offer.specOf(ANY_WINDOW), offer.provider, rounds)]),
      );
    const windowArgs = (required: boolean) =>
      builder.args((t) => ({
        from: t.field({
          type: 'DateTime',
          required,
          description: `Events that end after this time (ISO-8601 with an offset)${required ? '' : '; default now'}.`,
        }),
        to: t.field({
          type: 'DateTime',
          required,
          description: `Events that start before this time (ISO-8601 with an offset)${required ? '' : '; default `from` plus 30 days'}. At most 366 days after \`from\`.`,
        }),
      }));

    builder.objectField(ConnectedAccount, concept, (t) =>
      t.field({
        type: Connection,
        nullable: true,
        extensions: providerCallsExtension(callsBy(ACCOUNT_LIST_ROUNDS)),
        description: `This account's ${items}, ${order}, on any provider that has them (${providerNames}); \`null\` on accounts of other providers.`,
        args: { ...connectionArgs(builder, items), ...(calendar ? windowArgs(false) : {}) },
        resolve: async (account, args, context) => {
          const offer = offers.get(account.providerId);
          if (!offer) return null;
          const { first, after } = readConnectionArgs(args);
          const explicit = windowArgsOf(args);
          const scope = {
            field: `ConnectedAccount.${concept}`,
            owner: account.id,
            filters: JSON.stringify(explicit),
          };
          const sealed = after === null ? null : (context.cursors.unseal(scope, after) as SealedState);
          const window = calendar ? readCalendarWindow(explicit, context.startedAt, sealed?.k) : undefined;
          const pinned =
            calendar && (explicit.from === null || explicit.to === null) ? JSON.stringify(window) : undefined;
          const page = await mergePage({
            accounts: [mergeAccountOf(context, account, offer, window)],
            state: sealed?.s ?? null,
            first,
            compare,
            rounds: ACCOUNT_LIST_ROUNDS,
          });
          const [failure] = page.failures;
          if (failure) throw failure.error;
          return connectionOf(context, scope, page, after, pinned);
        },
      }),
    );

    builder.objectField(User, concept, (t) =>
      t.field({
        type: Connection,
        nullable: true,
        extensions: accountListCallsExtension(callsBy(1)),
        description: `The ${items} of all of the user's accounts (${providerNames}) in one list, ${order}; ties by provider, account and id. A page asks each account once, in parallel. An account that fails leaves its items out of the page and adds an error naming it (\`provider\`, \`accountId\`); the cursors keep its place, so a later page picks it up (README, "Lists across accounts").`,
        args: {
          ...connectionArgs(builder, items),
          ...(calendar ? windowArgs(true) : {}),
          provider: t.arg({
            type: ProviderEnum,
            required: false,
            description: 'Only accounts of this provider.',
          }),
        },
        resolve: async (user, args, context, info) => {
          const { first, after } = readConnectionArgs(args);
          const explicit = windowArgsOf(args);
          const scope = {
            field: `User.${concept}`,
            owner: user.id,
            filters: JSON.stringify({ ...explicit, provider: args.provider ?? null }),
          };
          const sealed = after === null ? null : (context.cursors.unseal(scope, after) as SealedState);
          const window = calendar ? readCalendarWindow(explicit, context.startedAt) : undefined;
          const accounts = user.externalAccounts.filter(
            (account) =>
              offers.has(account.providerId) &&
              (args.provider == null || registry.enumValueOf(account.providerKey) === args.provider),
          );
          const page = await mergePage({
            accounts: accounts.map((account) =>
              mergeAccountOf(context, account, offers.get(account.providerId) as Offer, window),
            ),
            state: sealed?.s ?? null,
            first,
            compare,
            rounds: 1,
          });
          for (const failure of page.failures) {
            const account = accounts.find((candidate) => candidate.id === failure.accountId);
            if (account) reportFailure(context, info, account, failure.error);
          }
          return connectionOf(context, scope, page, after, undefined);
        },
      }),
    );
  }
}

function windowArgsOf(
  args: ConnectionArgs & { from?: string | null | undefined; to?: string | null | undefined },
) {
  return { from: args.from ?? null, to: args.to ?? null };
}
