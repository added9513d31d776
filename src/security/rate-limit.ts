/**
 * The per-user request rate limit: a token bucket per Clerk user id, holding `limit` requests and
 * refilled at `limit` per `windowMs`. A user may burst up to `limit` requests, then gets one more every
 * `windowMs / limit`; a refused request is answered `RATE_LIMITED` (HTTP 429, `Retry-After`) as soon as
 * the session is verified, before the user's Clerk record or any provider is read, so it costs neither.
 *
 * With Redis (`REDIS_URL`) the bucket is shared by every instance (`createSharedRateLimiter`); while
 * Redis cannot answer, each instance counts in its own bucket. In process, memory is bounded: at most `maxUsers` buckets, the least recently
 * seen dropped first. A dropped bucket starts full again, which forgives at most one burst, and only
 * when more than `maxUsers` other users were seen since; a bucket untouched for `windowMs` is full
 * anyway.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type Clock, type SharedBuckets, systemClock } from '../cache/cache-store.js';
import type { GatewayContext } from '../context.js';

export const DEFAULT_MAX_TRACKED_USERS = 100_000;

export interface UserRateLimiterOptions {
  /** Requests per window and the size of a burst; at least 1. */
  readonly limit: number;
  readonly windowMs: number;
  readonly clock?: Clock;
  readonly maxUsers?: number;
}

export type RateVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfter: number };

export interface UserRateLimiter {
  /** Counts one request of `userId`; when refused, `retryAfter` is the whole seconds until one is allowed. */
  take(userId: string): RateVerdict;
  /** How many users have a bucket (for tests of the memory bound). */
  readonly size: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createUserRateLimiter(options: UserRateLimiterOptions): UserRateLimiter {
  const { limit, windowMs, clock = systemClock, maxUsers = DEFAULT_MAX_TRACKED_USERS } = options;
  if (!(limit >= 1) || !(windowMs > 0)) throw new RangeError('limit must be at least 1, windowMs positive');
  const perMs = limit / windowMs;
  // Map order is insertion order: re-inserting on every request keeps the least recent first.
  const buckets = new Map<string, Bucket>();

  return {
    take(userId) {
      const now = clock.now();
      const bucket = buckets.get(userId);
      const elapsed = bucket ? Math.max(0, now - bucket.at) : 0;
      const tokens = bucket ? Math.min(limit, bucket.tokens + elapsed * perMs) : limit;
      buckets.delete(userId);
      if (tokens >= 1) {
        buckets.set(userId, { tokens: tokens - 1, at: now });
        while (buckets.size > maxUsers) {
          const oldest = buckets.keys().next().value;
          if (oldest === undefined) break;
          buckets.delete(oldest);
        }
        return { allowed: true };
      }
      buckets.set(userId, { tokens, at: now });
      return { allowed: false, retryAfter: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
    },
    get size() {
      return buckets.size;
    },
  };
}

/** The answer to a refused request: `RATE_LIMITED` with `retryAfter`, HTTP 429 and `Retry-After`. */
export function userRateLimitedError(retryAfter: number): GraphQLError {
  return new GraphQLError(
    `Too many requests for this user: retry after ${retryAfter} second${retryAfter === 1 ? '' : 's'}.`,
    {
      extensions: {
        code: 'RATE_LIMITED',
        retryAfter,
        http: { status: 429, headers: { 'retry-after': String(retryAfter) } },
      },
    },
  );
}

/** The most tokens an instance takes from a user's shared bucket at once: a twentieth of the bucket, 1 to 100. */
export function leaseSize(limit: number): number {
  return Math.max(1, Math.min(100, Math.floor(limit / 20)));
}

/** How long an instance may spend the tokens it took before they are dropped. */
export const LEASE_MS = 1000;

export interface SharedRateLimiterOptions {
  readonly buckets: SharedBuckets;
  readonly limit: number;
  readonly windowMs: number;
  /** Counts while the shared buckets cannot answer. */
  readonly fallback: UserRateLimiter;
  readonly clock?: Clock;
  readonly maxUsers?: number;
}

export interface SharedRateLimiter {
  /** Synchronous while the instance holds tokens of the user's; a promise when it must ask Redis. */
  take(userId: string): RateVerdict | Promise<RateVerdict>;
}

interface Lease {
  tokens: number;
  readonly until: number;
}

type LeaseAnswer = Awaited<ReturnType<SharedBuckets['take']>>;

const ALLOWED: RateVerdict = { allowed: true };

/**
 * The per-user bucket shared by every instance, without a Redis round trip per request: an instance
 * takes up to `leaseSize(limit)` tokens at a time from the user's bucket in Redis and spends them in
 * process within `LEASE_MS`. Tokens are taken before they are spent, so the instances together never
 * allow more than the shared bucket holds; tokens left unspent when the lease ends are lost, so a user
 * whose requests move between instances may be refused a little early, never late. With a limit under
 * 40 each request asks Redis (a lease of 1): exact. One request per user and instance asks at a time;
 * the others wait for its answer.
 */
export function createSharedRateLimiter(options: SharedRateLimiterOptions): SharedRateLimiter {
  const {
    buckets,
    limit,
    windowMs,
    fallback,
    clock = systemClock,
    maxUsers = DEFAULT_MAX_TRACKED_USERS,
  } = options;
  const size = leaseSize(limit);
  const leases = new Map<string, Lease>();
  const asking = new Map<string, Promise<LeaseAnswer>>();

  function spend(userId: string): boolean {
    const lease = leases.get(userId);
    if (!lease) return false;
    if (lease.tokens < 1 || clock.now() >= lease.until) {
      leases.delete(userId);
      return false;
    }
    lease.tokens -= 1;
    return true;
  }

  function ask(userId: string): Promise<LeaseAnswer> {
    const pending = asking.get(userId);
    if (pending) return pending;
    const answer = buckets.take(userId, limit, windowMs, size).then((taken) => {
      asking.delete(userId);
      if (taken && taken.granted > 0) {
        leases.delete(userId);
        leases.set(userId, { tokens: taken.granted, until: clock.now() + LEASE_MS });
        while (leases.size > maxUsers) {
          const oldest = leases.keys().next().value;
          if (oldest === undefined) break;
          leases.delete(oldest);
        }
      }
      return taken;
    });
    asking.set(userId, answer);
    return answer;
  }

  async function takeShared(userId: string): Promise<RateVerdict> {
    for (;;) {
      const answer = await ask(userId);
      if (!answer) return fallback.take(userId);
      if (answer.granted === 0)
        return { allowed: false, retryAfter: Math.max(1, Math.ceil(answer.retryAfterMs / 1000)) };
      // Requests that waited on the same answer share its tokens; one left without asks again.
      if (spend(userId)) return ALLOWED;
    }
  }

  return {
    take(userId) {
      return spend(userId) ? ALLOWED : takeShared(userId);
    },
  };
}

/**
 * Applies the limiter once the context (and so the verified session) is built; no session, no count.
 * With `shared` buckets, those count, and the instance's own only stand in while they cannot answer.
 */
export function useUserRateLimit(
  limiter: UserRateLimiter | SharedRateLimiter,
  onRefused: () => void = () => {},
): Plugin {
  return {
    onContextBuilding() {
      return async ({ context }) => {
        const session = (context as Partial<GatewayContext>).session;
        if (!session) return;
        const verdict = await limiter.take(session.userId);
        if (verdict.allowed) return;
        onRefused();
        throw userRateLimitedError(verdict.retryAfter);
      };
    },
  };
}
