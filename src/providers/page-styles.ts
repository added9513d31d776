/**
 * How provider lists page, as data a declaration states and one reader follows, so a list costs a
 * request and an item schema, never a pagination loop of its own. The styles:
 *
 * - `link-header`: the next page is announced in an RFC 8288 `Link` header (`rel="next"`); we keep the
 *   value of one query parameter of that URL (GitHub's `page`, Hugging Face's `cursor`).
 * - `next-header`: a header carries the next page's number (GitLab's `x-next-page`; empty on the last).
 * - `cursor`: the body carries the next cursor (`next_cursor`, `response_metadata.next_cursor`,
 *   `paging.next.after`, a timestamp), sent back as a parameter (a dotted one such as a GraphQL
 *   `variables.after` in a body), or to a continuation path (Dropbox's `list_folder/continue`);
 *   `hasMoreAt` names what must also say "more" (Notion's `has_more`, Facebook's `paging.next`).
 * - `last-id`: the next page starts after the last item's id, while pages come back full (Discord's
 *   snowflakes).
 * - `page-number`: pages are numbered, and more follow while they come back full (Xero).
 * - `next-url`: the body carries the next page's URL (Microsoft's `@odata.nextLink`, Bitbucket's
 *   `next`); we keep the value of one of its query parameters (`$skiptoken`, `page`).
 * - `offset`: items are asked for from an offset (Spotify, Box); more follow while the body's `next` is
 *   set, or the offset is below its total, or (saying neither) while pages come back full.
 *
 * The page's position (its size, its number, offset or cursor) goes where the list's request carries
 * its parameters: the query of a GET, the JSON body of a POST. Every page is asked at the list's
 * largest size, so pages never shift under a cursor. No URL a
 * provider hands out is ever called: only the kept value is sent back, on the configured base URL
 * (account-api.ts), so a provider cannot steer a request, and the token it carries, elsewhere.
 */
import { z } from 'zod';
import { type JsonPath, valueAt } from '../http/json-path.js';
import { parseLinkHeader } from '../http/link-header.js';
import type { UpstreamResponse } from '../http/upstream-types.js';
import type { ProviderCalls, QueryParams } from './account-api.js';
import type { ProviderPage } from './page-walker.js';

/** Where a page is: the kept value (a page number, an offset, a cursor); `null` for a first page asked without one. */
export type PageRef = string | number | null;

interface PageSize {
  /** The parameter that sets the page size, when the API takes one. */
  readonly sizeParam?: string;
  /** The largest page the API serves; every page is asked at this size. */
  readonly maxPageSize: number;
}

export type PageStyle =
  | (PageSize & {
      readonly kind: 'link-header';
      /** The query parameter of the next link that is kept. */
      readonly param: string;
      /** The first page's number, for a parameter that counts pages; omitted: an opaque cursor. */
      readonly first?: number;
    })
  | (PageSize & {
      readonly kind: 'next-header';
      readonly header: string;
      readonly param: string;
      readonly first: number;
    })
  | (PageSize & {
      readonly kind: 'cursor';
      /** The parameter the cursor is sent back in; dotted for a nested body field (`variables.after`). */
      readonly param: string;
      /** Where the next cursor is in the body. */
      readonly nextAt: JsonPath;
      /** What must say "more" for a next page: `true`, or a value (a next URL). */
      readonly hasMoreAt?: JsonPath;
      /** Later pages are asked of this path, with the cursor alone (Dropbox's `/files/list_folder/continue`). */
      readonly continuePath?: string;
    })
  | (PageSize & { readonly kind: 'last-id'; readonly param: string; readonly idAt: JsonPath })
  | (PageSize & { readonly kind: 'page-number'; readonly param: string; readonly first: number })
  | (PageSize & { readonly kind: 'next-url'; readonly nextAt: JsonPath; readonly param: string })
  | (PageSize & {
      readonly kind: 'offset';
      readonly param: string;
      readonly nextAt?: JsonPath;
      readonly totalAt?: JsonPath;
    });

/** One provider list: the request of its first page, where its items are, and what each must hold. */
export interface ListRequest<Item> {
  readonly method?: 'GET' | 'POST';
  readonly path: string;
  readonly query?: QueryParams;
  /** The JSON body of a list read sent as POST (Notion's search). */
  readonly body?: Readonly<Record<string, unknown>>;
  /** Where the items are in the body; omitted: the body is the list. */
  readonly itemsAt?: JsonPath;
  /** Each item, read against the fields the graph uses; `null` leaves it out (a kind the graph does not know). */
  readonly item: z.ZodType<Item | null>;
  readonly pagination: PageStyle;
}

/** The page at `ref` of a list, and where the next one is. */
export async function fetchListPage<Item>(
  calls: ProviderCalls,
  list: ListRequest<Item>,
  ref: PageRef,
): Promise<ProviderPage<Item, PageRef>> {
  const style = list.pagination;
  const position = positionOf(style, ref);
  let response: UpstreamResponse;
  if (style.kind === 'cursor' && style.continuePath !== undefined && ref !== null) {
    response = await calls.post(style.continuePath, withAt({}, style.param, ref), { idempotent: true });
  } else if (list.method === 'POST') {
    const body = Object.entries(position).reduce((into, [key, value]) => withAt(into, key, value), {
      ...list.body,
    });
    response = await calls.post(list.path, body, {
      idempotent: true,
      ...(list.query ? { query: list.query } : {}),
    });
  } else {
    response = await calls.get(list.path, { ...list.query, ...position });
  }
  const raw = list.itemsAt === undefined ? response.body : valueAt(response.body, list.itemsAt);
  const read = calls.parse(arrayOf(list.item), raw);
  const items = read.filter((item): item is Item => item !== null);
  return { items, next: nextRef(style, response, ref, raw as unknown[], calls) };
}

/** `z.array(item)`, built once per item schema: building a zod schema costs more than parsing a page. */
const arrays = new WeakMap<z.ZodType, z.ZodType<unknown[]>>();
function arrayOf<Item>(item: z.ZodType<Item>): z.ZodType<Item[]> {
  let array = arrays.get(item);
  if (!array) {
    array = z.array(item);
    arrays.set(item, array);
  }
  return array as z.ZodType<Item[]>;
}

/** Where a list starts: page `first` where the style counts pages from a number, offset 0, else no cursor. */
export function firstPageOf(style: PageStyle): PageRef {
  if (style.kind === 'offset') return 0;
  if (style.kind === 'page-number') return style.first;
  return style.kind === 'next-header' || (style.kind === 'link-header' && style.first !== undefined)
    ? (style.first ?? null)
    : null;
}

/** The parameters that ask for the page at `ref`, at the largest size. */
function positionOf(style: PageStyle, ref: PageRef): Record<string, string | number> {
  const position: Record<string, string | number> = {};
  if (style.sizeParam) position[style.sizeParam] = style.maxPageSize;
  if (ref !== null) position[style.param] = ref;
  return position;
}

function nextRef(
  style: PageStyle,
  response: UpstreamResponse,
  ref: PageRef,
  items: readonly unknown[],
  calls: ProviderCalls,
): PageRef {
  const body = response.body;
  const full = items.length >= style.maxPageSize;
  switch (style.kind) {
    case 'link-header':
      return kept(parameterOf(parseLinkHeader(response.headers.get('link')).next, style.param), style, calls);
    case 'next-header':
      return kept(response.headers.get(style.header)?.trim() || null, style, calls);
    case 'cursor': {
      const cursor = valueAt(body, style.nextAt);
      const given = (typeof cursor === 'string' && cursor !== '') || typeof cursor === 'number';
      if (style.hasMoreAt === undefined) return given ? cursor : null;
      const more = valueAt(body, style.hasMoreAt);
      if (!isSet(more) || more === false) return null;
      if (!given) throw calls.failure(`announced a next page without its cursor`);
      return cursor;
    }
    case 'next-url': {
      const next = valueAt(body, style.nextAt);
      return typeof next === 'string' && next !== ''
        ? kept(parameterOf(next, style.param), style, calls)
        : null;
    }
    case 'offset': {
      const offset = (typeof ref === 'number' ? ref : 0) + items.length;
      if (style.nextAt !== undefined) return isSet(valueAt(body, style.nextAt)) ? offset : null;
      const total = style.totalAt === undefined ? undefined : valueAt(body, style.totalAt);
      if (typeof total === 'number') return offset < total ? offset : null;
      return full ? offset : null;
    }
    case 'last-id': {
      const id = valueAt(items.at(-1), style.idAt);
      return full && (typeof id === 'string' || typeof id === 'number') ? id : null;
    }
    case 'page-number':
      return full ? (typeof ref === 'number' ? ref : style.first) + 1 : null;
  }
}

/**
 * The value announced for the next page: a number where the style counts pages (it declares its
 * `first`), else the string as given (an opaque cursor stays one, digits or not). A next page announced
 * without it cannot be asked for: that is the provider's failure, not the end of the list.
 */
function kept(
  value: string | null | undefined,
  style: Extract<PageStyle, { readonly param: string }>,
  calls: ProviderCalls,
): PageRef {
  if (value === null) return null;
  if (value === undefined || value === '') {
    throw calls.failure(`announced a next page without its \`${style.param}\``);
  }
  if (!('first' in style) || style.first === undefined) return value;
  const page = Number(value);
  if (!Number.isInteger(page) || page < 1) throw calls.failure('announced a next page without a page number');
  return page;
}

/** A query parameter of a URL; `null` for no URL, `undefined` when the URL lacks it. */
function parameterOf(url: string | undefined, param: string): string | null | undefined {
  if (url === undefined) return null;
  // A relative link is read against a dummy origin: only its query matters, never where it points.
  const parsed = URL.canParse(url)
    ? new URL(url)
    : URL.canParse(url, 'http://link.invalid')
      ? new URL(url, 'http://link.invalid')
      : undefined;
  return parsed?.searchParams.get(param) ?? undefined;
}

function isSet(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '';
}

/** `record` with `value` at a dotted path (`variables.after`), nested objects made as needed. */
function withAt(record: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const [key, ...rest] = path.split('.');
  if (key === undefined) return record;
  const inner = record[key];
  return {
    ...record,
    [key]:
      rest.length === 0
        ? value
        : withAt(typeof inner === 'object' && inner !== null ? { ...inner } : {}, rest.join('.'), value),
  };
}
