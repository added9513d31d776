/**
 * The one way an upstream is called, Clerk and every provider alike: through the upstream's circuit
 * breaker (`circuit-breaker.ts`), with the retry policy (`retry-policy.ts`) between attempts. The
 * breaker counts logical calls, retries included, and only failures the caller says tell against the
 * upstream's health (no answer, a 5xx), never refusals.
 */
import type { CircuitBreaker } from './circuit-breaker.js';
import type { RetryPolicy, RetryReason } from './retry-policy.js';

export interface ResilientCall<T> {
  /** One attempt; `attemptNumber` is 1 for the first. */
  readonly attempt: (attemptNumber: number) => Promise<T>;
  /** Why another attempt may cure this failure, or `undefined` when it cannot. */
  readonly retryReasonOf: (error: unknown) => RetryReason | undefined;
  /** Whether the call's final failure tells against the upstream's health. */
  readonly isUpstreamFailure: (error: unknown) => boolean;
  /** The error a call gets, without any attempt, while the breaker keeps the upstream cut off. */
  readonly cutOff: () => Error;
  /** Epoch milliseconds by which the call, retries and waits included, must be over. */
  readonly deadline?: number | undefined;
}

export interface Resilience {
  readonly retry: RetryPolicy;
  /** Default: none, calls are never cut off. */
  readonly breaker?: CircuitBreaker | undefined;
}

export async function callResiliently<T>(resilience: Resilience, call: ResilientCall<T>): Promise<T> {
  const { breaker, retry } = resilience;
  const permit = breaker?.acquire();
  if (breaker && !permit) throw call.cutOff();
  let upstreamFailed = false;
  try {
    return await retry.run(call.attempt, {
      retryReasonOf: call.retryReasonOf,
      ...(call.deadline === undefined ? {} : { deadline: call.deadline }),
    });
  } catch (error) {
    upstreamFailed = call.isUpstreamFailure(error);
    throw error;
  } finally {
    if (breaker && permit) breaker.release(permit, upstreamFailed ? 'failure' : 'success');
  }
}
