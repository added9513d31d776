import { describe, expect, it } from 'vitest';
import { createUserRateLimiter, userRateLimitedError } from '../../../src/security/rate-limit.js';

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
