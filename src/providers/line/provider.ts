import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';

/** LINE Login v2.1 (docs/providers.md#line). */
export const line = defineProvider({
  id: 'line',
  displayName: 'LINE',
  clerkDocsSlug: 'line',
  apiBaseUrl: 'https://api.line.me',
  // A 429 with no documented wait header ("thresholds not disclosed"): a `Retry-After` is read if one
  // ever comes (the default), else the gateway's default wait applies.
  // LINE's status-code table calls a 403 "not authorized to use the API"; that for `/v2/profile` it means
  // a token without the `profile` scope is our reading, unverified.
  refusals: [{ status: 403, means: 'MISSING_SCOPES' }],
  // Inferred; `email` also needs LINE's approval of the channel.
  defaultScopes: ['profile', 'openid', 'email'],
  // "You need an access token with the profile scope to get a user's profile information" (LINE docs,
  // managing users).
  fieldScopes: { profile: ['profile'] },
  // `GET /v2/profile`. LINE has no username, no profile page, and no REST endpoint gives the email (it
  // is only in the ID token): those stay `null`.
  profile: mapProfile({
    path: '/v2/profile',
    schema: z.object({
      userId: z.string(),
      displayName: z.string().nullish(),
      // Omitted when the user has none.
      pictureUrl: z.string().optional(),
    }),
    map: (profile) => ({ id: profile.userId, name: profile.displayName, avatarUrl: profile.pictureUrl }),
  }),
});
