/**
 * Serves a Relay connection from a provider's paginated list: validates `first` and `after`, walks the
 * provider's pages and signs a cursor for every edge.
 */
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';
import type { PageRef } from '../providers/page-styles.js';
import { type PagePosition, type ProviderPage, walkPages } from '../providers/page-walker.js';
import type { GatewayBuilder } from './builder.js';
import type { CursorScope } from './cursor-codec.js';

export const MAX_FIRST = 100;
export const DEFAULT_FIRST = 20;
/**
 * The most provider pages a connection field reads on one account, for a list whose provider pages hold
 * up to `maxPageSize` items: enough for `first: 100` from the middle of a page. The walk stops there (a
 * run of short or empty provider pages ends a connection page early, with `hasNextPage` and a cursor to
 * go on), so the query cost can count exactly this.
 */
export function pageBoundOf(maxPageSize: number): number {
  return Math.ceil(MAX_FIRST / maxPageSize) + 1;
}

export interface ConnectionArgs {
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
}

export interface ProviderConnectionSource<Item, Ref extends PageRef> {
  readonly scope: CursorScope;
  readonly firstPage: Ref;
  readonly fetchPage: (page: Ref) => Promise<ProviderPage<Item, Ref>>;
  /** The most provider pages one connection page reads (`pageBoundOf`). */
  readonly maxPages: number;
  /** Kept in every cursor and handed back with it (`CursorCodec`): a window taken from the clock. */
  readonly pinned?: string;
}

export interface Connection<Item> {
  readonly edges: { readonly cursor: string; readonly node: Item }[];
  readonly pageInfo: {
    readonly hasNextPage: boolean;
    readonly hasPreviousPage: boolean;
    readonly startCursor: string | null;
    readonly endCursor: string | null;
  };
}

/** The `first` and `after` arguments every provider connection takes; `items` names what is listed. */
export function connectionArgs(builder: GatewayBuilder, items: string) {
  return builder.args((t) => ({
    first: t.int({ defaultValue: DEFAULT_FIRST, description: `How many ${items}, 1 to ${MAX_FIRST}.` }),
    after: t.string({
      description: 'Continue after this cursor (`pageInfo.endCursor` of the previous page).',
    }),
  }));
}

/** Checks the arguments; throws `BAD_USER_INPUT` before any provider is called. */
export function readConnectionArgs(args: ConnectionArgs): { first: number; after: string | null } {
  const first = args.first ?? DEFAULT_FIRST;
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) {
    throw new GatewayError('BAD_USER_INPUT', `\`first\` must be between 1 and ${MAX_FIRST}.`);
  }
  return { first, after: args.after ?? null };
}

/**
 * An edge whose cursor is signed when read: most queries read `endCursor` only, not a cursor per edge.
 * `sign` is one function per connection page, shared by its edges. A class, not an object literal
 * with a getter: V8 builds such a literal on a slow path, with a getter closure per edge.
 */
export class LazyCursorEdge<Item, State> {
  constructor(
    readonly node: Item,
    private readonly state: State,
    private readonly sign: (state: State) => string,
  ) {}

  get cursor(): string {
    return this.sign(this.state);
  }
}

export async function resolveProviderConnection<Item, Ref extends PageRef>(
  context: GatewayContext,
  args: ConnectionArgs,
  source: ProviderConnectionSource<Item, Ref>,
): Promise<Connection<Item>> {
  const { first, after } = readConnectionArgs(args);
  const start =
    after === null ? { page: source.firstPage, offset: 0 } : context.cursors.decode(source.scope, after);
  const walk = await walkPages<Item, Ref>({
    // A cursor only decodes when we signed it for this scope, so its page has this source's type.
    start: ('end' in start ? { end: true } : { page: start.page, offset: start.offset }) as
      | { page: Ref; offset: number }
      | { end: true },
    first,
    fetchPage: source.fetchPage,
    maxPages: source.maxPages,
  });
  const sign = (position: PagePosition<Ref>) => context.cursors.encode(source.scope, position, source.pinned);
  const edges = walk.items.map(({ item, after }) => new LazyCursorEdge(item, after, sign));
  return {
    edges,
    pageInfo: {
      hasNextPage: walk.hasNextPage,
      hasPreviousPage: after !== null,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        // With no edges but more to come (a run of empty provider pages), still say where to resume.
        return (
          edges.at(-1)?.cursor ??
          (walk.hasNextPage ? context.cursors.encode(source.scope, walk.resume, source.pinned) : null)
        );
      },
    },
  };
}
