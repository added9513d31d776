import { z } from 'zod';
import type { AnswerMeaning, ProviderAnswer } from '../../http/upstream-http.js';
import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/**
 * Bitbucket answers a token without a scope an endpoint needs with 403 and its error envelope naming the
 * scopes: `{"type":"error","error":{"message":"Your credentials lack one or more required privilege
 * scopes.","detail":{"granted":[…],"required":[…]}}}` (the envelope is providers.md's; the message and
 * `detail` are what Bitbucket clients match on). Other 403s are permission refusals.
 */
const scopeRefusalSchema = z.object({
  type: z.literal('error'),
  error: z.object({ detail: z.object({ required: z.array(z.string()) }) }),
});

function interpretBitbucketAnswer({ status, body }: ProviderAnswer): AnswerMeaning | undefined {
  return status === 403 && scopeRefusalSchema.safeParse(body).success
    ? { kind: 'missing-scopes' }
    : undefined;
}

/** Bitbucket Cloud REST 2.0 (providers.md, "Bitbucket"). */
export const bitbucketManifest = defineProviderManifest({
  id: 'bitbucket',
  displayName: 'Bitbucket',
  apiBaseUrl: 'https://api.bitbucket.org/2.0',
  headers: { Accept: 'application/json' },
  // 429 with `X-RateLimit-Limit`, `X-RateLimit-Resource` and `X-RateLimit-NearLimit`, none of which says
  // how long to wait, and no documented `Retry-After` (providers.md, Bitbucket "Rate limiting"; the header
  // names are unverified). A `Retry-After`, if Bitbucket sends one, is honoured; without it the wait is the
  // gateway's default minute.
  rateLimit: { signalledStatuses: [], retryAfterHeaders: ['retry-after'] },
  interpret: interpretBitbucketAnswer,
  interpretStatuses: [403],
  // `{pagelen, page, size?, next?, values}`: a page number, with the next page's URL in the body.
  pagination: 'page-number',
  maxPageSize: 100,
  // Inferred: Clerk's guide ticks Account: Email + Read (providers.md, Bitbucket).
  defaultScopes: ['account', 'email'],
  // `GET /user` needs `account`; the email (`GET /user/emails`, scope `email`) is read only when granted.
  fieldScopes: { profile: ['account'] },
  clerkDocsUrl: clerkDocsUrlOf('bitbucket'),
});

/** The scope `GET /user/emails` needs. */
export const BITBUCKET_EMAIL_SCOPE = 'email';
