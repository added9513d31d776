/**
 * Walks a provider's own pages to serve a connection page of any size.
 *
 * Providers page in their own units (GitHub page numbers, Notion cursors), always requested at the
 * provider's largest page size so the pages themselves never shift. A position is (provider page,
 * offset in it); the position after a page's last item is the next page's start, so resuming from a
 * cursor never refetches a page just to learn that it is finished. Items come out exactly once, in the
 * provider's order, whatever `first` is and wherever provider pages end.
 */

export interface ProviderPage<Item, PageRef> {
  readonly items: readonly Item[];
  /** The next page, or `null` on the last one. */
  readonly next: PageRef | null;
}

export type PagePosition<PageRef> =
  | { readonly page: PageRef; readonly offset: number }
  | { readonly end: true };

export interface WalkResult<Item, PageRef> {
  readonly items: readonly { readonly item: Item; readonly after: PagePosition<PageRef> }[];
  readonly hasNextPage: boolean;
  /** Where the next walk starts: after the last item, or where this one stopped if it found none. */
  readonly resume: PagePosition<PageRef>;
}

export interface WalkOptions<Item, PageRef> {
  readonly start: PagePosition<PageRef>;
  readonly first: number;
  readonly fetchPage: (page: PageRef) => Promise<ProviderPage<Item, PageRef>>;
  /** Bounds the provider calls of one walk: providers may serve empty pages that still say "more". */
  readonly maxPages: number;
}

export async function walkPages<Item, PageRef>(
  options: WalkOptions<Item, PageRef>,
): Promise<WalkResult<Item, PageRef>> {
  const items: { item: Item; after: PagePosition<PageRef> }[] = [];
  let position = options.start;

  for (let fetched = 0; !('end' in position); fetched++) {
    if (fetched === options.maxPages) return { items, hasNextPage: true, resume: position };
    const current = position;
    const page = await options.fetchPage(current.page);
    const from = Math.min(current.offset, page.items.length);
    const wanted = options.first - items.length;
    const taken = page.items.slice(from, from + wanted);
    const end: PagePosition<PageRef> = page.next === null ? { end: true } : { page: page.next, offset: 0 };

    taken.forEach((item, index) => {
      const offset = from + index + 1;
      items.push({ item, after: offset < page.items.length ? { page: current.page, offset } : end });
    });

    const stoppedInside = from + taken.length < page.items.length;
    if (items.length === options.first) {
      return {
        items,
        hasNextPage: stoppedInside || page.next !== null,
        resume: items.at(-1)?.after ?? current,
      };
    }
    position = end;
  }
  return { items, hasNextPage: false, resume: position };
}
