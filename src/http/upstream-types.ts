/**
 * The shapes the HTTP client trades in: what it must know of an upstream to read its answers (its
 * rate-limit signals and refusal rules, read by `rate-limit-signals.ts` and `refusal-rules.ts`), the
 * request it sends and the response it returns. Types only, imported by every part of the client and
 * importing none of them.
 */
import type { JsonPath } from './json-path.js';

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
  /** The GraphQL field the call serves (`githubRepos`), told with its events. */
  readonly field?: string;
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
  /** The GraphQL field the call served, when the caller said. */
  readonly field?: string;
}

// Rate-limit signals (read by rate-limit-signals.ts).

export type DelayUnit = 'seconds' | 'milliseconds';
export type ResetUnit = 'epoch-seconds' | 'epoch-milliseconds' | DelayUnit;

export interface ResetHeaderSignal {
  readonly header: string;
  /** Epoch time of the reset, or a delay from now. */
  readonly unit: ResetUnit;
  /** Read only when this header says no calls remain (`0`); omitted: whenever present. */
  readonly whenZero?: string;
}

export interface BodyFieldSignal {
  /** A top-level field, or a path (`error.retry_after`). */
  readonly field: JsonPath;
  readonly unit: DelayUnit;
}

export interface RateLimitSignals {
  /** Statuses besides 429 that are a rate limit when a signal is present; default none. */
  readonly signalledStatuses?: readonly number[];
  /** Headers holding the wait as seconds or an HTTP date; default `['retry-after']`. */
  readonly retryAfterHeaders?: readonly string[];
  readonly resetHeaders?: readonly ResetHeaderSignal[];
  /** Read from the JSON body of a rate-limit answer (the body is read, bounded, only then). */
  readonly bodyFields?: readonly BodyFieldSignal[];
}

// Refusal rules (read by refusal-rules.ts).

export type RefusalCode = 'REAUTH_REQUIRED' | 'MISSING_SCOPES' | 'RATE_LIMITED' | 'PROVIDER_ERROR';

export type Scalar = string | number | boolean;

/** A condition on the JSON body; a rule with none matches on the status alone. */
export interface BodyCondition {
  /**
   * Where the value sits: a dotted path (`error.code`), or its segments when a key holds a dot
   * (`['error', '.tag']`). A `*` segment steps into every element of an array: the condition holds
   * when any of the values found meets it.
   */
  readonly at: JsonPath;
  readonly equals?: Scalar;
  readonly oneOf?: readonly Scalar[];
  readonly matches?: RegExp;
  /** `true`: any value but `null` or `undefined`. */
  readonly present?: true;
}

export interface HeaderCondition {
  readonly name: string;
  readonly matches: RegExp;
}

export interface RefusalRule {
  readonly status: number | readonly number[];
  readonly when?: BodyCondition;
  readonly header?: HeaderCondition;
  /**
   * `REAUTH_REQUIRED`: the token is refused (one fresh token is tried first); `MISSING_SCOPES`;
   * `RATE_LIMITED` (the wait from the provider's rate-limit signals, else a minute); `PROVIDER_ERROR`: a
   * refusal no retry or new token cures.
   */
  readonly means: RefusalCode;
}
