/**
 * The HTTP client every provider call goes through. It knows nothing of GraphQL or Clerk: it sends one
 * request with a timeout, reads a bounded JSON body, and maps every failure at this edge to a
 * `GatewayError` with a DESIGN.md §5 code. Error messages are ours; upstream bodies and request headers
 * (which carry the access token) never reach them.
 */
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

export interface UpstreamResponse {
  readonly status: number;
  readonly headers: Headers;
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
}

export interface UpstreamHttpOptions {
  readonly timeoutMs: number;
  readonly maxBodyBytes?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly onCall?: (event: UpstreamCallEvent) => void;
}

/** When a provider says "slow down" without saying for how long. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;
const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export function createUpstreamHttp(options: UpstreamHttpOptions): UpstreamHttp {
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  async function exchange(profile: UpstreamProfile, request: UpstreamRequest): Promise<UpstreamResponse> {
    const name = profile.displayName;
    let response: Response;
    try {
      response = await doFetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      throw transportFailure(error, name, 'could not be reached');
    }

    if (response.status === 401) {
      await response.body?.cancel();
      throw new TokenRejectedError(name);
    }
    const rateLimited = retryAfterOf(profile, response, now());
    if (rateLimited !== undefined) {
      await response.body?.cancel();
      throw new GatewayError('RATE_LIMITED', `${name} is rate limiting this account; retry later.`, {
        retryAfter: rateLimited,
      });
    }
    if (!response.ok) {
      await response.body?.cancel();
      const what = response.status >= 500 ? 'failed' : 'refused the request';
      throw new GatewayError('PROVIDER_ERROR', `${name} ${what} (HTTP ${response.status}).`);
    }

    let text: string;
    try {
      text = await readBoundedText(response, maxBodyBytes, name);
    } catch (error) {
      throw transportFailure(error, name, 'broke off its response');
    }
    try {
      return { status: response.status, headers: response.headers, body: JSON.parse(text) as unknown };
    } catch (error) {
      throw new GatewayError(
        'PROVIDER_ERROR',
        `${name} returned a malformed response.`,
        {},
        { cause: error },
      );
    }
  }

  /** The timeout signal covers the body too: a response that trickles in is cut off like a silent one. */
  function transportFailure(error: unknown, name: string, what: string): GatewayError {
    if (error instanceof GatewayError) return error;
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      return new GatewayError(
        'PROVIDER_TIMEOUT',
        `${name} did not answer within ${options.timeoutMs} ms.`,
        {},
        { cause: error },
      );
    }
    return new GatewayError('PROVIDER_ERROR', `${name} ${what}.`, {}, { cause: error });
  }

  return {
    async send(profile, request) {
      const started = now();
      const event = (status: number | null, code: string | null) =>
        options.onCall?.({
          provider: profile.id,
          method: request.method,
          url: `${request.url.origin}${request.url.pathname}`,
          status,
          durationMs: now() - started,
          code,
        });
      try {
        const response = await exchange(profile, request);
        event(response.status, null);
        return response;
      } catch (error) {
        event(null, error instanceof GatewayError ? error.code : 'UNEXPECTED');
        throw error;
      }
    },
  };
}

/**
 * Seconds to wait when the response is a rate limit, else `undefined`. A 429 always is one; a 403 is
 * one only with a rate-limit signal, since providers (GitHub) also answer 403 for plain permission
 * problems (providers.md, GitHub "Rate limits and errors").
 */
function retryAfterOf(profile: UpstreamProfile, response: Response, nowMs: number): number | undefined {
  if (response.status !== 429 && response.status !== 403) return undefined;
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'), nowMs);
  if (retryAfter !== undefined) return retryAfter;
  const limit = profile.rateLimit;
  const exhausted = limit !== undefined && response.headers.get(limit.remainingHeader)?.trim() === '0';
  if (exhausted) {
    return secondsUntilEpoch(response.headers.get(limit.resetHeader), nowMs) ?? DEFAULT_RETRY_AFTER_SECONDS;
  }
  return response.status === 429 ? DEFAULT_RETRY_AFTER_SECONDS : undefined;
}

/** Reads the body, refusing one larger than `maxBytes` (declared or actual). */
async function readBoundedText(response: Response, maxBytes: number, name: string): Promise<string> {
  const tooLarge = () =>
    new GatewayError('PROVIDER_ERROR', `${name} returned a response larger than ${maxBytes} bytes.`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
