import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { coinbaseSchema } from './schema.js';

/** Coinbase App API v2 (docs/providers.md#coinbase). */
export const coinbase = defineProvider({
  id: 'coinbase',
  displayName: 'Coinbase',
  clerkDocsSlug: 'coinbase',
  apiBaseUrl: 'https://api.coinbase.com',
  headers: {
    // Optional but recommended (docs/providers.md#coinbase, "API and headers"): it pins the API's
    // behaviour. The date is our choice; that an answer without it carries a `missing_version` warning is
    // unverified.
    'CB-VERSION': '2025-01-01',
  },
  // A 429 `rate_limit_exceeded` with no header saying how long to wait: the wait is the gateway's default
  // minute, or a `Retry-After` should Coinbase send one (the defaults).
  // Errors come as `{errors: [{id, message}]}`; a 403 `invalid_scope` is a scope the token lacks, other
  // 403s are refusals.
  refusals: [{ status: 403, when: { at: 'errors.*.id', equals: 'invalid_scope' }, means: 'MISSING_SCOPES' }],
  // `starting_after` object-id cursors: the list ends when `pagination.next_uri` is empty, and that URI
  // carries the next `starting_after` (`next_starting_after` is not in every documented answer). `limit`
  // up to 100; a page may hold fewer "due to permissions and access level control".
  pagination: {
    kind: 'next-url',
    nextAt: 'pagination.next_uri',
    param: 'starting_after',
    sizeParam: 'limit',
    maxPageSize: 100,
  },
  // Inferred.
  defaultScopes: ['wallet:user:read', 'wallet:user:email'],
  // `GET /v2/user` answers the public profile with any token; `wallet:user:email` adds the email and
  // `wallet:user:read` the private fields, neither of which is required.
  fieldScopes: { profile: [], coinbaseAccounts: ['wallet:accounts:read'] },
  // `GET /v2/user`: the current user, wrapped in `{data}`. A top-level `warnings` array (deprecations, a
  // missing CB-VERSION) may sit next to `data`: ignored.
  profile: mapProfile({
    path: '/v2/user',
    schema: z.object({
      data: z.object({
        id: z.string(),
        name: z.string().nullish(),
        username: z.string().nullish(),
        // Only with the `wallet:user:email` scope.
        email: z.string().nullish(),
        avatar_url: z.string().nullish(),
        profile_url: z.string().nullish(),
      }),
    }),
    map: ({ data: user }) => ({
      id: user.id,
      username: user.username,
      name: user.name,
      email: user.email,
      avatarUrl: user.avatar_url,
      url: user.profile_url,
    }),
  }),
  schema: coinbaseSchema,
});
