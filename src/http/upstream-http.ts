/**
 * The HTTP client every provider call goes through. It knows nothing of GraphQL or Clerk: it sends one
 * request within a deadline, reads a bounded JSON body, and maps every failure at this edge to a
 * `GatewayError` with a DESIGN.md §5 code. Error messages are ours; upstream bodies and request headers
 * (which carry the access token) never reach them.
 *
 * Around each call: the provider's circuit breaker (`circuit-breaker.ts`: a provider that keeps failing
 * is cut off for a while) and the retry policy (`retry-policy.ts`: idempotent reads only, on resets,
 * 502/503/504 and short rate limits, within a small budget). Each attempt's timeout is the upstream
 * timeout or what is left of the operation's deadline, whichever is shorter; a timed-out or cut-short
 * call destroys its socket, so nothing keeps waiting after the caller has given up.
 *
 * It uses undici's `request` over a keep-alive pool rather than `fetch`: the same engine without the
 * WHATWG layers and the per-call AbortSignal, which cost more than the rest of the gateway's work on a
 * warm query (see the benchmark). undici's `request` follows no redirects: a 3xx is answered like any
 * other refusal, so a provider cannot send our token elsewhere.
 */
import { Agent, request } from 'undici';
import { GatewayError, TokenRejectedError } from '../errors.js';
import type { CircuitBreakers } from './circuit-breaker.js';
import {
  DEFAULT_RATE_LIMIT_SIGNALS,
  DEFAULT_RATE_LIMIT_WAIT_MS,
  mayBeRateLimit,
  type RateLimitSignals,
  rateLimitWaitMs,
} from './rate-limit-signals.js';
import { retryAfterMs, toWholeSeconds } from './retry-after.js';
import { createRetryPolicy, type RetryPolicy, type RetryReason } from './retry-policy.js';

/** What the client needs to know of a provider to read its answers. */
export interface UpstreamProfile {
  readonly id: string;
  readonly displayName: string;
  /** How the provider signals rate limits; default: `Retry-After` on a 429 (or a 403). */
  readonly rateLimit?: RateLimitSignals;
  /**
   * What an answer means when the status alone does not say it: Slack's `ok: false` on HTTP 200,
   * Facebook's error code 190 on a 400, Vercel's `invalidToken` on a 403, a GraphQL API's `errors`.
   * Called with every 2xx body, and with the bodies of the statuses in `interpretStatuses`.
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

/** A provider-specific reading of an answer, mapped to the gateway's codes here. */
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
/** A rate-limit answer's body is read (for a `retry_after` field) up to this size. */
const MAX_REFUSAL_BODY_BYTES = 64 * 1024;
/** Our code for a body still arriving at the deadline. */
const DEADLINE_PASSED = 'PROVIDER_GRAPH_DEADLINE_PASSED';
/**
 * The phases of a call that can run out of time: undici's three and our whole-call deadline (an abort
 * is ours too: only the deadline aborts a call).
 */
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_ABORTED',
  DEADLINE_PASSED,
]);
/** A connection reset, refused or closed under us: another try may well get through. */
const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET', 'EAI_AGAIN']);
/** Statuses of a gateway or server that is briefly unavailable (RFC 9110 §15.6). */
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

/**
 * One failed attempt: the error the caller will see, whether another attempt may help, and whether it
 * tells against the provider's health (its circuit breaker).
 */
class AttemptFailure extends Error {
  constructor(
    readonly error: GatewayError,
    readonly retry: RetryReason | undefined,
    readonly upstreamFailed: boolean,
    /** The HTTP status, when the upstream answered. */
    readonly status: number | null = null,
  ) {
    super(error.message);
  }
}

export function createUpstreamHttp(options: UpstreamHttpOptions): UpstreamHttp {
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const retry = options.retry ?? createRetryPolicy({ budgetMs: DEFAULT_RETRY_BUDGET_MS, now });
  const pool = new Agent({ connect: { timeout: options.timeoutMs }, keepAliveTimeout: 4_000 });

  function transportFailure(error: unknown, name: string, what: string, timeoutMs: number): AttemptFailure {
    if (error instanceof AttemptFailure) return error;
    if (error instanceof GatewayError) return new AttemptFailure(error, undefined, false);
    const code = errorCodeOf(error);
    if (code !== undefined && TIMEOUT_CODES.has(code)) {
      const full = timeoutMs >= options.timeoutMs;
      const message = full
        ? `${name} did not answer within ${options.timeoutMs} ms.`
        : `${name} did not answer before the operation's deadline.`;
      // A call cut short by the operation's deadline says little about the provider's health.
      return new AttemptFailure(
        new GatewayError('PROVIDER_TIMEOUT', message, {}, { cause: error }),
        undefined,
        full,
      );
    }
    const connection = code !== undefined && CONNECTION_CODES.has(code);
    return new AttemptFailure(
      new GatewayError('PROVIDER_ERROR', `${name} ${what}.`, {}, { cause: error }),
      connection ? { kind: 'connection' } : undefined,
      true,
    );
  }

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
    // undici's own timeouts tick in half-seconds (its "fast timers"): fine for the upstream timeout, too
    // coarse for an operation's deadline. When the deadline is what bounds this attempt, a signal
    // aborts it on time; otherwise no signal is made (a warm query pays nothing for it). Once the
    // headers are in, the same timer bounds the whole body, however slowly it trickles.
    const controller = timeoutMs < options.timeoutMs ? new AbortController() : undefined;
    let body: Awaited<ReturnType<typeof request>>['body'] | undefined;
    const timer = setTimeout(() => {
      const passed = Object.assign(new Error('The call ran past its deadline'), { code: DEADLINE_PASSED });
      if (body) body.destroy(passed);
      else controller?.abort(passed);
    }, timeoutMs);
    try {
      let response: Awaited<ReturnType<typeof request>>;
      try {
        response = await request(call.url, {
          method: call.method,
          headers: call.headers,
          ...(call.body === undefined ? {} : { body: call.body }),
          ...(controller ? { signal: controller.signal } : {}),
          dispatcher: pool,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
      } catch (error) {
        throw transportFailure(error, name, 'could not be reached', timeoutMs);
      }
      const headers = headersOf(response.headers);
      const status = response.statusCode;
      body = response.body;

      if (status < 200 || status >= 300) {
        const signals = profile.rateLimit ?? DEFAULT_RATE_LIMIT_SIGNALS;
        let refusalBody: unknown;
        if (profile.interpret && profile.interpretStatuses?.includes(status)) {
          refusalBody = await readBoundedText(body, headers, MAX_REFUSAL_BODY_BYTES, name)
            .then(parseJsonOrUndefined)
            .catch(() => undefined);
          const meaning = profile.interpret({ status, headers, body: refusalBody });
          if (meaning) throw failureOfMeaning(profile, meaning, status);
        } else if (signals.bodyFields?.length && mayBeRateLimit(signals, status)) {
          refusalBody = await readBoundedText(body, headers, MAX_REFUSAL_BODY_BYTES, name)
            .then((text) => JSON.parse(text) as unknown)
            .catch(() => undefined);
        } else {
          // Dropping the body (rather than reading it) frees the connection for the next call.
          await body.dump().catch(() => undefined);
        }
        throw refusalOf(profile, signals, status, headers, refusalBody, now());
      }
      let text: string;
      try {
        text = await readBoundedText(body, headers, maxBodyBytes, name);
      } catch (error) {
        throw transportFailure(error, name, 'broke off its response', timeoutMs);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text) as unknown;
      } catch (error) {
        const malformed = new GatewayError(
          'PROVIDER_ERROR',
          `${name} returned a malformed response.`,
          {},
          { cause: error },
        );
        throw new AttemptFailure(malformed, undefined, false);
      }
      const meaning = profile.interpret?.({ status, headers, body: parsed });
      if (meaning) throw failureOfMeaning(profile, meaning, status);
      return { status, headers, body: parsed };
    } finally {
      clearTimeout(timer);
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
        });
      const breaker = options.breakers?.get(profile.id);
      const permit = breaker?.acquire();
      if (breaker && !permit) {
        event(0, now(), null, 'PROVIDER_ERROR');
        throw new GatewayError(
          'PROVIDER_ERROR',
          `${profile.displayName} is failing: calls to it are paused for a few seconds.`,
        );
      }
      let upstreamFailed = false;
      try {
        return await retry.run(
          async (attempt) => {
            const started = now();
            try {
              const response = await attemptOnce(
                profile,
                call,
                sendOptions.deadline ?? Number.POSITIVE_INFINITY,
              );
              event(attempt, started, response.status, null);
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
              event(attempt, started, failure.status, failure.error.code);
              throw failure;
            }
          },
          {
            // Only reads are repeated: a write may have taken effect before the connection broke.
            retryReasonOf: (error) =>
              (call.method === 'GET' || call.idempotent) && error instanceof AttemptFailure
                ? error.retry
                : undefined,
            ...(sendOptions.deadline === undefined ? {} : { deadline: sendOptions.deadline }),
          },
        );
      } catch (error) {
        if (!(error instanceof AttemptFailure)) throw error;
        upstreamFailed = error.upstreamFailed;
        throw error.error;
      } finally {
        if (breaker && permit) breaker.release(permit, upstreamFailed ? 'failure' : 'success');
      }
    },
    close: () => pool.close(),
  };
}

/** The failure a provider-specific reading of an answer means. */
function failureOfMeaning(profile: UpstreamProfile, meaning: AnswerMeaning, status: number): AttemptFailure {
  const name = profile.displayName;
  switch (meaning.kind) {
    case 'token-rejected':
      return new AttemptFailure(new TokenRejectedError(name), undefined, false, status);
    case 'missing-scopes':
      return new AttemptFailure(
        new GatewayError('MISSING_SCOPES', `${name} refused the call: the account lacks a scope it needs.`),
        undefined,
        false,
        status,
      );
    case 'rate-limited': {
      const waitMs = meaning.waitMs ?? DEFAULT_RATE_LIMIT_WAIT_MS;
      const error = new GatewayError('RATE_LIMITED', `${name} is rate limiting this account; retry later.`, {
        retryAfter: toWholeSeconds(waitMs),
      });
      return new AttemptFailure(error, { kind: 'rate-limited', waitMs }, false, status);
    }
    case 'failed':
      return new AttemptFailure(
        new GatewayError('PROVIDER_ERROR', `${name} failed.`),
        undefined,
        true,
        status,
      );
    case 'refused':
      return new AttemptFailure(
        new GatewayError('PROVIDER_ERROR', `${name} refused the request (HTTP ${status}).`),
        undefined,
        false,
        status,
      );
  }
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

/** The failure an unsuccessful status means. */
function refusalOf(
  profile: UpstreamProfile,
  signals: RateLimitSignals,
  status: number,
  headers: ResponseHeaders,
  body: unknown,
  nowMs: number,
): AttemptFailure {
  const name = profile.displayName;
  if (status === 401) return new AttemptFailure(new TokenRejectedError(name), undefined, false, status);
  const waitMs = rateLimitWaitMs(signals, status, headers, body, nowMs);
  if (waitMs !== undefined) {
    const error = new GatewayError('RATE_LIMITED', `${name} is rate limiting this account; retry later.`, {
      retryAfter: toWholeSeconds(waitMs),
    });
    return new AttemptFailure(error, { kind: 'rate-limited', waitMs }, false, status);
  }
  const failed = status >= 500;
  const error = new GatewayError(
    'PROVIDER_ERROR',
    `${name} ${failed ? 'failed' : 'refused the request'} (HTTP ${status}).`,
  );
  if (!UNAVAILABLE_STATUSES.has(status)) return new AttemptFailure(error, undefined, failed, status);
  const asked = retryAfterMs(headers.get('retry-after'), nowMs);
  return new AttemptFailure(
    error,
    { kind: 'unavailable', ...(asked === undefined ? {} : { waitMs: asked }) },
    true,
    status,
  );
}

/** undici's error code, on the error or its cause (`fetch failed` style wrappers). */
function errorCodeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 3; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** undici hands headers over as a plain object with lower-case names. */
function headersOf(raw: Record<string, string | string[] | undefined>): ResponseHeaders {
  return {
    get(name) {
      const value = raw[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** Reads the body, refusing one larger than `maxBytes` (declared or actual). */
async function readBoundedText(
  body: AsyncIterable<Buffer> & { destroy(error?: Error): void },
  headers: ResponseHeaders,
  maxBytes: number,
  name: string,
): Promise<string> {
  const tooLarge = () =>
    new AttemptFailure(
      new GatewayError('PROVIDER_ERROR', `${name} returned a response larger than ${maxBytes} bytes.`),
      undefined,
      false,
    );
  const declared = Number(headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
