/**
 * Users as Clerk knows them, cached briefly: a burst of queries by one user costs one `getUser` call, and
 * a change in Clerk (a newly connected account) shows within `ttlMs`.
 *
 * Stale-if-error (RFC 5861's idea): a record is kept `staleIfErrorMs` past its freshness. When it is
 * stale and Clerk is failing (`CLERK_UNAVAILABLE`, a timeout, a 5xx, or `RATE_LIMITED`), the last known
 * record is served instead of the failure, so a Clerk outage does not break the queries of users whose
 * tokens are still cached (tokens live until their own expiry). A user Clerk says is gone (404) is
 * dropped at once, never served stale.
 */
import type { CacheStore, Clock, SharedLocks } from '../cache/cache-store.js';
import { systemClock } from '../cache/cache-store.js';
import { fetchOnce } from '../cache/shared-fetch.js';
import { createSingleFlight } from '../cache/single-flight.js';
import { GatewayError } from '../errors.js';
import type { ClerkApi, UserRecord } from './clerk-api.js';

export interface UserDirectory {
  /**
   * `deadline` (epoch ms) bounds the Clerk call a stale or unknown user needs; `onUnknown` is called
   * as that call starts for a user the cache holds no record of, not even a stale one.
   */
  getUser(userId: string, deadline?: number, onUnknown?: () => void): Promise<UserRecord>;
}

export interface UserDirectoryOptions {
  readonly clerk: ClerkApi;
  readonly cache: CacheStore;
  readonly ttlMs: number;
  /** How long past `ttlMs` a record may still be served while Clerk fails; 0: never. */
  readonly staleIfErrorMs?: number;
  readonly clock?: Clock;
  /** Locks shared by the instances of a deployment (one of them asks Clerk); omitted: alone. */
  readonly locks?: SharedLocks;
  /** Told when a stale record stands in for a failed Clerk call. */
  readonly onStale?: (userId: string, error: GatewayError) => void;
}

interface CachedUser {
  readonly user: UserRecord;
  /** Epoch ms until which the record is served without asking Clerk. */
  readonly freshUntil: number;
}

/** Clerk failures a stale record may stand in for; anything else (the user is gone) is passed on. */
const OUTAGE_CODES = new Set(['CLERK_UNAVAILABLE', 'RATE_LIMITED']);

export function createUserDirectory(options: UserDirectoryOptions): UserDirectory {
  const singleFlight = createSingleFlight();
  const clock = options.clock ?? systemClock;
  const staleIfErrorMs = options.staleIfErrorMs ?? 0;

  return {
    async getUser(userId, deadline, onUnknown) {
      const key = `${userId}:user`;
      const cached = await options.cache.get<CachedUser>(key);
      if (cached && cached.freshUntil > clock.now()) return cached.user;
      if (!cached) onUnknown?.();
      try {
        // Joiners share the deadline of the caller that started the call, which ends no later than theirs.
        return await singleFlight(key, async () => {
          const fresh = async () => {
            const found = await options.cache.get<CachedUser>(key);
            return found && found.freshUntil > clock.now() ? found : undefined;
          };
          const user = await fetchOnce({
            locks: options.locks,
            name: `user:${userId}`,
            deadline,
            fetchedElsewhere: async () => (await fresh()) !== undefined,
            fetch: async () => {
              const fetched = await options.clerk.getUser(userId, deadline);
              const stored: CachedUser = { user: fetched, freshUntil: clock.now() + options.ttlMs };
              await options.cache.set(key, stored, options.ttlMs + staleIfErrorMs);
              return fetched;
            },
          });
          if (user) return user;
          const shared = await fresh();
          return shared ? shared.user : await options.clerk.getUser(userId, deadline);
        });
      } catch (error) {
        if (cached && error instanceof GatewayError && OUTAGE_CODES.has(error.code)) {
          options.onStale?.(userId, error);
          return cached.user;
        }
        if (error instanceof GatewayError && error.code === 'UNAUTHENTICATED')
          await options.cache.delete(key);
        throw error;
      }
    },
  };
}
