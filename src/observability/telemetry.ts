/**
 * What the gateway tells its operators about its work, in one place: metrics (`metrics.ts`) and
 * traces (`tracing.ts`) both listen to these events, and the code that does the work knows neither.
 * Every event is called synchronously where the work happens (inside the request's async context, so a
 * trace can place it under the operation's span); a listener must be cheap and must never throw.
 */
import type { CircuitState } from '../http/circuit-breaker.js';
import type { UpstreamCallEvent } from '../http/upstream-types.js';
import type { ClerkCallEvent } from '../tokens/clerk-api.js';

/** What became of a request to `POST /webhooks/clerk`. */
export type WebhookOutcome = 'evicted' | 'ignored' | 'redelivered' | 'refused' | 'failed';

export interface Telemetry {
  /** One attempt of a provider call ended (or the circuit breaker cut it off: `attempt` 0). */
  providerCall(event: UpstreamCallEvent): void;
  /** One attempt of a Clerk Backend API call ended. */
  clerkCall(event: ClerkCallEvent): void;
  /** A token was looked up in the cache. */
  tokenLookup(found: boolean): void;
  circuitChanged(upstream: string, state: CircuitState): void;
  /** A request was refused by the per-user rate limit. */
  userRateLimited(): void;
  webhook(outcome: WebhookOutcome, eventType: string | null): void;
}

const ignore = () => {};

export const NO_TELEMETRY: Telemetry = {
  providerCall: ignore,
  clerkCall: ignore,
  tokenLookup: ignore,
  circuitChanged: ignore,
  userRateLimited: ignore,
  webhook: ignore,
};

/** One telemetry that tells each of `listeners`; none: `NO_TELEMETRY`. */
export function combineTelemetry(listeners: readonly Telemetry[]): Telemetry {
  if (listeners.length === 0) return NO_TELEMETRY;
  if (listeners.length === 1) return listeners[0] as Telemetry;
  return {
    providerCall: (event) => {
      for (const listener of listeners) listener.providerCall(event);
    },
    clerkCall: (event) => {
      for (const listener of listeners) listener.clerkCall(event);
    },
    tokenLookup: (found) => {
      for (const listener of listeners) listener.tokenLookup(found);
    },
    circuitChanged: (upstream, state) => {
      for (const listener of listeners) listener.circuitChanged(upstream, state);
    },
    userRateLimited: () => {
      for (const listener of listeners) listener.userRateLimited();
    },
    webhook: (outcome, eventType) => {
      for (const listener of listeners) listener.webhook(outcome, eventType);
    },
  };
}
