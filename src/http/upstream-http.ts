/**
 * The HTTP client every provider call goes through. It knows nothing of GraphQL, Clerk or any one
 * provider: it sends one request within a deadline (`transport.ts`), reads what the answer means
 * (`answer-classification.ts`: every failure becomes a `GatewayError` with a README "Errors" code at
 * this edge), and around each call runs the upstream's circuit breaker and the retry policy
 * (`resilient-call.ts`, shared with Clerk's calls: idempotent reads only, on resets, 502/503/504 and
 * short rate limits, within a small budget).
 *
 * Each attempt's timeout is the upstream timeout or what is left of the operation's deadline,
 * whichever is shorter; a timed-out or cut-short call destroys its socket, so nothing keeps waiting
 * after the caller has given up.
 */
import { GatewayError } from '../errors.js';
import { AttemptFailure, classifyAnswer, failureOfTransport } from './answer-classification.js';
import type { CircuitBreakers } from './circuit-breaker.js';
import { callResiliently } from './resilient-call.js';
import { createRetryPolicy, type RetryPolicy } from './retry-policy.js';
import { createTransport } from './transport.js';
import type {
  SendOptions,
  UpstreamCallEvent,
  UpstreamProfile,
  UpstreamRequest,
  UpstreamResponse,
} from './upstream-types.js';

export interface UpstreamHttp {
  send(profile: UpstreamProfile, request: UpstreamRequest, options?: SendOptions): Promise<UpstreamResponse>;
  /** Closes the pooled connections. */
  close(): Promise<void>;
}

export interface UpstreamHttpOptions {
  /** One attempt, connecting to last body byte, must fit in this. */
  readonly timeoutMs: number;
  readonly maxBodyBytes?: number;
  /** Default: the policy's defaults with a 2 s budget. */
  readonly retry?: RetryPolicy;
  /** One breaker per provider id; default: none, calls are never cut off. */
  readonly breakers?: CircuitBreakers;
  readonly now?: () => number;
  readonly onCall?: (event: UpstreamCallEvent) => void;
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
export const DEFAULT_RETRY_BUDGET_MS = 2_000;

export function createUpstreamHttp(options: UpstreamHttpOptions): UpstreamHttp {
  const now = options.now ?? Date.now;
  const limits = {
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    timeoutMs: options.timeoutMs,
    now,
  };
  const retry = options.retry ?? createRetryPolicy({ budgetMs: DEFAULT_RETRY_BUDGET_MS, now });
  const transport = createTransport({ timeoutMs: options.timeoutMs });

  async function attemptOnce(
    profile: UpstreamProfile,
    call: UpstreamRequest,
    deadline: number,
  ): Promise<UpstreamResponse> {
    const name = profile.displayName;
    const timeoutMs = Math.min(options.timeoutMs, deadline - now());
    if (timeoutMs <= 0) {
      const error = new GatewayError(
        'PROVIDER_TIMEOUT',
        `The operation ran out of time before ${name} answered.`,
      );
      throw new AttemptFailure(error, undefined, false);
    }
    try {
      return await transport.exchange(call, timeoutMs, (answer) =>
        classifyAnswer(profile, answer, limits, timeoutMs),
      );
    } catch (error) {
      throw failureOfTransport(error, name, options.timeoutMs, timeoutMs);
    }
  }

  return {
    async send(profile, call, sendOptions = {}) {
      const event = (attempt: number, started: number, status: number | null, code: string | null) =>
        options.onCall?.({
          provider: profile.id,
          method: call.method,
          url: call.loggedUrl ?? `${call.url.origin}${call.url.pathname}`,
          attempt,
          status,
          durationMs: now() - started,
          code,
          ...(sendOptions.field === undefined ? {} : { field: sendOptions.field }),
        });
      try {
        return await callResiliently(
          { retry, breaker: options.breakers?.get(profile.id) },
          {
            async attempt(attemptNumber) {
              const started = now();
              try {
                const response = await attemptOnce(
                  profile,
                  call,
                  sendOptions.deadline ?? Number.POSITIVE_INFINITY,
                );
                event(attemptNumber, started, response.status, null);
                return response;
              } catch (error) {
                const failure =
                  error instanceof AttemptFailure
                    ? error
                    : new AttemptFailure(
                        new GatewayError(
                          'PROVIDER_ERROR',
                          `${profile.displayName} failed.`,
                          {},
                          { cause: error },
                        ),
                        undefined,
                        true,
                      );
                event(attemptNumber, started, failure.status, failure.error.code);
                throw failure;
              }
            },
            // Only reads are repeated: a write may have taken effect before the connection broke.
            retryReasonOf: (error) =>
              (call.method === 'GET' || call.idempotent) && error instanceof AttemptFailure
                ? error.retry
                : undefined,
            isUpstreamFailure: (error) => error instanceof AttemptFailure && error.upstreamFailed,
            cutOff: () => {
              event(0, now(), null, 'PROVIDER_ERROR');
              return new GatewayError(
                'PROVIDER_ERROR',
                `${profile.displayName} is failing: calls to it are paused for a few seconds.`,
              );
            },
            deadline: sendOptions.deadline,
          },
        );
      } catch (error) {
        throw error instanceof AttemptFailure ? error.error : error;
      }
    },
    close: () => transport.close(),
  };
}
