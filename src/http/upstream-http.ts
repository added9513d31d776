/**
 * The HTTP client every provider call goes through. It knows nothing of GraphQL or Clerk: it sends one
 * request within a deadline, reads a bounded JSON body, and maps every failure at this edge to a
 * `GatewayError` with a DESIGN.md §5 code. Error messages are ours; upstream bodies and request headers
 * (which carry the access token) never reach them.
 *
 * It uses undici's `request` over a keep-alive pool rather than `fetch`: the same engine without the
 * WHATWG layers and the per-call AbortSignal, which cost more than the rest of the gateway's work on a
 * warm query (see the benchmark).
 */
import { Agent, request } from 'undici';
import { GatewayError, TokenRejectedError } from '../errors.js';
import { parseRetryAfter, secondsUntilEpoch } from './retry-after.js';

/** What the client needs to know of a provider to read its answers. */
export interface UpstreamProfile {
  readonly id: string;
  readonly displayName: string;
  /** Headers that announce a primary rate limit: remaining calls and the reset time in epoch seconds. */
  readonly rateLimit?: { readonly remainingHeader: string; readonly resetHeader: string };
}

export interface UpstreamRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
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
  readonly status: number | null;
  readonly durationMs: number;
  readonly code: string | null;
}

export interface UpstreamHttp {
  send(profile: UpstreamProfile, request: UpstreamRequest): Promise<UpstreamResponse>;
  /** Closes the pooled connections. */
  close(): Promise<void>;
}

export interface UpstreamHttpOptions {
  /** The whole exchange, connecting to last body byte, must fit in this. */
  readonly timeoutMs: number;
  readonly maxBodyBytes?: number;
  readonly now?: () => number;
  readonly onCall?: (event: UpstreamCallEvent) => void;
}

/** When a provider says "slow down" without saying for how long. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;
const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Our code for a body still arriving at the deadline. */
const DEADLINE_PASSED = 'PROVIDER_GRAPH_DEADLINE_PASSED';
/** The phases of a call that can run out of time: undici's three and our whole-call deadline. */
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  DEADLINE_PASSED,
]);

export function createUpstreamHttp(options: UpstreamHttpOptions): UpstreamHttp {
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const pool = new Agent({ connect: { timeout: options.timeoutMs }, keepAliveTimeout: 4_000 });

  function transportFailure(error: unknown, name: string, what: string): GatewayError {
    if (error instanceof GatewayError) return error;
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && TIMEOUT_CODES.has(code)) {
      return new GatewayError(
        'PROVIDER_TIMEOUT',
        `${name} did not answer within ${options.timeoutMs} ms.`,
        {},
        {
          cause: error,
        },
      );
    }
    return new GatewayError('PROVIDER_ERROR', `${name} ${what}.`, {}, { cause: error });
  }

  async function exchange(profile: UpstreamProfile, call: UpstreamRequest): Promise<UpstreamResponse> {
    const name = profile.displayName;
    const deadline = now() + options.timeoutMs;
    let response: Awaited<ReturnType<typeof request>>;
    try {
      // undici's `request` follows no redirects: a 3xx is answered like any other refusal below.
      response = await request(call.url, {
        method: call.method,
        headers: call.headers,
        ...(call.body === undefined ? {} : { body: call.body }),
        dispatcher: pool,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
    } catch (error) {
      throw transportFailure(error, name, 'could not be reached');
    }
    const headers = headersOf(response.headers);
    const { statusCode: status, body } = response;

    const refusal = refusalOf(profile, status, headers, now());
    if (refusal) {
      // Dropping the body (rather than reading it) frees the connection for the next call.
      await body.dump().catch(() => undefined);
      throw refusal;
    }

    // `bodyTimeout` bounds the wait for each chunk; this bounds the whole body, however it trickles.
    const timer = setTimeout(
      () =>
        body.destroy(Object.assign(new Error('The call ran past its deadline'), { code: DEADLINE_PASSED })),
      Math.max(0, deadline - now()),
    );
    let text: string;
    try {
      text = await readBoundedText(body, headers, maxBodyBytes, name);
    } catch (error) {
      throw transportFailure(error, name, 'broke off its response');
    } finally {
      clearTimeout(timer);
    }
    try {
      return { status, headers, body: JSON.parse(text) as unknown };
    } catch (error) {
      throw new GatewayError(
        'PROVIDER_ERROR',
        `${name} returned a malformed response.`,
        {},
        { cause: error },
      );
    }
  }

  return {
    async send(profile, call) {
      const started = now();
      const event = (status: number | null, code: string | null) =>
        options.onCall?.({
          provider: profile.id,
          method: call.method,
          url: `${call.url.origin}${call.url.pathname}`,
          status,
          durationMs: now() - started,
          code,
        });
      try {
        const response = await exchange(profile, call);
        event(response.status, null);
        return response;
      } catch (error) {
        event(null, error instanceof GatewayError ? error.code : 'UNEXPECTED');
        throw error;
      }
    },
    close: () => pool.close(),
  };
}

/** The error an unsuccessful status means, or `undefined` for a 2xx. */
function refusalOf(
  profile: UpstreamProfile,
  status: number,
  headers: ResponseHeaders,
  nowMs: number,
): GatewayError | undefined {
  const name = profile.displayName;
  if (status >= 200 && status < 300) return undefined;
  if (status === 401) return new TokenRejectedError(name);
  const retryAfter = retryAfterOf(profile, status, headers, nowMs);
  if (retryAfter !== undefined) {
    return new GatewayError('RATE_LIMITED', `${name} is rate limiting this account; retry later.`, {
      retryAfter,
    });
  }
  const what = status >= 500 ? 'failed' : 'refused the request';
  return new GatewayError('PROVIDER_ERROR', `${name} ${what} (HTTP ${status}).`);
}

/**
 * Seconds to wait when the response is a rate limit, else `undefined`. A 429 always is one; a 403 is
 * one only with a rate-limit signal, since providers (GitHub) also answer 403 for plain permission
 * problems (providers.md, GitHub "Rate limits and errors").
 */
function retryAfterOf(
  profile: UpstreamProfile,
  status: number,
  headers: ResponseHeaders,
  nowMs: number,
): number | undefined {
  if (status !== 429 && status !== 403) return undefined;
  const retryAfter = parseRetryAfter(headers.get('retry-after'), nowMs);
  if (retryAfter !== undefined) return retryAfter;
  const limit = profile.rateLimit;
  const exhausted = limit !== undefined && headers.get(limit.remainingHeader)?.trim() === '0';
  if (exhausted) {
    return secondsUntilEpoch(headers.get(limit.resetHeader), nowMs) ?? DEFAULT_RETRY_AFTER_SECONDS;
  }
  return status === 429 ? DEFAULT_RETRY_AFTER_SECONDS : undefined;
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
    new GatewayError('PROVIDER_ERROR', `${name} returned a response larger than ${maxBytes} bytes.`);
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
