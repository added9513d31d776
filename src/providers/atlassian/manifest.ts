import type { AnswerMeaning, ProviderAnswer } from '../../http/upstream-http.js';
import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/**
 * The api.atlassian.com gateway answers a token that lacks the scope an endpoint needs with a 401, not a
 * 403: `{"code":401,"message":"Unauthorized; scope does not match"}`. providers.md does not list it; it is
 * the body Atlassian's community threads and client code report. Any other 401 is a rejected token.
 */
export const SCOPE_MISMATCH_MESSAGE = 'Unauthorized; scope does not match';

function interpretAtlassianAnswer({ status, body }: ProviderAnswer): AnswerMeaning | undefined {
  const message = (body as { message?: unknown } | undefined)?.message;
  return status === 401 && message === SCOPE_MISMATCH_MESSAGE ? { kind: 'missing-scopes' } : undefined;
}

/** Atlassian's platform API (providers.md, "Atlassian"). */
export const atlassianManifest = defineProviderManifest({
  id: 'atlassian',
  displayName: 'Atlassian',
  apiBaseUrl: 'https://api.atlassian.com',
  headers: { Accept: 'application/json' },
  // 429 with `Retry-After` in seconds; the X-RateLimit-* headers exist only on the Jira/Confluence product
  // APIs, and a 403 is never a rate limit (providers.md, Atlassian "Rate limiting").
  rateLimit: { signalledStatuses: [], retryAfterHeaders: ['retry-after'] },
  interpret: interpretAtlassianAnswer,
  interpretStatuses: [401],
  // `GET /oauth/token/accessible-resources` is a plain JSON array.
  pagination: 'none',
  // Clerk's guide requires the "User identity API" (providers.md, Atlassian: documented-minimum).
  defaultScopes: ['read:me'],
  // `GET /me` is the User identity API: `read:me`.
  fieldScopes: { profile: ['read:me'] },
  clerkDocsUrl: clerkDocsUrlOf('atlassian'),
});
