/**
 * One list over several accounts, in one order (README, "Lists across accounts"): a k-way merge of
 * sources that each list their items in that order (the provider sorts them server-side).
 *
 * A source is one list of one account; an account may have several (Bitbucket: one a workspace, found
 * by a first call). The state a cursor carries is, per account, where each of its sources' unread items
 * start: a provider page and the offset in it. A page asks each source for the provider page its
 * position is in, all in parallel, and emits the smallest head of all sources while every source that
 * still has items has one in hand: when a source's page runs out and it has more, the page stops there
 * (its next item could come before any other's), so a page may hold fewer than `first` items. `rounds`
 * bounds how often a page goes back for the next pages of such sources: once for a list across
 * accounts, so a page costs one provider round trip. Each item comes out exactly once whatever `first`
 * is, since positions only move past items emitted.
 *
 * An account that fails (its check, its sources' discovery or a page) leaves its items out of the page
 * and keeps its position in the state, so a later page picks it up where it stopped (then its items may
 * come after ones that sort later: the order holds among what each page could read).
 */
import type { PageRef } from '../providers/page-styles.js';
import type { ProviderPage } from '../providers/page-walker.js';

/** Where a source's unread items start: a provider page, and the offset in it. */
export type SourcePosition = readonly [page: PageRef, offset: number];

/**
 * Per account of the walk, its sources' positions by source key (one that ended is left out), or `0`
 * when the account has not started yet (its sources are found on its first page). An account that is
 * not in the state is not part of the walk: it ended, or was connected after the walk began.
 */
export type MergeState = Readonly<Record<string, 0 | Readonly<Record<string, SourcePosition>>>>;

export interface MergeAccount<Item> {
  readonly id: string;
  /** Throws when the account cannot take part (it lacks the list's scopes); no call is made then. */
  readonly check?: () => void;
  /** Its sources' keys: `['']` for a single list; found with a call where the provider splits it. */
  readonly sources: () => readonly string[] | Promise<readonly string[]>;
  readonly firstPage: PageRef;
  /** A page of one source, its items in the list's order. */
  readonly fetchPage: (source: string, page: PageRef) => Promise<ProviderPage<Item, PageRef>>;
}

export interface MergeFailure {
  readonly accountId: string;
  readonly error: unknown;
}

export interface MergedPage<Item> {
  /** The items in order, each with the state after it (its cursor). */
  readonly items: readonly { readonly item: Item; readonly after: MergeState }[];
  /** Whether the sources that answered have more; an account that failed is left out of it. */
  readonly hasNextPage: boolean;
  /** The state after the page: where the next one starts, failed accounts where they were. */
  readonly resume: MergeState;
  readonly failures: readonly MergeFailure[];
}

export interface MergeOptions<Item> {
  readonly accounts: readonly MergeAccount<Item>[];
  /** `null`: from the start, with every account. */
  readonly state: MergeState | null;
  readonly first: number;
  /** The list's total order. */
  readonly compare: (a: Item, b: Item) => number;
  /** How many times a page asks a source for a page (1: one round trip). */
  readonly rounds: number;
}

/** A source during a page: the provider page in hand, sorted, and how far into it the page has read. */
interface Reader<Item> {
  readonly key: string;
  page: PageRef;
  items: readonly Item[];
  index: number;
  next: PageRef | null;
}

export async function mergePage<Item>(options: MergeOptions<Item>): Promise<MergedPage<Item>> {
  const { compare } = options;
  const state = options.state ?? Object.fromEntries(options.accounts.map((account) => [account.id, 0]));
  const walking = options.accounts.filter((account) => Object.hasOwn(state, account.id));
  const readers = new Map<string, Reader<Item>[]>();
  const failed = new Map<string, MergeState[string]>();
  const failures: MergeFailure[] = [];
  const fail = (accountId: string, error: unknown, kept: MergeState[string]) => {
    readers.delete(accountId);
    failed.set(accountId, kept);
    failures.push({ accountId, error });
  };
  // Sorted within the page too: the order then holds among ties however the provider breaks them.
  const read = (
    key: string,
    page: PageRef,
    offset: number,
    got: ProviderPage<Item, PageRef>,
  ): Reader<Item> => {
    const items = [...got.items].sort(compare);
    return { key, page, items, index: Math.min(offset, items.length), next: got.next };
  };

  await Promise.all(
    walking.map(async (account) => {
      const kept = state[account.id] ?? 0;
      try {
        account.check?.();
        const positions =
          kept === 0
            ? Object.fromEntries(
                (await account.sources()).map((key): [string, SourcePosition] => [
                  key,
                  [account.firstPage, 0],
                ]),
              )
            : kept;
        const loaded = await Promise.all(
          Object.entries(positions).map(async ([key, [page, offset]]) =>
            read(key, page, offset, await account.fetchPage(key, page)),
          ),
        );
        readers.set(account.id, loaded);
      } catch (error) {
        fail(account.id, error, kept);
      }
    }),
  );

  const snapshot = (): MergeState => {
    const result: Record<string, MergeState[string]> = {};
    for (const account of walking) {
      const kept = failed.get(account.id);
      if (kept !== undefined) {
        result[account.id] = kept;
        continue;
      }
      const positions: Record<string, SourcePosition> = {};
      for (const reader of readers.get(account.id) ?? []) {
        const position = positionOf(reader);
        if (position) positions[reader.key] = position;
      }
      if (Object.keys(positions).length > 0) result[account.id] = positions;
    }
    return result;
  };

  const items: { item: Item; after: MergeState }[] = [];
  for (let round = 1; ; round++) {
    while (items.length < options.first) {
      const head = smallestHead([...readers.values()].flat(), compare);
      if (!head) break;
      const item = head.items[head.index] as Item;
      head.index += 1;
      items.push({ item, after: snapshot() });
    }
    const waiting = [...readers].flatMap(([accountId, list]) =>
      list.filter(isWaiting).map((reader) => ({ accountId, reader })),
    );
    if (items.length >= options.first || waiting.length === 0 || round >= options.rounds) break;
    const before = snapshot();
    await Promise.all(
      waiting.map(async ({ accountId, reader }) => {
        const page = reader.next;
        try {
          const got = await (
            walking.find((account) => account.id === accountId) as MergeAccount<Item>
          ).fetchPage(reader.key, page);
          Object.assign(reader, read(reader.key, page, 0, got));
        } catch (error) {
          if (readers.has(accountId)) fail(accountId, error, before[accountId] ?? {});
        }
      }),
    );
  }

  return {
    items,
    hasNextPage: [...readers.values()].flat().some((reader) => positionOf(reader) !== undefined),
    resume: snapshot(),
    failures,
  };
}

/** Where a reader's unread items start; `undefined` once it has none left. */
function positionOf<Item>(reader: Reader<Item>): SourcePosition | undefined {
  if (reader.index < reader.items.length) return [reader.page, reader.index];
  return reader.next === null ? undefined : [reader.next, 0];
}

/** Read its page to the end while the provider has more: nothing can be emitted before its next page. */
function isWaiting<Item>(reader: Reader<Item>): boolean {
  return reader.index >= reader.items.length && reader.next !== null;
}

/** The reader whose next item comes first; `undefined` when one is waiting or none has items left. */
function smallestHead<Item>(
  readers: readonly Reader<Item>[],
  compare: (a: Item, b: Item) => number,
): Reader<Item> | undefined {
  let best: Reader<Item> | undefined;
  for (const reader of readers) {
    if (isWaiting(reader)) return undefined;
    const head = reader.items[reader.index];
    if (head === undefined) continue;
    if (!best || compare(head, best.items[best.index] as Item) < 0) best = reader;
  }
  return best;
}
