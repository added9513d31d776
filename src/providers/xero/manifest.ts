import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/** Xero (providers.md, "Xero"). */
export const xeroManifest = defineProviderManifest({
  id: 'xero',
  displayName: 'Xero',
  apiBaseUrl: 'https://api.xero.com',
  // Xero's accounting endpoints answer XML unless asked for JSON; `/connections` is JSON either way.
  headers: { Accept: 'application/json' },
  // A 429 with `Retry-After` in seconds; `X-Rate-Limit-Problem` only says which limit (minute, day,
  // appminute, concurrent), and the wait covers it (providers.md, Xero "Rate limiting"). A 403 is a
  // tenant refusal, never a rate limit.
  rateLimit: { signalledStatuses: [], retryAfterHeaders: ['retry-after'] },
  // The accounting API pages by page number (providers.md, Xero data endpoint).
  pagination: 'page-number',
  // Inferred (providers.md, Xero): the OIDC identity scopes and a refresh token.
  defaultScopes: ['openid', 'profile', 'email', 'offline_access'],
  // `GET /connections` takes any token Xero issued.
  fieldScopes: { profile: [] },
  clerkDocsUrl: clerkDocsUrlOf('xero'),
});
