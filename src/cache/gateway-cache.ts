/**
 * The gateway's memory, by configuration: the in-process store alone, or with `REDIS_URL` the shared
 * Redis store (an in-process LRU in front, values encrypted, evictions on every instance). Either way
 * the same services: the store, user eviction (Clerk webhooks), cross-instance locks, webhook delivery
 * deduplication, and readiness.
 */
import type { CacheStore, Clock, SharedBuckets, SharedLocks, UserEviction } from './cache-store.js';
import { evicts } from './cache-store.js';
import { cacheKeysOf, createKeyRing } from './key-ring.js';
import { createMemoryStore } from './memory-store.js';
import { createRedisStore } from './redis-store.js';

export interface GatewayCache extends UserEviction {
  readonly store: CacheStore;
  /** Present with Redis: one instance of several fetches what all need. */
  readonly locks?: SharedLocks;
  /** Present with Redis: per-user rate-limit buckets counted across instances. */
  readonly buckets?: SharedBuckets;
  /** Remembers a webhook delivery id for a day; `false` when it was seen already (a redelivery). */
  firstDelivery(deliveryId: string): Promise<boolean>;
  /** Forgets a delivery whose handling failed, so that its redelivery is handled. */
  forgetDelivery(deliveryId: string): Promise<void>;
  /** `false` while a configured Redis does not answer (`/ready`). */
  isReady(): boolean;
  close(): Promise<void>;
}

export interface GatewayCacheOptions {
  readonly redisUrl: string | null;
  readonly maxEntries: number;
  readonly encryptionKeys: readonly string[] | null;
  readonly clerkSecretKey: string;
  readonly redisCommandTimeoutMs: number;
  readonly clock?: Clock;
  readonly log: {
    warn(details: object, message: string): void;
    info(details: object, message: string): void;
  };
}

/** Svix retries a delivery for about a day and a half; a redelivery within a day is dropped. */
const DELIVERY_MEMORY_MS = 24 * 60 * 60 * 1000;
const REMEMBERED_DELIVERIES = 10_000;

export function createGatewayCache(options: GatewayCacheOptions): GatewayCache {
  const clock = options.clock ? { clock: options.clock } : {};
  const deliveries = createMemoryStore({ maxEntries: REMEMBERED_DELIVERIES, ...clock });
  const firstLocally = async (deliveryId: string) => {
    if (await deliveries.get(deliveryId)) return false;
    await deliveries.set(deliveryId, true, DELIVERY_MEMORY_MS);
    return true;
  };

  if (!options.redisUrl) {
    const store = createMemoryStore({ maxEntries: options.maxEntries, ...clock });
    return {
      store,
      evictUser: async (userId, eviction) => store.deleteMatching(evicts(userId, eviction)),
      firstDelivery: firstLocally,
      forgetDelivery: (deliveryId) => deliveries.delete(deliveryId),
      isReady: () => true,
      close: async () => {},
    };
  }

  const redis = createRedisStore({
    url: options.redisUrl,
    keyRing: createKeyRing(cacheKeysOf(options.encryptionKeys, options.clerkSecretKey)),
    maxLocalEntries: options.maxEntries,
    commandTimeoutMs: options.redisCommandTimeoutMs,
    log: options.log,
    ...clock,
  });
  return {
    store: redis,
    locks: redis,
    buckets: redis,
    evictUser: (userId, eviction) => redis.evictUser(userId, eviction),
    async firstDelivery(deliveryId) {
      const first = await redis.rememberOnce(`delivery:${deliveryId}`, DELIVERY_MEMORY_MS);
      return first ?? firstLocally(deliveryId);
    },
    async forgetDelivery(deliveryId) {
      await deliveries.delete(deliveryId);
      await redis.forget(`delivery:${deliveryId}`);
    },
    isReady: () => redis.isReady(),
    close: () => redis.close(),
  };
}
