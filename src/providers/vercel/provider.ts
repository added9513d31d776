import { defineProvider } from '../provider-declaration.js';
import { vercelSchema } from './schema.js';

/** Sign in with Vercel (docs/providers.md#vercel). */
export const vercel = defineProvider({
  id: 'vercel',
  displayName: 'Vercel',
  clerkDocsSlug: 'vercel',
  apiBaseUrl: 'https://api.vercel.com',
  // 429 with `X-RateLimit-Reset` in epoch seconds, no Retry-After; a 403 is a token or permission
  // problem, never a rate limit.
  rateLimit: {
    retryAfterHeaders: [],
    resetHeaders: [{ header: 'x-ratelimit-reset', unit: 'epoch-seconds' }],
  },
  // A bad or expired token is a 403 whose `error.invalidToken` is true; any other 403 is a refusal. The
  // userinfo endpoint may answer a 401 with an OAuth-style body (unverified): a refused token anyway.
  refusals: [{ status: 403, when: { at: 'error.invalidToken', equals: true }, means: 'REAUTH_REQUIRED' }],
  // A timestamp cursor: `pagination.next` (ms, or null on the last page), sent back as `until`, as the
  // Vercel CLI's `project ls` pages `GET /v9/projects` (docs/providers.md#vercel, "Pagination").
  pagination: {
    kind: 'cursor',
    param: 'until',
    nextAt: 'pagination.next',
    sizeParam: 'limit',
    maxPageSize: 100,
  },
  // Documented by Clerk.
  defaultScopes: ['openid', 'email', 'profile', 'offline_access'],
  // The OpenID userinfo endpoint needs `openid`; `email` and `profile` only add claims. The REST API
  // checks no OAuth scope: what a Sign-in-with-Vercel token may reach is the app's permissions (set on
  // the Vercel app, not requested in the authorize URL), so `vercelProjects` has no scope to check.
  fieldScopes: { profile: ['openid'], vercelProjects: [] },
  // Vercel's OpenID userinfo endpoint, rather than the REST `GET /v2/user`, which Sign-in-with-Vercel
  // tokens may not reach (unverified). The claims carry no profile URL.
  userinfoPath: '/login/oauth/userinfo',
  schema: vercelSchema,
});
