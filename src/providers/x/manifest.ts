import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/** X API v2 (providers.md, "X / Twitter (API v2)"). */
export const xManifest = defineProviderManifest({
  id: 'x',
  displayName: 'X',
  apiBaseUrl: 'https://api.x.com/2',
  headers: {},
  // A 429 with `x-rate-limit-reset` in epoch seconds, and no `Retry-After`; a 403 is never a rate limit
  // (it is e.g. `client-not-enrolled`) (providers.md, X "Rate limiting" and notes).
  rateLimit: {
    signalledStatuses: [],
    retryAfterHeaders: [],
    resetHeaders: [{ header: 'x-rate-limit-reset', unit: 'epoch-seconds' }],
  },
  // Timelines page with `meta.next_token` in the body (providers.md, X data endpoint).
  pagination: 'cursor-in-body',
  // Pre-configured by Clerk (providers.md, X: documented in an earlier revision of Clerk's guide).
  defaultScopes: ['users.read', 'tweet.read'],
  // `GET /2/users/me` requires both (X's docs for the endpoint).
  fieldScopes: { profile: ['tweet.read', 'users.read'] },
  clerkDocsUrl: clerkDocsUrlOf('x-twitter'),
});

/** The scope X requires before it hands out `confirmed_email` (providers.md, X profile notes). */
export const X_EMAIL_SCOPE = 'users.email';
