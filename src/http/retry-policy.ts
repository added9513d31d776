/**
 * When a failed upstream call is tried again, and after how long. Shared by provider calls and Clerk.
 *
 * Policy:
 * - Only idempotent reads, and only failures that a second try can cure: a reset or refused
 *   connection, 502/503/504, a rate limit. A timeout is not retried (it would double the wait), nor a
 *   500, a 4xx or a malformed body (the same request gets the same answer).
 * - At most `maxAttempts` tries. Between them, capped exponential backoff with full jitter (a random
 *   delay up to `min(maxDelayMs, baseDelayMs · 2^(n-1))`), so that many callers failing together do
 *   not come back together. A wait the upstream asked for (`Retry-After`) is honoured as given.
 * - All waits of one call together stay within `budgetMs` (about 2 s: an interactive query would
 *   rather have an answer than hang on), and none ends later than `MIN_ATTEMPT_MS` before the
 *   operation's deadline. A rate limit longer than what is left is answered at once (`RATE_LIMITED`
 *   with `retryAfter`): holding requests for a long `Retry-After` piles them up (NangoHQ/nango#7264, #4505).
 */

export type RetryReason =
  /** The connection was reset or refused before an answer. */
  | { readonly kind: 'connection' }
  /** 502, 503 or 504, with the upstream's `Retry-After` when it sent one. */
  | { readonly kind: 'unavailable'; readonly waitMs?: number }
  /** A rate limit and how long it lasts. */
  | { readonly kind: 'rate-limited'; readonly waitMs: number };

export interface RetryState {
  /** Attempts made so far (1 after the first). */
  readonly attempt: number;
  /** Time already spent waiting between attempts of this call. */
  readonly waitedMs: number;
  /** Time left until the operation's deadline (`Infinity` without one). */
  readonly remainingMs: number;
}

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly why: 'attempts' | 'budget' | 'deadline' };

export interface RetryPolicyOptions {
  /** Total wait allowed between the attempts of one call; 0 never waits (and so never retries). */
  readonly budgetMs: number;
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); tests pass a fixed one. */
  readonly random?: () => number;
}

export interface RetryPolicy {
  decide(reason: RetryReason, state: RetryState): RetryDecision;
  /**
   * Runs `attempt` until it succeeds, or fails in a way `retryReasonOf` does not call retryable, or the
   * policy says stop; then throws the last failure as it was.
   */
  run<T>(
    attempt: (attemptNumber: number) => Promise<T>,
    options: {
      readonly retryReasonOf: (error: unknown) => RetryReason | undefined;
      readonly deadline?: number;
    },
  ): Promise<T>;
}

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_BASE_DELAY_MS = 100;
export const DEFAULT_MAX_DELAY_MS = 1_000;
/** A retry that would leave less than this before the deadline is not worth starting. */
export const MIN_ATTEMPT_MS = 100;

export function createRetryPolicy(options: RetryPolicyOptions): RetryPolicy {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;

  function decide(reason: RetryReason, state: RetryState): RetryDecision {
    if (state.attempt >= maxAttempts) return { retry: false, why: 'attempts' };
    const backoff = random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (state.attempt - 1));
    const delayMs =
      reason.kind === 'rate-limited'
        ? reason.waitMs
        : reason.kind === 'unavailable' && reason.waitMs !== undefined
          ? Math.max(reason.waitMs, backoff)
          : backoff;
    if (state.waitedMs + delayMs > options.budgetMs) return { retry: false, why: 'budget' };
    if (delayMs + MIN_ATTEMPT_MS > state.remainingMs) return { retry: false, why: 'deadline' };
    return { retry: true, delayMs };
  }

  return {
    decide,
    async run(attempt, { retryReasonOf, deadline = Number.POSITIVE_INFINITY }) {
      let waitedMs = 0;
      for (let attemptNumber = 1; ; attemptNumber++) {
        try {
          return await attempt(attemptNumber);
        } catch (error) {
          const reason = retryReasonOf(error);
          if (!reason) throw error;
          const decision = decide(reason, {
            attempt: attemptNumber,
            waitedMs,
            remainingMs: deadline - now(),
          });
          if (!decision.retry) throw error;
          await sleep(decision.delayMs);
          waitedMs += decision.delayMs;
        }
      }
    },
  };
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
