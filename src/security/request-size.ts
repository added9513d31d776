/**
 * The size of a request. Yoga's `maxRequestBodySize` bounds the body: a `Content-Length` over the limit
 * is refused before anything is read, and a body sent without one (chunked) as soon as it passes the
 * limit, with HTTP 413 (`BAD_USER_INPUT`, reason `REQUEST_ENTITY_TOO_LARGE`, see `graphql-errors.ts`).
 * A GET carries its operation in the query string instead: this plugin bounds it by the same number of
 * bytes (HTTP 414, reason `URI_TOO_LONG`). Over HTTP, Node's own 16 KiB header limit applies too.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export function useRequestSizeLimits(maxBytes: number): Plugin {
  return {
    // A body refused half-read leaves the connection unusable: the client must not send another
    // request on it (undici and browsers reuse keep-alive connections otherwise, and fail).
    onResponse({ response }) {
      if (response.status === 413) response.headers.set('connection', 'close');
    },
    onRequestParse({ request, url }) {
      if (request.method !== 'GET' || Buffer.byteLength(url.search) <= maxBytes) return;
      throw new GraphQLError('The query string is too long: send the operation in a POST body.', {
        extensions: { code: 'BAD_USER_INPUT', reason: 'URI_TOO_LONG', http: { status: 414 } },
      });
    },
  };
}
