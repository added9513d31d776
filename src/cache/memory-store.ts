import type { CacheStore, Clock } from './cache-store.js';
import { systemClock } from './cache-store.js';

interface Entry {
  readonly value: unknown;
  readonly expiresAt: number;
}

/**
 * The default store: a Map in this process, bounded by `maxEntries`. When full it evicts the entry
 * used least recently (a Map keeps insertion order; a read re-inserts), so memory stays flat however
 * many users come by.
 */
export function createMemoryStore(options: {
  maxEntries: number;
  clock?: Clock;
}): CacheStore & { size(): number; deleteMatching(matches: (key: string) => boolean): void; clear(): void } {
  const clock = options.clock ?? systemClock;
  const entries = new Map<string, Entry>();

  return {
    async get<T>(key: string): Promise<T | undefined> {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= clock.now()) return undefined;
      entries.set(key, entry);
      return entry.value as T;
    },
    async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
      entries.delete(key);
      if (ttlMs <= 0) return;
      entries.set(key, { value, expiresAt: clock.now() + ttlMs });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    async delete(key: string): Promise<void> {
      entries.delete(key);
    },
    size: () => entries.size,
    deleteMatching(matches) {
      for (const key of [...entries.keys()]) if (matches(key)) entries.delete(key);
    },
    clear: () => entries.clear(),
  };
}
