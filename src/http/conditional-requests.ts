/**
 * Conditional reads: the `ETag` (or `Last-Modified`) of a provider's answer is kept with the answer, per
 * account and URL, and sent back as `If-None-Match` (`If-Modified-Since`) on the next read of the same
 * URL. A provider whose data has not changed answers 304 with no body, and the kept answer is served.
 * GitHub does not count a 304 against the rate limit
 * (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate);
 * Microsoft Graph and GitLab honour the same headers. A repeated query then spends almost none of the
 * user's provider quota.
 *
 * In process only and bounded (`maxEntries`, least recently used first): the answers are the user's
 * data, kept under the account's id, never shared across accounts.
 */
import { GatewayError } from '../errors.js';
import type { ResponseHeaders, UpstreamResponse } from './upstream-types.js';

export interface ConditionalRequests {
  /** The validator headers to send with a read of `key` (an account and a URL); none for a first read. */
  headersFor(key: string): Readonly<Record<string, string>>;
  /** What a read of `key` answers: the kept answer after a 304, else `response`, kept when it has a validator. */
  settle(key: string, response: UpstreamResponse, provider: string): UpstreamResponse;
}

interface Kept {
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly response: UpstreamResponse;
}

export function createConditionalRequests(options: { readonly maxEntries: number }): ConditionalRequests {
  const kept = new Map<string, Kept>();

  return {
    headersFor(key) {
      const entry = kept.get(key);
      if (!entry) return {};
      return {
        ...(entry.etag ? { 'If-None-Match': entry.etag } : {}),
        ...(entry.lastModified && !entry.etag ? { 'If-Modified-Since': entry.lastModified } : {}),
      };
    },

    settle(key, response, provider) {
      const entry = kept.get(key);
      if (response.status === 304) {
        if (!entry)
          throw new GatewayError('PROVIDER_ERROR', `${provider} answered "not modified" to a first read.`);
        // Used again: least recently used last.
        kept.delete(key);
        kept.set(key, entry);
        return { ...entry.response, headers: overlay(response.headers, entry.response.headers) };
      }
      const etag = response.headers.get('etag');
      const lastModified = response.headers.get('last-modified');
      kept.delete(key);
      if (etag || lastModified) {
        kept.set(key, { etag, lastModified, response });
        while (kept.size > options.maxEntries) {
          const oldest = kept.keys().next().value;
          if (oldest === undefined) break;
          kept.delete(oldest);
        }
      }
      return response;
    },
  };
}

/** The 304's headers (fresh rate-limit counters), the kept answer's for what it lacks (`Link`). */
function overlay(fresh: ResponseHeaders, kept: ResponseHeaders): ResponseHeaders {
  return { get: (name) => fresh.get(name) ?? kept.get(name) };
}
