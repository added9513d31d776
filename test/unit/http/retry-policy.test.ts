import { describe, expect, it } from 'vitest';
import { createRetryPolicy, MIN_ATTEMPT_MS, type RetryReason } from '../../../src/http/retry-policy.js';

/** A clock that only moves when the policy sleeps, and a record of every sleep. */
function fakeTime(start = 1_000_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

const connection: RetryReason = { kind: 'connection' };
const fresh = { attempt: 1, waitedMs: 0, remainingMs: Number.POSITIVE_INFINITY };

describe('createRetryPolicy().decide', () => {
  it('backs off exponentially up to the cap, scaled by the jitter', () => {
    const policy = createRetryPolicy({
      budgetMs: 100_000,
      maxAttempts: 10,
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => 0.5,
    });
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => {
      const decision = policy.decide(connection, { ...fresh, attempt });
      return decision.retry ? decision.delayMs : null;
    });

    expect(delays).toEqual([50, 100, 200, 400, 500, 500]);
  });

  it('draws the whole delay at random (full jitter), from zero to the exponential step', () => {
    const low = createRetryPolicy({ budgetMs: 10_000, random: () => 0 });
    const high = createRetryPolicy({ budgetMs: 10_000, random: () => 0.999 });

    expect(low.decide(connection, { ...fresh, attempt: 2 })).toEqual({ retry: true, delayMs: 0 });
    expect(high.decide(connection, { ...fresh, attempt: 2 })).toEqual({ retry: true, delayMs: 199.8 });
  });

  it('stops after the last attempt', () => {
    const policy = createRetryPolicy({ budgetMs: 10_000, maxAttempts: 3, random: () => 0 });

    expect(policy.decide(connection, { ...fresh, attempt: 2 }).retry).toBe(true);
    expect(policy.decide(connection, { ...fresh, attempt: 3 })).toEqual({ retry: false, why: 'attempts' });
  });

  it('waits as long as a rate limit asks when that fits the budget', () => {
    const policy = createRetryPolicy({ budgetMs: 2_000, random: () => 0.9 });

    expect(policy.decide({ kind: 'rate-limited', waitMs: 1_500 }, fresh)).toEqual({
      retry: true,
      delayMs: 1_500,
    });
  });

  it('gives up at once on a rate limit longer than what is left of the budget', () => {
    const policy = createRetryPolicy({ budgetMs: 2_000 });

    expect(policy.decide({ kind: 'rate-limited', waitMs: 3_000 }, fresh)).toEqual({
      retry: false,
      why: 'budget',
    });
    expect(policy.decide({ kind: 'rate-limited', waitMs: 1_500 }, { ...fresh, waitedMs: 600 })).toEqual({
      retry: false,
      why: 'budget',
    });
  });

  it("honours an unavailable upstream's Retry-After when it is longer than the backoff", () => {
    const policy = createRetryPolicy({ budgetMs: 2_000, random: () => 0.5 });

    expect(policy.decide({ kind: 'unavailable', waitMs: 1_000 }, fresh)).toEqual({
      retry: true,
      delayMs: 1_000,
    });
    expect(policy.decide({ kind: 'unavailable' }, fresh)).toEqual({ retry: true, delayMs: 50 });
  });

  it('never waits into the last moments before the deadline', () => {
    const policy = createRetryPolicy({ budgetMs: 2_000 });
    const wait = { kind: 'rate-limited', waitMs: 500 } as const;

    expect(policy.decide(wait, { ...fresh, remainingMs: 500 + MIN_ATTEMPT_MS })).toEqual({
      retry: true,
      delayMs: 500,
    });
    expect(policy.decide(wait, { ...fresh, remainingMs: 500 + MIN_ATTEMPT_MS - 1 })).toEqual({
      retry: false,
      why: 'deadline',
    });
  });

  it('never retries with a budget of zero', () => {
    const policy = createRetryPolicy({ budgetMs: 0, random: () => 0.5 });

    expect(policy.decide(connection, fresh)).toEqual({ retry: false, why: 'budget' });
  });
});

describe('createRetryPolicy().run', () => {
  const retryAll = () => connection;

  it('returns the first success without waiting', async () => {
    const time = fakeTime();
    const policy = createRetryPolicy({ budgetMs: 2_000, ...time });

    await expect(policy.run(async () => 'ok', { retryReasonOf: retryAll })).resolves.toBe('ok');
    expect(time.sleeps).toEqual([]);
  });

  it('tries again after a retryable failure and returns the later success', async () => {
    const time = fakeTime();
    const policy = createRetryPolicy({ budgetMs: 2_000, random: () => 0.5, ...time });
    const attempts: number[] = [];

    const result = await policy.run(
      async (attempt) => {
        attempts.push(attempt);
        if (attempt < 3) throw new Error('reset');
        return 'ok';
      },
      { retryReasonOf: retryAll },
    );

    expect(result).toBe('ok');
    expect(attempts).toEqual([1, 2, 3]);
    expect(time.sleeps).toEqual([50, 100]);
  });

  it('throws the last failure as it was once the attempts are used up', async () => {
    const time = fakeTime();
    const policy = createRetryPolicy({ budgetMs: 2_000, maxAttempts: 2, ...time });
    const failures = [new Error('first'), new Error('second')];
    let attempt = 0;

    await expect(
      policy.run(
        async () => {
          throw failures[attempt++];
        },
        { retryReasonOf: retryAll },
      ),
    ).rejects.toBe(failures[1]);
  });

  it('does not retry a failure that has no retry reason', async () => {
    const time = fakeTime();
    const policy = createRetryPolicy({ budgetMs: 2_000, ...time });
    let calls = 0;

    await expect(
      policy.run(
        async () => {
          calls++;
          throw new Error('HTTP 500');
        },
        { retryReasonOf: () => undefined },
      ),
    ).rejects.toThrow('HTTP 500');
    expect(calls).toBe(1);
    expect(time.sleeps).toEqual([]);
  });

  it('keeps the sum of its waits within the budget', async () => {
    const time = fakeTime();
    const policy = createRetryPolicy({ budgetMs: 2_000, maxAttempts: 10, ...time });

    await expect(
      policy.run(
        async () => {
          throw new Error('slow down');
        },
        { retryReasonOf: () => ({ kind: 'rate-limited', waitMs: 700 }) },
      ),
    ).rejects.toThrow('slow down');
    expect(time.sleeps).toEqual([700, 700]);
  });

  it('measures what is left of the deadline with its clock', async () => {
    const time = fakeTime(0);
    const policy = createRetryPolicy({ budgetMs: 10_000, maxAttempts: 10, ...time });

    await expect(
      policy.run(
        async () => {
          throw new Error('slow down');
        },
        { retryReasonOf: () => ({ kind: 'rate-limited', waitMs: 400 }), deadline: 1_000 },
      ),
    ).rejects.toThrow('slow down');
    // Failures at 0, 400 and 800: a third wait would end at 1200, past the deadline of 1000.
    expect(time.sleeps).toEqual([400, 400]);
  });
});
