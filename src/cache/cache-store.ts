/**
 * Where the gateway keeps what it learned from Clerk between requests (user records, OAuth tokens).
 * Asynchronous and JSON-valued so that a shared store (Redis, tokens encrypted at rest) can replace the
 * in-process one without touching its callers. Keys always start with the user id they belong to, so
 * nothing cached for one user is ever read for another.
 */
export interface CacheStore {
  get<T>(key: string): Promise<T | undefined>;
  /** Keep `value` for `ttlMs` milliseconds; a TTL of 0 or less stores nothing. */
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** What eviction keeps: the tokens of these external accounts (`eac_…`). */
export interface EvictionOptions {
  readonly keepAccounts?: readonly string[];
}

/**
 * Dropping what is cached of one user, on every instance that shares the store (a Clerk webhook said
 * the user changed or was deleted).
 */
export interface UserEviction {
  evictUser(userId: string, options?: EvictionOptions): Promise<void>;
}

/** The cache key of an account's token (`<user>:token:<account>`); every key starts with its user id. */
export function tokenCacheKey(userId: string, accountId: string): string {
  return `${userId}:token:${accountId}`;
}

/** Whether eviction of `userId` drops `key`: everything of the user but the tokens of kept accounts. */
export function evicts(userId: string, options: EvictionOptions = {}) {
  const kept = new Set((options.keepAccounts ?? []).map((accountId) => tokenCacheKey(userId, accountId)));
  return (key: string) => key.startsWith(`${userId}:`) && !kept.has(key);
}

/**
 * A lock shared by every instance (a short Redis lock), so that one of them fetches what all need;
 * `undefined` when another holds it. Without a shared store every caller gets it.
 */
export interface SharedLocks {
  acquire(name: string, ttlMs: number): Promise<{ release(): Promise<void> } | undefined>;
}

/**
 * A token bucket shared by every instance: `limit` tokens refilled at `limit` per `windowMs`. `take`
 * removes up to `count` tokens at once and says how many it got (0: none left, `retryAfterMs` until
 * one is); `undefined` when it cannot answer (the caller keeps its own).
 */
export interface SharedBuckets {
  take(
    bucket: string,
    limit: number,
    windowMs: number,
    count: number,
  ): Promise<{ readonly granted: number; readonly retryAfterMs: number } | undefined>;
}

/** The time source of every policy with a lifetime; tests pass a fake one. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
