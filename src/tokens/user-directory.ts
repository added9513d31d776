/**
 * Users as Clerk knows them, cached briefly: a burst of queries by one user costs one `getUser` call, and
 * a change in Clerk (a newly connected account) shows within `ttlMs`.
 */
import type { CacheStore } from '../cache/cache-store.js';
import { createSingleFlight } from '../cache/single-flight.js';
import type { ClerkApi, UserRecord } from './clerk-api.js';

export interface UserDirectory {
  getUser(userId: string): Promise<UserRecord>;
}

export function createUserDirectory(options: {
  clerk: ClerkApi;
  cache: CacheStore;
  ttlMs: number;
}): UserDirectory {
  const singleFlight = createSingleFlight();

  return {
    async getUser(userId) {
      const key = `${userId}:user`;
      const cached = await options.cache.get<UserRecord>(key);
      if (cached) return cached;
      return singleFlight(key, async () => {
        const user = await options.clerk.getUser(userId);
        await options.cache.set(key, user, options.ttlMs);
        return user;
      });
    },
  };
}
