/**
 * What an upstream's answer, or its failure to answer, means: a parsed body, or an `AttemptFailure`
 * carrying the `GatewayError` the caller will see (a README "Errors" code), whether another attempt
 * may cure it, and whether it tells against the upstream's health (its circuit breaker).
 *
 * Readings, in order: a transport failure (timeout, reset, a body too large); a non-2xx status read by
 * the provider's refusal rules and `interpret` hook, then by its rate-limit signals, then by the status
 * alone (401: the token; 502/503/504: briefly unavailable); a 2xx body that is not JSON; a 2xx body the
 * rules or hook call a refusal (Slack's `ok: false`). Messages are ours: upstream bodies and request
 * headers (which carry the access token) never reach them.
 */
import { GatewayError, TokenRejectedError } from '../errors.js';
import {
  DEFAULT_RATE_LIMIT_SIGNALS,
  DEFAULT_RATE_LIMIT_WAIT_MS,
  mayBeRateLimit,
  rateLimitWaitMs,
  signalledWaitMs,
} from './rate-limit-signals.js';
import { meaningOfRules, statusesOfRules } from './refusal-rules.js';
import { retryAfterMs, toWholeSeconds } from './retry-after.js';
import type { RetryReason } from './retry-policy.js';
import { BodyTooLargeError, DEADLINE_PASSED, type RawAnswer, TransportError } from './transport.js';
import type {
  AnswerMeaning,
  ProviderAnswer,
  RateLimitSignals,
  ResponseHeaders,
  UpstreamProfile,
  UpstreamResponse,
} from './upstream-types.js';

/** A rate-limit or refusal answer's body is read (for a `retry_after` field, a rule) up to this size. */
const MAX_REFUSAL_BODY_BYTES = 64 * 1024;
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
export class AttemptFailure extends Error {
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

export interface AnswerLimits {
  /** Largest successful body read. */
  readonly maxBodyBytes: number;
  /** The upstream timeout, to tell it from a deadline that cut an attempt short. */
  readonly timeoutMs: number;
  readonly now: () => number;
}

/** The response an answer means, or the `AttemptFailure` it is. */
export async function classifyAnswer(
  profile: UpstreamProfile,
  answer: RawAnswer,
  limits: AnswerLimits,
  attemptTimeoutMs: number,
): Promise<UpstreamResponse> {
  const { status, headers } = answer;
  const name = profile.displayName;
  // Not modified: the answer to a conditional read (`conditional-requests.ts`), which serves its kept body.
  if (status === 304) {
    await answer.discard();
    return { status, headers, body: undefined };
  }
  if (status < 200 || status >= 300) {
    const signals = profile.rateLimit ?? DEFAULT_RATE_LIMIT_SIGNALS;
    const body = readsRefusalBody(profile, signals, status)
      ? await answer
          .text(MAX_REFUSAL_BODY_BYTES)
          .then(parseJsonOrUndefined)
          .catch(() => undefined)
      : await answer.discard();
    const meaning = meaningOf(profile, { status, headers, body }, limits.now);
    if (meaning) throw failureOfMeaning(profile, meaning, status);
    throw refusalOf(profile, signals, status, headers, body, limits.now());
  }
  let text: string;
  try {
    text = await answer.text(limits.maxBodyBytes);
  } catch (error) {
    throw failureOfTransport(error, name, limits.timeoutMs, attemptTimeoutMs);
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
  const meaning = meaningOf(profile, { status, headers, body: parsed }, limits.now);
  if (meaning) throw failureOfMeaning(profile, meaning, status);
  return { status, headers, body: parsed };
}

/** What a failure to get an answer (or its whole body) means. */
export function failureOfTransport(
  error: unknown,
  name: string,
  upstreamTimeoutMs: number,
  attemptTimeoutMs: number,
): AttemptFailure {
  if (error instanceof AttemptFailure) return error;
  if (error instanceof GatewayError) return new AttemptFailure(error, undefined, false);
  if (error instanceof BodyTooLargeError) {
    const tooLarge = new GatewayError(
      'PROVIDER_ERROR',
      `${name} returned a response larger than ${error.maxBytes} bytes.`,
    );
    return new AttemptFailure(tooLarge, undefined, false);
  }
  const what =
    error instanceof TransportError && error.stage === 'body'
      ? 'broke off its response'
      : 'could not be reached';
  const cause = error instanceof TransportError ? error.cause : error;
  const code = errorCodeOf(cause);
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    const full = attemptTimeoutMs >= upstreamTimeoutMs;
    const message = full
      ? `${name} did not answer within ${upstreamTimeoutMs} ms.`
      : `${name} did not answer before the operation's deadline.`;
    // A call cut short by the operation's deadline says little about the provider's health.
    return new AttemptFailure(new GatewayError('PROVIDER_TIMEOUT', message, {}, { cause }), undefined, full);
  }
  const connection = code !== undefined && CONNECTION_CODES.has(code);
  return new AttemptFailure(
    new GatewayError('PROVIDER_ERROR', `${name} ${what}.`, {}, { cause }),
    connection ? { kind: 'connection' } : undefined,
    true,
  );
}

/** Whether a refusal's body is worth reading: a rule or the hook reads it, or a rate-limit body field. */
function readsRefusalBody(profile: UpstreamProfile, signals: RateLimitSignals, status: number): boolean {
  if (profile.interpret && profile.interpretStatuses?.includes(status)) return true;
  if (profile.refusals && statusesOfRules(profile.refusals).includes(status)) return true;
  return Boolean(signals.bodyFields?.length) && mayBeRateLimit(signals, status);
}

/** The provider's own reading of an answer: its rules first, then its hook. */
function meaningOf(
  profile: UpstreamProfile,
  answer: ProviderAnswer,
  now: () => number,
): AnswerMeaning | undefined {
  const signals = profile.rateLimit ?? DEFAULT_RATE_LIMIT_SIGNALS;
  const byRule = profile.refusals
    ? meaningOfRules(profile.refusals, answer, () =>
        signalledWaitMs(signals, answer.headers, answer.body, now()),
      )
    : undefined;
  if (byRule) return byRule;
  const hookReads = answer.status < 300 || profile.interpretStatuses?.includes(answer.status);
  return hookReads ? profile.interpret?.(answer) : undefined;
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
    case 'rate-limited':
      return rateLimited(name, meaning.waitMs ?? DEFAULT_RATE_LIMIT_WAIT_MS, status);
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

function rateLimited(name: string, waitMs: number, status: number): AttemptFailure {
  const error = new GatewayError('RATE_LIMITED', `${name} is rate limiting this account; retry later.`, {
    retryAfter: toWholeSeconds(waitMs),
  });
  return new AttemptFailure(error, { kind: 'rate-limited', waitMs }, false, status);
}

/** The failure an unsuccessful status means when the provider's own readings say nothing. */
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
  if (waitMs !== undefined) return rateLimited(name, waitMs, status);
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

function parseJsonOrUndefined(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
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
