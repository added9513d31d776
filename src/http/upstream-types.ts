/**
 * The shapes the HTTP client trades in: what it must know of an upstream to read its answers, the
 * request it sends and the response it returns. Types only, so the client's parts (transport, answer
 * classification, rate-limit signals, refusal rules) can share them without importing one another.
 */
import type { RateLimitSignals } from './rate-limit-signals.js';
import type { RefusalRule } from './refusal-rules.js';

/** What the client needs to know of a provider to read its answers. */
export interface UpstreamProfile {
  readonly id: string;
  readonly displayName: string;
  /** How the provider signals rate limits; default: `Retry-After` on a 429. */
  readonly rateLimit?: RateLimitSignals;
  /**
   * Declarative readings of refusals (status plus a body field or header → a code), checked in order
   * before `interpret`.
   */
  readonly refusals?: readonly RefusalRule[];
  /**
   * What an answer means when neither the status nor a rule can say it: Slack's `ok: false` on HTTP 200,
   * Google's reasons, a GraphQL API's `errors`. Called with every 2xx body, and with the bodies of the
   * statuses in `interpretStatuses`.
   */
  readonly interpret?: (answer: ProviderAnswer) => AnswerMeaning | undefined;
  /** Non-2xx statuses whose body `interpret` reads (up to 64 KiB). */
  readonly interpretStatuses?: readonly number[];
}

export interface ProviderAnswer {
  readonly status: number;
  readonly headers: ResponseHeaders;
  /** The parsed JSON body, or `undefined` when it was empty or not JSON. */
  readonly body: unknown;
}

/** A provider-specific reading of an answer, mapped to the gateway's codes by the client. */
export type AnswerMeaning =
  /** The token is invalid, expired or revoked: fetch a fresh one once, then `REAUTH_REQUIRED`. */
  | { readonly kind: 'token-rejected' }
  /** The token lacks a scope the call needs: `MISSING_SCOPES`. */
  | { readonly kind: 'missing-scopes' }
  /** Slow down for `waitMs` (default one minute): `RATE_LIMITED`, retried within the budget. */
  | { readonly kind: 'rate-limited'; readonly waitMs?: number }
  /** The provider failed (`PROVIDER_ERROR`, counts against its circuit breaker). */
  | { readonly kind: 'failed' }
  /** The provider refused the request for another reason (`PROVIDER_ERROR`). */
  | { readonly kind: 'refused' };

export interface UpstreamRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** A read sent as POST: may be retried like a GET. GETs always are. */
  readonly idempotent?: boolean;
  /** The URL as logs may show it, when `url` holds a secret (HubSpot takes the token in the path). */
  readonly loggedUrl?: string;
}

export interface SendOptions {
  /** Epoch milliseconds by which the call, retries and waits included, must be over. */
  readonly deadline?: number;
}

export interface ResponseHeaders {
  /** The header's value (repeated headers joined with `, `), or `null`. Names are case-insensitive. */
  get(name: string): string | null;
}

export interface UpstreamResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: unknown;
}

export interface UpstreamCallEvent {
  readonly provider: string;
  readonly method: string;
  /** Origin and path only. */
  readonly url: string;
  /** 1 for the first try; 0 when the circuit breaker cut the call off before any try. */
  readonly attempt: number;
  readonly status: number | null;
  readonly durationMs: number;
  readonly code: string | null;
}
