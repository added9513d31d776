/**
 * The shared store (`REDIS_URL`): every instance of a deployment reads and writes one Redis, so N
 * instances make no more Clerk calls than one, and a restarted instance starts warm.
 *
 * - An in-process LRU sits in front: a warm read never leaves the process. What it holds is dropped on
 *   every instance at once by a pub/sub message when a value is deleted or a user evicted. Each user has
 *   a generation in Redis, raised by every eviction and read with every value: a value read before an
 *   eviction but arriving after its message is not kept, so a lost race cannot resurrect it.
 * - Values are sealed with the key ring (AES-256-GCM, the Redis key as associated data): no token and
 *   no user record is ever in Redis in plain text. A value that does not open is a miss.
 * - Redis failing is not an outage. Every command is bounded (`commandTimeoutMs`); while Redis is down,
 *   slow or refusing, reads and writes go to the in-process LRU alone, one warning a minute says so, and
 *   when Redis is back the LRU is emptied (messages may have been missed) and the shared store is used
 *   again. No query fails because of Redis.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  type CacheStore,
  type Clock,
  type EvictionOptions,
  evicts,
  type SharedBuckets,
  type SharedLocks,
  systemClock,
  type UserEviction,
} from './cache-store.js';
import type { KeyRing } from './key-ring.js';
import { createMemoryStore } from './memory-store.js';

export interface RedisStoreOptions {
  readonly url: string;
  readonly keyRing: KeyRing;
  /** Entries of the in-process LRU in front. */
  readonly maxLocalEntries: number;
  /** The longest any Redis command may take before the store carries on without it. */
  readonly commandTimeoutMs: number;
  readonly clock?: Clock;
  readonly log: {
    warn(details: object, message: string): void;
    info(details: object, message: string): void;
  };
}

export interface RedisStore extends CacheStore, UserEviction, SharedLocks, SharedBuckets {
  /**
   * Marks `name` as seen for `ttlMs` on every instance: `true` the first time, `false` after;
   * `undefined` when Redis cannot say (the caller falls back to its own memory).
   */
  rememberOnce(name: string, ttlMs: number): Promise<boolean | undefined>;
  /** Forgets what `rememberOnce` marked. */
  forget(name: string): Promise<void>;
  /** Whether Redis answers now (`/ready`). */
  isReady(): boolean;
  close(): Promise<void>;
}

/** Every key the gateway writes starts with this, so a Redis shared with other software stays apart. */
export const KEY_PREFIX = 'pg:';
const CHANNEL = `${KEY_PREFIX}evictions`;
/** At most one "Redis is failing" warning this often. */
const WARNING_INTERVAL_MS = 60_000;
/** The generations of this many users are remembered from eviction messages. */
const REMEMBERED_GENERATIONS = 10_000;

interface Envelope {
  /** Epoch ms at which the value expires: the in-process copy lives no longer. */
  readonly e: number;
  readonly d: unknown;
}

type Eviction =
  | { readonly user: string; readonly generation: number; readonly keep?: readonly string[] }
  | {
      readonly key: string;
    };

const valueKey = (key: string) => `${KEY_PREFIX}c:${key}`;
const generationKey = (userId: string) => `${KEY_PREFIX}gen:${userId}`;
const indexKey = (userId: string) => `${KEY_PREFIX}idx:${userId}`;
const lockKey = (name: string) => `${KEY_PREFIX}lock:${name}`;
const userOf = (key: string) => key.slice(0, key.indexOf(':'));

/**
 * A token bucket, atomically: `limit` tokens refilled at `limit` per `windowMs`, on Redis's clock (the
 * instances' clocks may differ). Takes up to ARGV[3] whole tokens; returns how many, and the ms until
 * one more is available.
 */
const TAKE_SCRIPT = `
local limit = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or limit
local at = tonumber(state[2]) or now
tokens = math.min(limit, tokens + math.max(0, now - at) * limit / windowMs)
local granted = math.max(0, math.min(wanted, math.floor(tokens)))
tokens = tokens - granted
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], windowMs)
return {granted, math.ceil((1 - math.min(tokens, 1)) * windowMs / limit)}
`;

/** Deletes the lock only if it is still ours: an expired lock someone else took since stays theirs. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export function createRedisStore(options: RedisStoreOptions): RedisStore {
  const clock = options.clock ?? systemClock;
  const local = createMemoryStore({ maxEntries: options.maxLocalEntries, clock });
  const connection = {
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: Math.max(1000, options.commandTimeoutMs * 20),
    // Fail at once while disconnected rather than queue: the in-process store answers meanwhile.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
  };
  const redis = new Redis(options.url, connection);
  const subscriber = new Redis(options.url, {
    ...connection,
    enableOfflineQueue: true,
    commandTimeout: undefined,
  });
  /** The newest generation an eviction message announced, per user: older values are not kept. */
  const generations = new Map<string, number>();
  let lastWarning = 0;
  let degraded = false;
  let closed = false;

  const warn = (error: unknown) => {
    degraded = true;
    const now = Date.now();
    if (now - lastWarning < WARNING_INTERVAL_MS) return;
    lastWarning = now;
    options.log.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'Redis is failing: serving from the in-process cache until it is back',
    );
  };
  const recovered = () => {
    // Eviction messages sent while this instance was cut off are lost: forget what it kept.
    local.clear();
    generations.clear();
    if (degraded) options.log.info({}, 'Redis is back: the shared cache is used again');
    degraded = false;
  };
  redis.on('error', warn);
  subscriber.on('error', warn);
  redis.on('ready', recovered);
  subscriber.on('ready', recovered);
  subscriber.subscribe(CHANNEL).catch(warn);
  subscriber.on('message', (_channel: string, message: string) => applyEviction(message));

  /** Runs a Redis command when Redis is up; `undefined` (and a warning) when it fails or is down. */
  async function attempt<T>(command: () => Promise<T>): Promise<T | undefined> {
    if (closed || redis.status !== 'ready') return undefined;
    try {
      return await command();
    } catch (error) {
      warn(error);
      return undefined;
    }
  }

  function remember(userId: string, generation: number) {
    generations.delete(userId);
    generations.set(userId, generation);
    while (generations.size > REMEMBERED_GENERATIONS) {
      const oldest = generations.keys().next().value;
      if (oldest === undefined) break;
      generations.delete(oldest);
    }
  }

  function applyEviction(message: string) {
    let eviction: Eviction;
    try {
      eviction = JSON.parse(message) as Eviction;
    } catch {
      return;
    }
    if ('key' in eviction) {
      local.deleteMatching((key) => key === eviction.key);
      return;
    }
    remember(eviction.user, Math.max(eviction.generation, generations.get(eviction.user) ?? 0));
    local.deleteMatching(evicts(eviction.user, eviction.keep ? { keepAccounts: eviction.keep } : {}));
  }

  function open(key: string, sealed: string | null): Envelope | undefined {
    if (sealed === null) return undefined;
    const plaintext = options.keyRing.decrypt(sealed, valueKey(key));
    if (plaintext === undefined) return undefined;
    try {
      return JSON.parse(plaintext) as Envelope;
    } catch {
      return undefined;
    }
  }

  return {
    async get<T>(key: string): Promise<T | undefined> {
      const kept = await local.get<T>(key);
      if (kept !== undefined) return kept;
      const userId = userOf(key);
      const read = await attempt(() => redis.mget(valueKey(key), generationKey(userId)));
      if (!read) return undefined;
      const [sealed = null, generation = null] = read;
      const envelope = open(key, sealed);
      if (!envelope) return undefined;
      const ttlMs = envelope.e - clock.now();
      // A value read under an older generation than an eviction already announced is stale.
      if (Number(generation ?? 0) >= (generations.get(userId) ?? 0)) await local.set(key, envelope.d, ttlMs);
      return envelope.d as T;
    },

    async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
      await local.set(key, value, ttlMs);
      if (ttlMs <= 0) return;
      const ms = Math.ceil(ttlMs);
      const envelope: Envelope = { e: clock.now() + ms, d: value };
      const sealed = options.keyRing.encrypt(JSON.stringify(envelope), valueKey(key));
      const index = indexKey(userOf(key));
      await attempt(() =>
        redis
          .multi()
          .set(valueKey(key), sealed, 'PX', ms)
          .sadd(index, key)
          // The index lives as long as the longest value it names.
          .pexpire(index, ms, 'NX')
          .pexpire(index, ms, 'GT')
          .exec(),
      );
    },

    async delete(key: string): Promise<void> {
      await local.delete(key);
      await attempt(async () => {
        await redis
          .multi()
          .del(valueKey(key))
          .srem(indexKey(userOf(key)), key)
          .exec();
        await redis.publish(CHANNEL, JSON.stringify({ key } satisfies Eviction));
      });
    },

    async evictUser(userId: string, evictionOptions: EvictionOptions = {}): Promise<void> {
      const dropped = evicts(userId, evictionOptions);
      local.deleteMatching(dropped);
      const done = await attempt(async () => {
        const generation = await redis.incr(generationKey(userId));
        await redis.pexpire(generationKey(userId), 24 * 60 * 60 * 1000);
        const keys = (await redis.smembers(indexKey(userId))).filter(dropped);
        if (keys.length > 0) {
          await redis
            .multi()
            .del(...keys.map(valueKey))
            .srem(indexKey(userId), ...keys)
            .exec();
        }
        remember(userId, generation);
        const keep = evictionOptions.keepAccounts;
        await redis.publish(
          CHANNEL,
          JSON.stringify({ user: userId, generation, ...(keep ? { keep } : {}) } satisfies Eviction),
        );
        return true;
      });
      // Told to the caller (a webhook answers 500, and Clerk delivers it again once Redis is back).
      if (!done) throw new Error('Redis is unavailable: the eviction reached this instance only');
    },

    async acquire(name: string, ttlMs: number) {
      if (redis.status !== 'ready') return { release: async () => {} };
      const token = randomBytes(12).toString('base64url');
      const taken = await attempt(() => redis.set(lockKey(name), token, 'PX', ttlMs, 'NX'));
      // Redis failing: go ahead without the lock rather than wait on it.
      if (taken === undefined) return { release: async () => {} };
      if (taken !== 'OK') return undefined;
      return {
        release: async () => {
          await attempt(() => redis.eval(RELEASE_SCRIPT, 1, lockKey(name), token));
        },
      };
    },

    async rememberOnce(name: string, ttlMs: number) {
      const set = await attempt(() => redis.set(`${KEY_PREFIX}seen:${name}`, '1', 'PX', ttlMs, 'NX'));
      return set === undefined ? undefined : set === 'OK';
    },

    async forget(name: string) {
      await attempt(() => redis.del(`${KEY_PREFIX}seen:${name}`));
    },

    async take(bucket: string, limit: number, windowMs: number, count: number) {
      const answer = (await attempt(() =>
        redis.eval(TAKE_SCRIPT, 1, `${KEY_PREFIX}rate:${bucket}`, limit, windowMs, count),
      )) as [number, number] | undefined;
      return answer && { granted: answer[0], retryAfterMs: answer[1] };
    },

    isReady: () => redis.status === 'ready',

    async close() {
      closed = true;
      redis.disconnect();
      subscriber.disconnect();
    },
  };
}
