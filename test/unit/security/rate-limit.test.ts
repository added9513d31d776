import { describe, expect, it } from 'vitest';
import type { SharedBuckets } from '../../../src/cache/cache-store.js';
import {
  createSharedRateLimiter,
  createUserRateLimiter,
  LEASE_MS,
  leaseSize,
  userRateLimitedError,
} from '../../../src/security/rate-limit.js';

function fakeClock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

function takeMany(limiter: ReturnType<typeof createUserRateLimiter>, userId: string, count: number) {
  return Array.from({ length: count }, () => limiter.take(userId).allowed);
}

describe('createUserRateLimiter', () => {
  it('allows a burst of `limit` requests at once, then refuses', () => {
    const limiter = createUserRateLimiter({ limit: 5, windowMs: 60_000, clock: fakeClock() });

    expect(takeMany(limiter, 'user_a', 5)).toEqual([true, true, true, true, true]);
    expect(limiter.take('user_a')).toEqual({ allowed: false, retryAfter: 12 });
  });

  it('gives one request back every window / limit', () => {
    const clock = fakeClock();
    const limiter = createUserRateLimiter({ limit: 5, windowMs: 60_000, clock });
    takeMany(limiter, 'user_a', 5);

    clock.advance(11_999);
    expect(limiter.take('user_a').allowed).toBe(false);
    clock.advance(1);
    expect(limiter.take('user_a').allowed).toBe(true);
    expect(limiter.take('user_a').allowed).toBe(false);
  });

  it('tells how long to wait, rounded up to whole seconds and never 0', () => {
    const clock = fakeClock();
    const limiter = createUserRateLimiter({ limit: 120, windowMs: 60_000, clock });
    takeMany(limiter, 'user_a', 120);

    expect(limiter.take('user_a')).toEqual({ allowed: false, retryAfter: 1 });
    clock.advance(100);
    expect(limiter.take('user_a')).toEqual({ allowed: false, retryAfter: 1 });
  });

  it('does not count refused requests against the user', () => {
    const clock = fakeClock();
    const limiter = createUserRateLimiter({ limit: 2, windowMs: 1_000, clock });
    takeMany(limiter, 'user_a', 2);
    takeMany(limiter, 'user_a', 50);

    clock.advance(500);
    expect(limiter.take('user_a').allowed).toBe(true);
  });

  it('refills to `limit` at most, however long the user was away', () => {
    const clock = fakeClock();
    const limiter = createUserRateLimiter({ limit: 3, windowMs: 1_000, clock });
    limiter.take('user_a');

    clock.advance(3_600_000);
    expect(takeMany(limiter, 'user_a', 4)).toEqual([true, true, true, false]);
  });

  it('keeps users apart', () => {
    const limiter = createUserRateLimiter({ limit: 2, windowMs: 60_000, clock: fakeClock() });
    takeMany(limiter, 'user_a', 3);

    expect(takeMany(limiter, 'user_b', 2)).toEqual([true, true]);
    expect(limiter.take('user_a').allowed).toBe(false);
  });

  it('survives a clock that steps back', () => {
    const clock = fakeClock();
    const limiter = createUserRateLimiter({ limit: 2, windowMs: 1_000, clock });
    takeMany(limiter, 'user_a', 2);

    clock.advance(-10_000);
    expect(limiter.take('user_a').allowed).toBe(false);
    clock.advance(10_500);
    expect(limiter.take('user_a').allowed).toBe(true);
  });

  it('keeps at most maxUsers buckets, dropping the least recently seen', () => {
    const clock = fakeClock();
    const limiter = createUserRateLimiter({ limit: 1, windowMs: 60_000, clock, maxUsers: 3 });
    for (const user of ['user_a', 'user_b', 'user_c']) limiter.take(user);
    // user_a is seen again (refused), so user_b is now the least recent.
    expect(limiter.take('user_a').allowed).toBe(false);

    limiter.take('user_d');

    expect(limiter.size).toBe(3);
    expect(limiter.take('user_a').allowed).toBe(false);
    expect(limiter.take('user_c').allowed).toBe(false);
    // user_b's bucket was dropped: it starts full again.
    expect(limiter.take('user_b').allowed).toBe(true);
    expect(limiter.size).toBe(3);
  });

  it('holds memory for a flood of distinct users to the bound', () => {
    const limiter = createUserRateLimiter({
      limit: 10,
      windowMs: 60_000,
      clock: fakeClock(),
      maxUsers: 1_000,
    });
    for (let n = 0; n < 50_000; n++) limiter.take(`user_${n}`);

    expect(limiter.size).toBe(1_000);
  });

  it('refuses a limit below 1 or a window of 0', () => {
    expect(() => createUserRateLimiter({ limit: 0, windowMs: 1_000 })).toThrow(RangeError);
    expect(() => createUserRateLimiter({ limit: 1, windowMs: 0 })).toThrow(RangeError);
  });
});

/**
 * One bucket standing in for Redis's, on the same clock: whole tokens, refilled at `limit` per window.
 * Counts the questions asked, and can be made to fail (`undefined`, as the Redis store answers then).
 */
function sharedBucket(clock: { now(): number }) {
  const state = new Map<string, { tokens: number; at: number }>();
  const shared = {
    asked: 0,
    down: false as boolean,
    async take(bucket: string, limit: number, windowMs: number, count: number) {
      shared.asked += 1;
      if (shared.down) return undefined;
      const now = clock.now();
      const before = state.get(bucket) ?? { tokens: limit, at: now };
      const tokens = Math.min(limit, before.tokens + ((now - before.at) * limit) / windowMs);
      const granted = Math.max(0, Math.min(count, Math.floor(tokens)));
      state.set(bucket, { tokens: tokens - granted, at: now });
      return { granted, retryAfterMs: Math.ceil((1 - Math.min(tokens - granted, 1)) * (windowMs / limit)) };
    },
  } satisfies SharedBuckets & { asked: number; down: boolean };
  return shared;
}

function sharedLimiter(buckets: SharedBuckets, clock: { now(): number }, limit: number) {
  const windowMs = 60_000;
  return createSharedRateLimiter({
    buckets,
    limit,
    windowMs,
    clock,
    fallback: createUserRateLimiter({ limit, windowMs, clock }),
  });
}

describe('createSharedRateLimiter', () => {
  it('takes a twentieth of the bucket at a time, 1 to 100', () => {
    expect([1, 39, 40, 120, 2000, 1_000_000].map(leaseSize)).toEqual([1, 1, 2, 6, 100, 100]);
  });

  it('asks the shared bucket once per lease, not once per request', async () => {
    const clock = fakeClock();
    const buckets = sharedBucket(clock);
    const limiter = sharedLimiter(buckets, clock, 200);
    const verdicts = [];
    for (let i = 0; i < 25; i++) verdicts.push(await limiter.take('user_a'));
    expect(verdicts.every((verdict) => verdict.allowed)).toBe(true);
    expect(buckets.asked).toBe(3);
  });

  it('answers at once, without a promise, while it holds tokens', async () => {
    const clock = fakeClock();
    const limiter = sharedLimiter(sharedBucket(clock), clock, 200);
    expect(limiter.take('user_a')).toBeInstanceOf(Promise);
    expect(await limiter.take('user_a')).toEqual({ allowed: true });
    expect(limiter.take('user_a')).toEqual({ allowed: true });
  });

  it('never lets instances together allow more than the shared bucket holds', async () => {
    const clock = fakeClock();
    const buckets = sharedBucket(clock);
    const instances = [sharedLimiter(buckets, clock, 40), sharedLimiter(buckets, clock, 40)];
    let allowed = 0;
    for (let i = 0; i < 60; i++) if ((await instances[i % 2]?.take('user_a'))?.allowed) allowed += 1;
    // 40 tokens in leases of 2: each instance may hold one it has not spent when the bucket runs dry.
    expect(allowed).toBeLessThanOrEqual(40);
    expect(allowed).toBeGreaterThanOrEqual(38);
  });

  it('is exact below a limit of 40, asking for every request', async () => {
    const clock = fakeClock();
    const buckets = sharedBucket(clock);
    const [first, second] = [sharedLimiter(buckets, clock, 3), sharedLimiter(buckets, clock, 3)];
    const verdicts = [];
    for (const limiter of [first, second, first, second]) verdicts.push(await limiter?.take('user_a'));
    expect(verdicts).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: true },
      { allowed: false, retryAfter: 20 },
    ]);
    expect(buckets.asked).toBe(4);
  });

  it('drops tokens it did not spend within the lease', async () => {
    const clock = fakeClock();
    const buckets = sharedBucket(clock);
    const limiter = sharedLimiter(buckets, clock, 200);
    await limiter.take('user_a');
    clock.advance(LEASE_MS);
    expect(limiter.take('user_a')).toBeInstanceOf(Promise);
    expect(buckets.asked).toBe(2);
  });

  it('asks once for requests that arrive together, and shares the lease among them', async () => {
    const clock = fakeClock();
    const buckets = sharedBucket(clock);
    const limiter = sharedLimiter(buckets, clock, 200);
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => limiter.take('user_a')));
    expect(verdicts.every((verdict) => verdict.allowed)).toBe(true);
    expect(buckets.asked).toBe(1);
    const more = await Promise.all(Array.from({ length: 15 }, () => limiter.take('user_a')));
    expect(more.every((verdict) => verdict.allowed)).toBe(true);
    expect(buckets.asked).toBe(3);
  });

  it('keeps users apart', async () => {
    const clock = fakeClock();
    const limiter = sharedLimiter(sharedBucket(clock), clock, 3);
    for (let i = 0; i < 3; i++) await limiter.take('user_a');
    expect(await limiter.take('user_a')).toMatchObject({ allowed: false });
    expect(await limiter.take('user_b')).toEqual({ allowed: true });
  });

  it('counts in process while the shared bucket cannot answer', async () => {
    const clock = fakeClock();
    const buckets = sharedBucket(clock);
    buckets.down = true;
    const limiter = sharedLimiter(buckets, clock, 2);
    const verdicts = [];
    for (let i = 0; i < 3; i++) verdicts.push(await limiter.take('user_a'));
    expect(verdicts.map((verdict) => verdict.allowed)).toEqual([true, true, false]);
  });
});

describe('userRateLimitedError', () => {
  it('answers RATE_LIMITED with retryAfter, HTTP 429 and Retry-After', () => {
    const error = userRateLimitedError(7);

    expect(error.extensions).toEqual({
      code: 'RATE_LIMITED',
      retryAfter: 7,
      http: { status: 429, headers: { 'retry-after': '7' } },
    });
    expect(error.message).toContain('7 seconds');
  });
});
