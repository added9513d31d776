/**
 * One HTTP exchange with an upstream, bounded in time and size. It knows nothing of what an answer
 * means (`answer-classification.ts` does): it sends, hands the status, headers and a bounded body
 * reader to the caller, and makes sure nothing keeps waiting once the time is up.
 *
 * It uses undici's `request` over a keep-alive pool rather than `fetch`: the same engine without the
 * WHATWG layers and the per-call AbortSignal, which cost more than the rest of the gateway's work on a
 * warm query (see the benchmark). undici's `request` follows no redirects: a 3xx is answered like any
 * other refusal, so a provider cannot send our token elsewhere.
 */
import { Agent, request } from 'undici';
import type { ResponseHeaders, UpstreamRequest } from './upstream-types.js';

/** Our error code for a body still arriving at the deadline. */
export const DEADLINE_PASSED = 'PROVIDER_GRAPH_DEADLINE_PASSED';

/** An answer whose body has not been read yet. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: ResponseHeaders;
  /** The body as text; `BodyTooLargeError` past `maxBytes` (declared or actual). */
  text(maxBytes: number): Promise<string>;
  /** Drops the body unread, which frees the connection for the next call. */
  discard(): Promise<void>;
}

/** A failure before an answer (`stage: 'send'`) or while its body arrived (`stage: 'body'`). */
export class TransportError extends Error {
  constructor(
    readonly stage: 'send' | 'body',
    options: { cause: unknown },
  ) {
    super(stage === 'send' ? 'The request failed' : 'The response broke off', options);
  }
}

export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The response is larger than ${maxBytes} bytes`);
  }
}

export interface Transport {
  /**
   * Sends `call` and hands its answer to `read`; the whole exchange, `read` included, ends within
   * `timeoutMs`, after which the socket is destroyed.
   */
  exchange<T>(call: UpstreamRequest, timeoutMs: number, read: (answer: RawAnswer) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function createTransport(options: {
  /** The upstream timeout: connecting, and by default a whole exchange. */
  readonly timeoutMs: number;
}): Transport {
  const pool = new Agent({ connect: { timeout: options.timeoutMs }, keepAliveTimeout: 4_000 });

  return {
    async exchange(call, timeoutMs, read) {
      // undici's own timeouts tick in half-seconds (its "fast timers"): fine for the upstream timeout,
      // too coarse for an operation's deadline. When the deadline is what bounds this exchange, a signal
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
          throw new TransportError('send', { cause: error });
        }
        const stream = response.body;
        body = stream;
        const headers = headersOf(response.headers);
        return await read({
          status: response.statusCode,
          headers,
          text: (maxBytes) => readBoundedText(stream, headers, maxBytes),
          discard: () => stream.dump().catch(() => undefined),
        });
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => pool.close(),
  };
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
): Promise<string> {
  const declared = Number(headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    body.destroy();
    throw new BodyTooLargeError(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        body.destroy();
        throw new BodyTooLargeError(maxBytes);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw error;
    throw new TransportError('body', { cause: error });
  }
  return Buffer.concat(chunks).toString('utf8');
}
