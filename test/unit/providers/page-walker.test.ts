import { describe, expect, it } from 'vitest';
import {
  type PagePosition,
  type ProviderPage,
  type WalkResult,
  walkPages,
} from '../../../src/providers/page-walker.js';

/**
 * A fake provider over a page layout: `[3, 0, 2]` is three pages holding 3, 0 and 2 items. Pages are
 * referred to by their index; every page but the last announces the next one. Items are unique strings
 * numbered in provider order, so order and duplicates are easy to see.
 */
function createProvider(layout: readonly number[]) {
  let counter = 0;
  const pages = layout.map((size) => Array.from({ length: size }, () => `item-${counter++}`));
  const fetches: number[] = [];
  return {
    all: pages.flat(),
    fetches,
    async fetchPage(page: number): Promise<ProviderPage<string, number>> {
      fetches.push(page);
      const items = pages[page];
      if (items === undefined) throw new Error(`page ${page} does not exist`);
      return { items, next: page + 1 < pages.length ? page + 1 : null };
    },
  };
}

type Provider = ReturnType<typeof createProvider>;

const FIRST_PAGE: PagePosition<number> = { page: 0, offset: 0 };

interface Walk {
  readonly start: PagePosition<number>;
  readonly result: WalkResult<string, number>;
  readonly fetched: readonly number[];
}

/** Walks the whole list `first` items at a time, feeding each walk's continuation back in as the start. */
async function walkAll(provider: Provider, first: number, maxPages = 1_000): Promise<Walk[]> {
  const walks: Walk[] = [];
  let start = FIRST_PAGE;
  for (;;) {
    const before = provider.fetches.length;
    const result = await walkPages({ start, first, fetchPage: provider.fetchPage, maxPages });
    walks.push({ start, result, fetched: provider.fetches.slice(before) });
    if (!result.hasNextPage) return walks;
    // What a client sends back: the last edge's cursor, or `endCursor` from `resume` when a walk found none.
    start = result.items.at(-1)?.after ?? result.resume;
    if (walks.length > provider.all.length + 100) throw new Error('the walk does not end');
  }
}

function itemsOf(walks: readonly Walk[]): string[] {
  return walks.flatMap((walk) => walk.result.items.map(({ item }) => item));
}

/** Layouts whose last page holds items (or the list is empty), so the end is knowable without a peek. */
const LAYOUTS: Record<string, readonly number[]> = {
  'uniform pages': [5, 5, 5, 5],
  'uneven pages': [3, 7, 1, 5, 2],
  'empty pages in the middle': [4, 0, 0, 3, 0, 5],
  'an empty first page': [0, 2, 3],
  'a single page': [6],
  'an empty list': [0],
};

const FIRSTS = Array.from({ length: 9 }, (_, index) => index + 1);

describe('walkPages', () => {
  describe.each(Object.entries(LAYOUTS))('over %s', (_name, layout) => {
    it.each(FIRSTS)('returns every item exactly once, in order, with first = %i', async (first) => {
      const provider = createProvider(layout);

      const walks = await walkAll(provider, first);

      expect(itemsOf(walks)).toEqual(provider.all);
    });

    it.each(FIRSTS)('says hasNextPage exactly while items remain, with first = %i', async (first) => {
      const provider = createProvider(layout);

      const walks = await walkAll(provider, first);

      let seen = 0;
      for (const { result } of walks) {
        expect(result.items.length).toBeLessThanOrEqual(first);
        seen += result.items.length;
        expect(result.hasNextPage).toBe(seen < provider.all.length);
        if (result.hasNextPage) expect(result.items).toHaveLength(first);
      }
    });

    it.each(FIRSTS)('refetches a page only to continue inside it, with first = %i', async (first) => {
      const provider = createProvider(layout);

      const walks = await walkAll(provider, first);

      const fetchedBefore = new Set<number>();
      for (const { start, fetched } of walks) {
        // Within a walk, pages are fetched once each and in order.
        expect(fetched).toEqual([...fetched].sort((a, b) => a - b));
        expect(new Set(fetched).size).toBe(fetched.length);
        fetched.forEach((page, index) => {
          const resumesInside = index === 0 && 'page' in start && start.page === page && start.offset > 0;
          if (!resumesInside) expect(fetchedBefore.has(page)).toBe(false);
        });
        for (const page of fetched) fetchedBefore.add(page);
      }
      expect(fetchedBefore.size).toBe(layout.length);
    });

    it.each(FIRSTS)("returns the last item's position as resume, with first = %i", async (first) => {
      const provider = createProvider(layout);

      const walks = await walkAll(provider, first);

      for (const { result } of walks) {
        const last = result.items.at(-1);
        if (last) expect(result.resume).toEqual(last.after);
      }
    });

    it.each([1, 2, 3])('continues correctly when each walk may fetch only %i page(s)', async (maxPages) => {
      const provider = createProvider(layout);

      const walks = await walkAll(provider, 4, maxPages);

      expect(itemsOf(walks)).toEqual(provider.all);
      for (const { fetched } of walks) expect(fetched.length).toBeLessThanOrEqual(maxPages);
      expect(walks.at(-1)?.result.resume).toEqual({ end: true });
    });

    it("continues after any item from that item's own position", async () => {
      const provider = createProvider(layout);
      const { items } = await walkPages({
        start: FIRST_PAGE,
        first: provider.all.length + 1,
        fetchPage: provider.fetchPage,
        maxPages: 1_000,
      });

      for (const [index, { after }] of items.entries()) {
        const rest = await walkPages({
          start: after,
          first: provider.all.length + 1,
          fetchPage: provider.fetchPage,
          maxPages: 1_000,
        });
        expect(rest.items.map(({ item }) => item)).toEqual(provider.all.slice(index + 1));
        expect(rest.hasNextPage).toBe(false);
      }
    });
  });

  it('fetches every page once when first is larger than the list', async () => {
    const provider = createProvider([3, 0, 4, 2]);

    const walk = await walkPages({
      start: FIRST_PAGE,
      first: 100,
      fetchPage: provider.fetchPage,
      maxPages: 10,
    });

    expect(walk.items.map(({ item }) => item)).toEqual(provider.all);
    expect(walk.hasNextPage).toBe(false);
    expect(walk.resume).toEqual({ end: true });
    expect(provider.fetches).toEqual([0, 1, 2, 3]);
  });

  it("marks a page's last item with the next page's start, so resuming never refetches a finished page", async () => {
    const provider = createProvider([2, 2]);

    const walk = await walkPages({
      start: FIRST_PAGE,
      first: 2,
      fetchPage: provider.fetchPage,
      maxPages: 10,
    });

    expect(walk.items.map(({ after }) => after)).toEqual([
      { page: 0, offset: 1 },
      { page: 1, offset: 0 },
    ]);
    expect(walk.hasNextPage).toBe(true);
  });

  it("marks the list's last item with the end marker", async () => {
    const provider = createProvider([2, 2]);

    const walk = await walkPages({
      start: { page: 1, offset: 0 },
      first: 2,
      fetchPage: provider.fetchPage,
      maxPages: 10,
    });

    expect(walk.items.at(-1)?.after).toEqual({ end: true });
    expect(walk.hasNextPage).toBe(false);
  });

  it('stops at maxPages with no items and still says where to resume', async () => {
    const provider = createProvider([0, 0, 0, 0, 3]);

    const walk = await walkPages({ start: FIRST_PAGE, first: 2, fetchPage: provider.fetchPage, maxPages: 3 });

    expect(walk.items).toEqual([]);
    expect(walk.hasNextPage).toBe(true);
    expect(walk.resume).toEqual({ page: 3, offset: 0 });
    expect(provider.fetches).toEqual([0, 1, 2]);
  });

  it('fetches nothing when it starts at the end marker', async () => {
    const provider = createProvider([3]);

    const walk = await walkPages({
      start: { end: true },
      first: 5,
      fetchPage: provider.fetchPage,
      maxPages: 10,
    });

    expect(walk).toEqual({ items: [], hasNextPage: false, resume: { end: true } });
    expect(provider.fetches).toEqual([]);
  });

  it('ends with an empty, final walk when the last page is empty but was announced', async () => {
    // The walker cannot know that an announced page is empty without fetching it, so the walk that
    // fills `first` on the last non-empty page still says hasNextPage; the next walk finds nothing.
    const provider = createProvider([3, 0]);

    const walks = await walkAll(provider, 3);

    expect(walks.map(({ result }) => [result.items.length, result.hasNextPage])).toEqual([
      [3, true],
      [0, false],
    ]);
    expect(itemsOf(walks)).toEqual(provider.all);
  });
});
