import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { xSchema } from './schema.js';

/** The scope X requires before it hands out `confirmed_email`. */
export const X_EMAIL_SCOPE = 'users.email';

/** X API v2 (docs/providers.md#x). */
export const x = defineProvider({
  id: 'x',
  displayName: 'X',
  clerkDocsSlug: 'x-twitter',
  apiBaseUrl: 'https://api.x.com/2',
  // A 429 with `x-rate-limit-reset` in epoch seconds, and no `Retry-After`; a 403 is never a rate limit
  // (it is e.g. `client-not-enrolled`).
  rateLimit: {
    retryAfterHeaders: [],
    resetHeaders: [{ header: 'x-rate-limit-reset', unit: 'epoch-seconds' }],
  },
  // A user-context token without an endpoint's scopes gets X's bare 403 `{"title": "Forbidden", "type":
  // "about:blank"}`; other 403s (`Client Forbidden`: the app is not enrolled) stay PROVIDER_ERROR.
  refusals: [{ status: 403, when: { at: 'title', equals: 'Forbidden' }, means: 'MISSING_SCOPES' }],
  // `pagination_token` back from `meta.next_token` (timelines: `max_results` 5–100). A page may hold
  // fewer than asked, even none, while a `next_token` follows.
  pagination: {
    kind: 'cursor',
    param: 'pagination_token',
    nextAt: 'meta.next_token',
    sizeParam: 'max_results',
    maxPageSize: 100,
  },
  // Pre-configured by Clerk (documented in an earlier revision of Clerk's guide).
  defaultScopes: ['users.read', 'tweet.read'],
  // `GET /2/users/me` and the user timeline `GET /2/users/:id/tweets` each require both (X's docs for the
  // endpoints).
  fieldScopes: { profile: ['tweet.read', 'users.read'], xPosts: ['tweet.read', 'users.read'] },
  // `GET /2/users/me`: only `id`, `name` and `username` unless `user.fields` asks for more. The account's
  // page is `x.com/<username>`; the `url` user field is the website in the bio. `confirmed_email` is
  // recent and unverified: asked for only when the account granted `users.email`, so an account without
  // it is not put at risk of a refusal.
  profile: mapProfile({
    path: '/users/me',
    query: (account) => ({
      'user.fields': account.approvedScopes.includes(X_EMAIL_SCOPE)
        ? 'profile_image_url,confirmed_email'
        : 'profile_image_url',
    }),
    schema: z.object({
      // A partial error may come next to `data` with HTTP 200: `data` is what counts.
      data: z.object({
        id: z.string(),
        username: z.string(),
        name: z.string().nullish(),
        profile_image_url: z.string().nullish(),
        confirmed_email: z.string().nullish(),
      }),
    }),
    map: ({ data: user }) => ({
      id: user.id,
      username: user.username,
      name: user.name,
      email: user.confirmed_email,
      avatarUrl: user.profile_image_url,
      url: `https://x.com/${user.username}`,
    }),
  }),
  schema: xSchema,
});
