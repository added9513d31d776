/**
 * The size of a request, bounded before anything is parsed:
 * - A POST body: a `Content-Length` over the limit (or one that is not a single number) is refused
 *   before anything is read; a body sent without one (chunked) as soon as it passes the limit. HTTP 413
 *   (`BAD_USER_INPUT`, reason `REQUEST_ENTITY_TOO_LARGE`, see `graphql-errors.ts`), or 400 for a bad
 *   `Content-Length`.
 * - A GET carries its operation in the query string instead: bounded by the same number of bytes
 *   (HTTP 414, reason `URI_TOO_LONG`). Over HTTP, Node's own 16 KiB header limit applies too.
 *
 * This replaces Yoga's `maxRequestBodySize`, which pipes every body through a counting stream. Node's
 * HTTP server already holds a body to its declared `Content-Length` (the bytes after it are the next
 * request), so a request it parsed (`handle`) with a valid length needs no counting; the stream is kept
 * for chunked bodies, and for every request through `fetch`, whose runtime may not hold it.
 */
import { createGraphQLError } from '@graphql-tools/utils';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** A single non-negative integer: anything else (a list, as in request smuggling) is refused. */
const CONTENT_LENGTH = /^\d+$/;

export function useRequestSizeLimits(maxBytes: number): Plugin {
  return {
    // A body refused half-read leaves the connection unusable: the client must not send another
    // request on it (undici and browsers reuse keep-alive connections otherwise, and fail).
    onResponse({ response }) {
      if (response.status === 413) response.headers.set('connection', 'close');
    },
    onRequestParse({ request, url, serverContext, requestParser, setRequestParser, fetchAPI }) {
      if (request.method === 'GET') {
        if (Buffer.byteLength(url.search) <= maxBytes) return;
        throw new GraphQLError('The query string is too long: send the operation in a POST body.', {
          extensions: { code: 'BAD_USER_INPUT', reason: 'URI_TOO_LONG', http: { status: 414 } },
        });
      }
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (!CONTENT_LENGTH.test(declared)) {
          throw createGraphQLError('Content-Length header is invalid.', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
        if (Number(declared) > maxBytes) throw bodyTooLarge();
        // Node's HTTP parser delivers no more than the declared length.
        if ((serverContext as { req?: unknown } | undefined)?.req !== undefined) return;
      }
      if (requestParser === undefined || request.body === null) return;
      const parse = requestParser;
      setRequestParser((given) => parse(countedBody(given, maxBytes, fetchAPI)));
    },
  };
}

function bodyTooLarge(): GraphQLError {
  return createGraphQLError('Request body too large', {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
  });
}

/** The request with a body that fails once more than `maxBytes` have arrived. */
function countedBody(
  request: Request,
  maxBytes: number,
  fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream },
): Request {
  const body = request.body;
  if (!body) return request;
  // A native stream pipes only through a native TransformStream (graphql-yoga issue 4583).
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let received = 0;
  const counted = body.pipeThrough(
    new Transform({
      transform(chunk: Uint8Array, controller) {
        received += chunk.byteLength;
        if (received > maxBytes) controller.error(bodyTooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: counted,
    // @ts-expect-error: Node's fetch needs `duplex` for a streamed body; the DOM types lack it.
    duplex: 'half',
  });
}
