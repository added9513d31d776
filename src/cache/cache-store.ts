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

/** The time source of every policy with a lifetime; tests pass a fake one. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
