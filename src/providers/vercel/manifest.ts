import type { AnswerMeaning, ProviderAnswer } from '../../http/upstream-http.js';
import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/**
 * Vercel answers a bad or expired token with a 403 whose `error.invalidToken` is true (providers.md,
 * Vercel "Invalid/expired token"); any other 403 is a refusal. The reference also says userinfo may
 * answer a 401 with an OAuth-style body (unverified): a 401 is a refused token anyway.
 */
function interpretVercelAnswer({ status, body }: ProviderAnswer): AnswerMeaning | undefined {
  const error = (body as { error?: { invalidToken?: unknown } } | null | undefined)?.error;
  return status === 403 && error?.invalidToken === true ? { kind: 'token-rejected' } : undefined;
}

/** Sign in with Vercel (providers.md, "Vercel"). */
export const vercelManifest = defineProviderManifest({
  id: 'vercel',
  displayName: 'Vercel',
  apiBaseUrl: 'https://api.vercel.com',
  headers: {},
  // 429 with `X-RateLimit-Reset` in epoch seconds, no Retry-After (providers.md, Vercel "Rate
  // limiting"); a 403 is a token or permission problem, never a rate limit.
  rateLimit: {
    signalledStatuses: [],
    retryAfterHeaders: [],
    resetHeaders: [{ header: 'x-ratelimit-reset', unit: 'epoch-seconds' }],
  },
  interpret: interpretVercelAnswer,
  interpretStatuses: [403],
  pagination: 'cursor-in-body',
  // Documented by Clerk (providers.md, Vercel "Default scopes").
  defaultScopes: ['openid', 'email', 'profile', 'offline_access'],
  // The OpenID userinfo endpoint needs `openid`; `email` and `profile` only add claims.
  fieldScopes: { profile: ['openid'] },
  clerkDocsUrl: clerkDocsUrlOf('vercel'),
});
