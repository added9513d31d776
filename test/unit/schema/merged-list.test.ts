import { describe, expect, it } from 'vitest';
import type { PageRef } from '../../../src/providers/page-styles.js';
import type { ProviderPage } from '../../../src/providers/page-walker.js';
import {
  type MergeAccount,
  type MergedPage,
  type MergeState,
  mergePage,
} from '../../../src/schema/merged-list.js';

interface Item {
  readonly account: string;
  readonly source: string;
  readonly key: number;
  readonly id: string;
}

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The list's total order: the key, then ties by account, source and id (as the schema breaks them). */
const compare = (a: Item, b: Item) =>
  a.key - b.key || order(a.account, b.account) || order(a.source, b.source) || order(a.id, b.id);

const idsOf = (items: readonly Item[]) => items.map((item) => item.id);
const sorted = (items: readonly Item[]) => [...items].sort(compare);
const emitted = (page: MergedPage<Item>) => page.items.map(({ item }) => item);
/** What a cursor carries: the state goes through JSON on its way to the client and back. */
const viaCursor = (state: MergeState): MergeState => JSON.parse(JSON.stringify(state)) as MergeState;

/** A deterministic pseudo-random sequence, so ties on the key happen within and across accounts. */
function keysFor(seed: string, count: number, range: number): number[] {
  let h = 2166136261;
  for (const char of seed) h = Math.imul(h ^ (char.codePointAt(0) ?? 0), 16777619) >>> 0;
  return Array.from({ length: count }, () => {
    h = (Math.imul(h, 1103515245) + 12345) >>> 0;
    return (h >>> 8) % range;
  });
}

const microtasks = async (count: number) => {
  for (let i = 0; i < count; i++) await Promise.resolve();
};

interface SourceLayout {
  readonly count: number;
  /** The provider's page sizes, cycled; a 0 is an empty page that still says "more". */
  readonly sizes: readonly number[];
  /** The keys to use instead of pseudo-random ones. */
  readonly keys?: readonly number[];
}

interface FakeOptions {
  /** Per source key. A single `''` source is a plain list; more are found by a `sources()` call. */
  readonly sources: Readonly<Record<string, SourceLayout>>;
  /** `numbers`: pages 1, 2, …; `tokens`: the first page is `null`, then opaque strings. */
  readonly refs?: 'numbers' | 'tokens';
  /** Serve every provider page out of the list's order, differently on each call. */
  readonly scramble?: boolean;
  readonly keyRange?: number;
  /** Microtask hops before answering, so accounts answer in varying orders. */
  readonly delay?: number;
}

interface Fake {
  readonly account: MergeAccount<Item>;
  /** Every item, in the list's order. */
  readonly items: readonly Item[];
  readonly itemsBySource: Readonly<Record<string, readonly Item[]>>;
  readonly fetches: { source: string; page: PageRef }[];
  readonly served: (readonly Item[])[];
  readonly error: Error;
  sourcesCalls: number;
  checkCalls: number;
  failFetch: (source: string, page: PageRef) => boolean;
  failSources: boolean;
  failCheck: boolean;
}

/** An account whose sources are in-memory lists cut into provider pages. */
function fakeAccount(id: string, options: FakeOptions): Fake {
  const refs = options.refs ?? 'numbers';
  const firstPage: PageRef = refs === 'numbers' ? 1 : null;
  const refOf = (source: string, index: number): PageRef =>
    refs === 'numbers' ? index + 1 : index === 0 ? null : `${id}/${source}@${index}`;
  const pages = new Map<string, Map<PageRef, ProviderPage<Item, PageRef>>>();
  const itemsBySource: Record<string, readonly Item[]> = {};
  for (const [source, layout] of Object.entries(options.sources)) {
    const keys = layout.keys ?? keysFor(`${id}/${source}`, layout.count, options.keyRange ?? 40);
    const items = sorted(keys.map((key, i) => ({ account: id, source, key, id: `${id}/${source}/${i}` })));
    itemsBySource[source] = items;
    const chunks: Item[][] = [];
    for (let at = 0, p = 0; chunks.length === 0 || at < items.length; p++) {
      const size = layout.sizes[p % layout.sizes.length] ?? 1;
      chunks.push(items.slice(at, at + size));
      at += size;
    }
    pages.set(
      source,
      new Map(
        chunks.map((chunk, index) => [
          refOf(source, index),
          { items: chunk, next: index + 1 < chunks.length ? refOf(source, index + 1) : null },
        ]),
      ),
    );
  }
  const keys = Object.keys(options.sources);
  const split = keys.length !== 1 || keys[0] !== '';
  const fake: Fake = {
    items: sorted(Object.values(itemsBySource).flat()),
    itemsBySource,
    fetches: [],
    served: [],
    error: new Error(`${id} is down`),
    sourcesCalls: 0,
    checkCalls: 0,
    failFetch: () => false,
    failSources: false,
    failCheck: false,
    account: {
      id,
      firstPage,
      check: () => {
        fake.checkCalls += 1;
        if (fake.failCheck) throw fake.error;
      },
      sources: split
        ? async () => {
            fake.sourcesCalls += 1;
            await microtasks(options.delay ?? 0);
            if (fake.failSources) throw fake.error;
            return keys;
          }
        : () => {
            fake.sourcesCalls += 1;
            if (fake.failSources) throw fake.error;
            return keys;
          },
      fetchPage: async (source, page) => {
        fake.fetches.push({ source, page });
        await microtasks(options.delay ?? 0);
        if (fake.failFetch(source, page)) throw fake.error;
        const got = pages.get(source)?.get(page);
        if (!got) throw new Error(`${id}: no page ${String(page)} in source ${JSON.stringify(source)}`);
        let items = [...got.items];
        if (options.scramble) {
          const turn = fake.fetches.length % Math.max(items.length, 1);
          items = [...items.slice(turn), ...items.slice(0, turn)].reverse();
        }
        fake.served.push(items);
        return { items, next: got.next };
      },
    },
  };
  return fake;
}

interface WalkedPage {
  readonly state: MergeState | null;
  readonly page: MergedPage<Item>;
  /** Per account, the fetches this page made. */
  readonly fetches: Readonly<Record<string, readonly { source: string; page: PageRef }[]>>;
  readonly sourcesCalls: Readonly<Record<string, number>>;
  /** How many of its items the walk took (all, or those up to the item it went on from). */
  readonly taken: number;
}

interface WalkOptions {
  readonly first: number;
  readonly rounds: number;
  readonly state?: MergeState | null;
  /** `item`: go on from the cursor of an item in the middle of each page instead of from `resume`. */
  readonly from?: 'resume' | 'item';
  /** Called before each page with its number (1-based), to make accounts fail on it. */
  readonly before?: (pageNumber: number) => void;
}

/** Pages through the list to its end; returns the items taken and every page. */
async function walk(fakes: readonly Fake[], options: WalkOptions) {
  const walked: WalkedPage[] = [];
  const items: Item[] = [];
  let state: MergeState | null = options.state ?? null;
  for (let pageNumber = 1; pageNumber <= 2000; pageNumber++) {
    options.before?.(pageNumber);
    const fetchesBefore = fakes.map((fake) => fake.fetches.length);
    const sourcesBefore = fakes.map((fake) => fake.sourcesCalls);
    const page = await mergePage({
      accounts: fakes.map((fake) => fake.account),
      state,
      first: options.first,
      compare,
      rounds: options.rounds,
    });
    const got = emitted(page);
    const cut =
      options.from === 'item' && page.hasNextPage && got.length > 0
        ? Math.floor((got.length - 1) / 2)
        : undefined;
    const taken = cut === undefined ? got.length : cut + 1;
    items.push(...got.slice(0, taken));
    walked.push({
      state,
      page,
      taken,
      fetches: Object.fromEntries(
        fakes.map((fake, i) => [fake.account.id, fake.fetches.slice(fetchesBefore[i])]),
      ),
      sourcesCalls: Object.fromEntries(
        fakes.map((fake, i) => [fake.account.id, fake.sourcesCalls - (sourcesBefore[i] ?? 0)]),
      ),
    });
    if (!page.hasNextPage) return { items, walked };
    state = viaCursor(cut === undefined ? page.resume : (page.items[cut] as { after: MergeState }).after);
  }
  throw new Error('the walk did not end within 2000 pages');
}

/** The accounts of the long walk: 0, 1, 5 and 250 items, pages of 3, 10, 3 and 100 with empty ones. */
function unevenAccounts(variant: 'a' | 'b'): Fake[] {
  return variant === 'a'
    ? [
        fakeAccount('acc-empty', { sources: { '': { count: 0, sizes: [3] } }, delay: 2 }),
        fakeAccount('acc-one', { sources: { '': { count: 1, sizes: [10] } }, refs: 'tokens' }),
        fakeAccount('acc-five', { sources: { '': { count: 5, sizes: [3] } }, delay: 1 }),
        fakeAccount('acc-many', { sources: { '': { count: 250, sizes: [100, 0] } }, refs: 'tokens' }),
      ]
    : [
        fakeAccount('b-many', { sources: { '': { count: 250, sizes: [10, 0, 3] } }, delay: 3 }),
        fakeAccount('b-five', { sources: { '': { count: 5, sizes: [100] } }, refs: 'tokens' }),
        fakeAccount('b-one', { sources: { '': { count: 1, sizes: [3] } }, delay: 1 }),
        fakeAccount('b-empty', { sources: { '': { count: 0, sizes: [0] } }, refs: 'tokens' }),
      ];
}

describe('mergePage', () => {
  describe('walking to the end', () => {
    const cases = (['a', 'b'] as const).flatMap((variant) =>
      [1, 2, 3, 7, 100].flatMap((first) =>
        [
          { rounds: 1, from: 'resume' as const },
          { rounds: 1, from: 'item' as const },
          { rounds: 3, from: 'resume' as const },
        ].map((rest) => ({ variant, first, ...rest })),
      ),
    );

    it.each(cases)('layout $variant, first $first, rounds $rounds, from $from', async (params) => {
      const { variant, first, rounds, from } = params;
      const fakes = unevenAccounts(variant);
      const all = sorted(fakes.flatMap((fake) => fake.items));
      expect(all).toHaveLength(256);
      // The keys tie across accounts: several keys have items of more than one account.
      const accountsByKey = new Map<number, Set<string>>();
      for (const item of all)
        accountsByKey.set(item.key, (accountsByKey.get(item.key) ?? new Set()).add(item.account));
      expect([...accountsByKey.values()].filter((accounts) => accounts.size > 1).length).toBeGreaterThan(2);

      const { items, walked } = await walk(fakes, { first, rounds, from });

      expect(idsOf(items)).toEqual(idsOf(all));
      let taken = 0;
      for (const { state, page, fetches, sourcesCalls, taken: takenHere } of walked) {
        expect(page.failures).toEqual([]);
        expect(page.items.length).toBeLessThanOrEqual(first);
        expect(idsOf(emitted(page))).toEqual(idsOf(sorted(emitted(page))));
        for (const fake of fakes) {
          const id = fake.account.id;
          const entry = state === null ? 0 : state[id];
          const calls = fetches[id] ?? [];
          expect(sourcesCalls[id]).toBe(entry === 0 ? 1 : 0);
          if (entry === undefined) {
            expect(calls).toEqual([]);
            continue;
          }
          const perSource = new Map<string, number>();
          for (const call of calls) perSource.set(call.source, (perSource.get(call.source) ?? 0) + 1);
          for (const count of perSource.values()) expect(count).toBeLessThanOrEqual(rounds);
          if (rounds === 1) {
            // One call per source, for the page its position is in.
            const expected =
              entry === 0
                ? [{ source: '', page: fake.account.firstPage }]
                : Object.entries(entry).map(([source, [page]]) => ({ source, page }));
            expect(calls).toEqual(expected);
          }
        }
        if (rounds === 1 && page.hasNextPage && page.items.length < first) {
          // A page stops short only where a source read its provider page to the end and has more.
          const ranOut = Object.entries(page.resume).some(
            ([id, entry]) =>
              entry !== 0 &&
              Object.entries(entry).some(
                ([source, [ref, offset]]) =>
                  offset === 0 &&
                  !(fetches[id] ?? []).some((call) => call.source === source && call.page === ref),
              ),
          );
          expect(ranOut).toBe(true);
        }
        taken += takenHere;
        if (page.hasNextPage) expect(taken).toBeLessThan(all.length);
        else expect(taken).toBe(all.length);
      }
      expect(walked.at(-1)?.page.resume).toEqual({});
    });
  });

  it('finds the sources of an account with a call on its first page only, then goes by source', async () => {
    const bitbucket = fakeAccount('bitbucket', {
      sources: {
        'ws-a': { count: 7, sizes: [3] },
        'ws-b': { count: 0, sizes: [5] },
        'ws-c': { count: 12, sizes: [5] },
      },
      refs: 'tokens',
      delay: 1,
    });
    const github = fakeAccount('github', { sources: { '': { count: 9, sizes: [4] } } });
    const fakes = [bitbucket, github];

    const { items, walked } = await walk(fakes, { first: 4, rounds: 1 });

    expect(idsOf(items)).toEqual(idsOf(sorted([...bitbucket.items, ...github.items])));
    expect(bitbucket.sourcesCalls).toBe(1);
    expect(github.sourcesCalls).toBe(1);
    expect(walked[0]?.sourcesCalls).toEqual({ bitbucket: 1, github: 1 });
    expect(walked[0]?.fetches.bitbucket).toEqual(
      expect.arrayContaining([
        { source: 'ws-a', page: null },
        { source: 'ws-b', page: null },
        { source: 'ws-c', page: null },
      ]),
    );
    expect(walked[0]?.fetches.bitbucket).toHaveLength(3);
    // The empty workspace ended on the first page; the others keep a position each.
    expect(Object.keys(walked[0]?.page.resume.bitbucket ?? {}).sort()).toEqual(['ws-a', 'ws-c']);
    expect(walked.length).toBeGreaterThan(2);
    for (const { state, fetches, sourcesCalls } of walked.slice(1)) {
      expect(sourcesCalls.bitbucket).toBe(0);
      const entry = state?.bitbucket;
      if (entry === undefined) {
        expect(fetches.bitbucket).toEqual([]);
        continue;
      }
      expect(entry).not.toBe(0);
      const positions = entry === 0 ? {} : entry;
      expect(Object.keys(positions)).not.toContain('ws-b');
      expect([...(fetches.bitbucket ?? [])].sort((a, b) => order(a.source, b.source))).toEqual(
        Object.entries(positions)
          .map(([source, [page]]) => ({ source, page }))
          .sort((a, b) => order(a.source, b.source)),
      );
    }
  });

  it('fills a page from every account when none runs out of its provider page', async () => {
    const fakes = [
      fakeAccount('empty', { sources: { '': { count: 0, sizes: [10] } } }),
      fakeAccount('one', { sources: { '': { count: 1, sizes: [10] } }, refs: 'tokens' }),
      fakeAccount('split', { sources: { x: { count: 0, sizes: [3] }, y: { count: 8, sizes: [20] } } }),
      fakeAccount('many', { sources: { '': { count: 30, sizes: [50] } }, delay: 2 }),
    ];
    const all = sorted(fakes.flatMap((fake) => fake.items));

    const part = await mergePage({
      accounts: fakes.map((fake) => fake.account),
      state: null,
      first: 20,
      compare,
      rounds: 1,
    });
    expect(idsOf(emitted(part))).toEqual(idsOf(all.slice(0, 20)));
    expect(part.hasNextPage).toBe(true);

    const whole = await mergePage({
      accounts: fakes.map((fake) => fake.account),
      state: null,
      first: 100,
      compare,
      rounds: 1,
    });
    expect(idsOf(emitted(whole))).toEqual(idsOf(all));
    expect(whole.hasNextPage).toBe(false);
    expect(whole.resume).toEqual({});
  });

  it('emits a page in the list order when the provider serves it in another order', async () => {
    const shuffled = fakeAccount('shuffled', { sources: { '': { count: 9, sizes: [3] } }, scramble: true });
    const steady = fakeAccount('steady', { sources: { '': { count: 4, sizes: [10] } } });

    const whole = await mergePage({
      accounts: [shuffled.account, steady.account],
      state: null,
      first: 100,
      compare,
      rounds: 1,
    });
    // The provider did serve its page out of order, and the page is still in order.
    const firstServed = shuffled.served[0] ?? [];
    expect(idsOf(firstServed)).not.toEqual(idsOf(sorted(firstServed)));
    expect(idsOf(emitted(whole))).toEqual(idsOf(sorted(emitted(whole))));
    expect(emitted(whole).filter((item) => item.account === 'shuffled')).toHaveLength(3);

    // Pages of 2 read into the middle of provider pages, each served in a different order.
    const { items } = await walk([shuffled, steady], { first: 2, rounds: 1 });
    expect(idsOf(items)).toEqual(idsOf(sorted([...shuffled.items, ...steady.items])));
  });

  describe('an account that fails', () => {
    it.each([1, 2, 3])(
      'is left out of page %i, which keeps its position, and is picked up later',
      async (failing) => {
        const a = fakeAccount('a', { sources: { '': { count: 10, sizes: [3] } }, keyRange: 20 });
        const b = fakeAccount('b', {
          sources: { '': { count: 12, sizes: [4] } },
          refs: 'tokens',
          keyRange: 20,
        });
        const c = fakeAccount('c', { sources: { '': { count: 6, sizes: [10] } }, keyRange: 20, delay: 2 });
        let current = 0;
        b.failFetch = () => current === failing;

        const { items, walked } = await walk([a, b, c], {
          first: 3,
          rounds: 1,
          before: (pageNumber) => {
            current = pageNumber;
          },
        });

        const failed = walked[failing - 1];
        if (!failed) throw new Error(`the walk ended before page ${failing}`);
        const kept = failed.state === null ? 0 : failed.state.b;
        expect(kept).toBeDefined();
        expect(failed.fetches.b).not.toEqual([]);
        expect(failed.page.failures).toEqual([{ accountId: 'b', error: b.error }]);
        expect(emitted(failed.page).filter((item) => item.account === 'b')).toEqual([]);
        expect(emitted(failed.page)).toHaveLength(3);
        expect(failed.page.resume.b).toEqual(kept);
        for (const { after } of failed.page.items) expect(after.b).toEqual(kept);
        for (const other of walked.filter((_page, i) => i !== failing - 1)) {
          expect(other.page.failures).toEqual([]);
        }

        const all = [...a.items, ...b.items, ...c.items];
        expect(items).toHaveLength(all.length);
        expect(new Set(idsOf(items))).toEqual(new Set(idsOf(all)));
      },
    );

    it('makes no call when its check fails, and keeps its position', async () => {
      const a = fakeAccount('a', { sources: { '': { count: 6, sizes: [3] } } });
      const b = fakeAccount('b', { sources: { '': { count: 6, sizes: [3] } } });
      b.failCheck = true;

      const page1 = await mergePage({
        accounts: [a.account, b.account],
        state: null,
        first: 2,
        compare,
        rounds: 1,
      });
      expect(b.checkCalls).toBe(1);
      expect(b.sourcesCalls).toBe(0);
      expect(b.fetches).toEqual([]);
      expect(page1.failures).toEqual([{ accountId: 'b', error: b.error }]);
      expect(page1.resume.b).toBe(0);
      expect(idsOf(emitted(page1))).toEqual(idsOf(a.items.slice(0, 2)));

      b.failCheck = false;
      const page2 = await mergePage({
        accounts: [a.account, b.account],
        state: viaCursor(page1.resume),
        first: 2,
        compare,
        rounds: 1,
      });
      expect(page2.failures).toEqual([]);
      const atPage2 = page2.resume.b;
      expect(atPage2).toEqual(expect.objectContaining({ '': expect.any(Array) }));

      b.failCheck = true;
      const fetches = b.fetches.length;
      const page3 = await mergePage({
        accounts: [a.account, b.account],
        state: viaCursor(page2.resume),
        first: 2,
        compare,
        rounds: 1,
      });
      expect(b.fetches).toHaveLength(fetches);
      expect(page3.failures).toEqual([{ accountId: 'b', error: b.error }]);
      expect(page3.resume.b).toEqual(atPage2);
      expect(emitted(page3).filter((item) => item.account === 'b')).toEqual([]);
    });

    it('stays at its start when finding its sources fails', async () => {
      const a = fakeAccount('a', { sources: { '': { count: 5, sizes: [10] } } });
      const b = fakeAccount('b', {
        sources: { x: { count: 4, sizes: [3] }, y: { count: 3, sizes: [3] } },
        refs: 'tokens',
      });
      b.failSources = true;

      const page1 = await mergePage({
        accounts: [a.account, b.account],
        state: null,
        first: 100,
        compare,
        rounds: 1,
      });
      expect(page1.failures).toEqual([{ accountId: 'b', error: b.error }]);
      expect(b.fetches).toEqual([]);
      expect(page1.resume).toEqual({ b: 0 });
      expect(page1.hasNextPage).toBe(false);
      expect(idsOf(emitted(page1))).toEqual(idsOf(a.items));

      b.failSources = false;
      const { items } = await walk([a, b], { first: 100, rounds: 1, state: viaCursor(page1.resume) });
      expect(b.sourcesCalls).toBe(2);
      expect(idsOf(items)).toEqual(idsOf(b.items));
    });

    it('ends the list when only it has items left, with a resume state that picks them up', async () => {
      const a = fakeAccount('a', { sources: { '': { count: 3, sizes: [10] } } });
      const b = fakeAccount('b', { sources: { '': { count: 9, sizes: [3] } }, refs: 'tokens' });

      const page1 = await mergePage({
        accounts: [a.account, b.account],
        state: null,
        first: 2,
        compare,
        rounds: 1,
      });
      expect(page1.hasNextPage).toBe(true);
      const kept = viaCursor(page1.resume).b;
      expect(kept).toEqual(expect.objectContaining({ '': expect.any(Array) }));

      b.failFetch = () => true;
      const page2 = await mergePage({
        accounts: [a.account, b.account],
        state: viaCursor(page1.resume),
        first: 100,
        compare,
        rounds: 1,
      });
      expect(page2.failures).toEqual([{ accountId: 'b', error: b.error }]);
      const fromA = emitted(page1).filter((item) => item.account === 'a');
      expect(idsOf(emitted(page2))).toEqual(idsOf(a.items.slice(fromA.length)));
      expect(page2.hasNextPage).toBe(false);
      expect(page2.resume).toEqual({ b: kept });

      b.failFetch = () => false;
      const { items } = await walk([a, b], { first: 100, rounds: 1, state: viaCursor(page2.resume) });
      const fromB = emitted(page1).filter((item) => item.account === 'b');
      expect(idsOf(items)).toEqual(idsOf(b.items.slice(fromB.length)));
      expect(idsOf([...emitted(page1), ...emitted(page2), ...items]).sort()).toEqual(
        idsOf([...a.items, ...b.items]).sort(),
      );
    });

    it('keeps the position past the items it gave when a later round fails', async () => {
      const a = fakeAccount('a', { sources: { '': { count: 6, sizes: [3] } } });
      const b = fakeAccount('b', { sources: { '': { count: 5, sizes: [10] } } });
      a.failFetch = (_source, page) => page === 2;

      const page = await mergePage({
        accounts: [a.account, b.account],
        state: null,
        first: 100,
        compare,
        rounds: 2,
      });
      expect(page.failures).toEqual([{ accountId: 'a', error: a.error }]);
      expect(a.fetches).toEqual([
        { source: '', page: 1 },
        { source: '', page: 2 },
      ]);
      expect(page.resume).toEqual({ a: { '': [2, 0] } });
      expect(page.hasNextPage).toBe(false);
      const fromA = emitted(page).filter((item) => item.account === 'a');
      expect(idsOf(fromA)).toEqual(idsOf(a.items.slice(0, 3)));
      expect(emitted(page).filter((item) => item.account === 'b')).toHaveLength(5);

      a.failFetch = () => false;
      const { items } = await walk([a, b], { first: 100, rounds: 2, state: viaCursor(page.resume) });
      expect(idsOf(items)).toEqual(idsOf(a.items.slice(3)));
    });
  });

  it('does not read an account that is not in the state (connected after the walk began)', async () => {
    const a = fakeAccount('a', { sources: { '': { count: 8, sizes: [3] } }, keyRange: 10 });
    const b = fakeAccount('b', { sources: { '': { count: 5, sizes: [2] } }, keyRange: 10 });
    const late = fakeAccount('late', { sources: { '': { count: 4, sizes: [10] } }, keyRange: 10 });

    const page1 = await mergePage({
      accounts: [a.account, b.account],
      state: null,
      first: 3,
      compare,
      rounds: 1,
    });
    expect(page1.hasNextPage).toBe(true);
    const { items, walked } = await walk([a, b, late], {
      first: 3,
      rounds: 1,
      state: viaCursor(page1.resume),
    });

    expect(late.checkCalls).toBe(0);
    expect(late.sourcesCalls).toBe(0);
    expect(late.fetches).toEqual([]);
    expect(items.filter((item) => item.account === 'late')).toEqual([]);
    for (const { page } of walked) expect(page.resume).not.toHaveProperty('late');
    expect(idsOf([...emitted(page1), ...items])).toEqual(idsOf(sorted([...a.items, ...b.items])));
  });

  describe('rounds', () => {
    it('fills a page across a provider page boundary with 2 rounds where 1 stops short', async () => {
      const one = fakeAccount('a', { sources: { '': { count: 8, sizes: [3] } } });
      const short = await mergePage({ accounts: [one.account], state: null, first: 5, compare, rounds: 1 });
      expect(idsOf(emitted(short))).toEqual(idsOf(one.items.slice(0, 3)));
      expect(short.hasNextPage).toBe(true);
      expect(short.resume).toEqual({ a: { '': [2, 0] } });
      expect(one.fetches).toHaveLength(1);

      const two = fakeAccount('a', { sources: { '': { count: 8, sizes: [3] } } });
      const full = await mergePage({ accounts: [two.account], state: null, first: 5, compare, rounds: 2 });
      expect(idsOf(emitted(full))).toEqual(idsOf(two.items.slice(0, 5)));
      expect(full.hasNextPage).toBe(true);
      expect(full.resume).toEqual({ a: { '': [2, 2] } });
      expect(two.fetches).toEqual([
        { source: '', page: 1 },
        { source: '', page: 2 },
      ]);

      const { items } = await walk([two], { first: 5, rounds: 2, state: viaCursor(full.resume) });
      expect(idsOf(items)).toEqual(idsOf(two.items.slice(5)));
    });

    it('spends a round on an empty page that says "more"', async () => {
      const make = () => fakeAccount('a', { sources: { '': { count: 8, sizes: [3, 0] } } });
      const two = make();
      const pageWithTwo = await mergePage({
        accounts: [two.account],
        state: null,
        first: 5,
        compare,
        rounds: 2,
      });
      expect(idsOf(emitted(pageWithTwo))).toEqual(idsOf(two.items.slice(0, 3)));
      expect(pageWithTwo.resume).toEqual({ a: { '': [3, 0] } });

      const three = make();
      const pageWithThree = await mergePage({
        accounts: [three.account],
        state: null,
        first: 5,
        compare,
        rounds: 3,
      });
      expect(idsOf(emitted(pageWithThree))).toEqual(idsOf(three.items.slice(0, 5)));
      expect(three.fetches.map(({ page }) => page)).toEqual([1, 2, 3]);
    });
  });
});
