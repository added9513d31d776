/**
 * One fetch for all instances: several gateways sharing Redis and meeting a cold user at once make one
 * Clerk call, not one each. In-process coalescing comes first (`single-flight.ts`); then a short lock
 * in Redis (`SET NX PX`) picks the instance that calls Clerk. The others poll the lock: once the holder
 * has released it, what it fetched is in the shared cache. A holder that dies leaves a lock that
 * expires; a wait past the lock's lifetime or the caller's deadline gives up and fetches anyway, so a
 * lost lock costs one extra call, never a failed query.
 */
import type { SharedLocks } from './cache-store.js';

/** Longer than any Clerk call the gateway waits for (its upstream timeout is shorter than this). */
export const LOCK_TTL_MS = 10_000;
/** How often a waiting instance looks whether the holder is done. */
const POLL_MS = 20;

export interface FetchOnceOptions<T> {
  readonly locks: SharedLocks | undefined;
  readonly name: string;
  /** Epoch ms past which the caller stops waiting for another instance. */
  readonly deadline: number | undefined;
  /** Whether the shared cache now holds what `fetch` would have fetched. */
  readonly fetchedElsewhere: () => Promise<boolean>;
  readonly fetch: () => Promise<T>;
}

/** `fetch`'s answer, or `undefined` when another instance fetched it (read it from the cache). */
export async function fetchOnce<T>(options: FetchOnceOptions<T>): Promise<T | undefined> {
  if (!options.locks) return options.fetch();
  const giveUpAt = Math.min(options.deadline ?? Number.POSITIVE_INFINITY, Date.now() + LOCK_TTL_MS);
  for (;;) {
    const lock = await options.locks.acquire(options.name, LOCK_TTL_MS);
    if (lock) {
      try {
        // Another holder may have finished between the caller's cache miss and this lock.
        if (await options.fetchedElsewhere()) return undefined;
        return await options.fetch();
      } finally {
        await lock.release();
      }
    }
    if (Date.now() + POLL_MS >= giveUpAt) return options.fetch();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (await options.fetchedElsewhere()) return undefined;
  }
}
