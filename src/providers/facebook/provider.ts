import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { facebookSchema } from './schema.js';

/** Refusals come as 400, 401 or 403: the `error.code` tells them apart, not the status. */
const REFUSAL_STATUSES = [400, 401, 403];
/** Graph's permission errors: code 10 (permission denied) and 200–299 (a permission not granted). */
const PERMISSION_ERROR_CODES = [10, ...Array.from({ length: 100 }, (_, index) => 200 + index)];

/** Facebook Graph API (docs/providers.md#facebook). */
export const facebook = defineProvider({
  id: 'facebook',
  displayName: 'Facebook',
  clerkDocsSlug: 'facebook',
  // The Graph version is part of the base URL; Clerk's shared app used v20.0.
  apiBaseUrl: 'https://graph.facebook.com/v20.0',
  // Facebook states no wait: its limits are over a rolling hour, reported only as usage percentages
  // (`X-App-Usage`), so a limit waits the gateway's default minute (or a `Retry-After`, should one come).
  refusals: [
    // An invalid, expired or revoked token: `OAuthException` code 190, whatever its subcode.
    { status: REFUSAL_STATUSES, when: { at: 'error.code', equals: 190 }, means: 'REAUTH_REQUIRED' },
    // Application, user, page and custom-level rate limits.
    { status: REFUSAL_STATUSES, when: { at: 'error.code', oneOf: [4, 17, 32, 613] }, means: 'RATE_LIMITED' },
    // A permission the token lacks (or the app was not approved for), e.g. `(#200) … pages_show_list`.
    {
      status: REFUSAL_STATUSES,
      when: { at: 'error.code', oneOf: PERMISSION_ERROR_CODES },
      means: 'MISSING_SCOPES',
    },
  ],
  // `after` back from `paging.cursors.after`, while `paging.next` is there. A page may hold fewer than
  // `limit` ("due to filtering"); 100 as the largest `limit` is unverified.
  pagination: {
    kind: 'cursor',
    param: 'after',
    nextAt: 'paging.cursors.after',
    hasMoreAt: 'paging.next',
    sizeParam: 'limit',
    maxPageSize: 100,
  },
  // Observed in a Clerk authorize URL; `public_profile` is granted implicitly.
  defaultScopes: ['email'],
  // `/me` needs no permission beyond the implicit `public_profile`; without `email` the field is just
  // left out. `GET /me/accounts` lists only the Pages `pages_show_list` was granted for: none without it.
  fieldScopes: { profile: [], facebookPages: ['pages_show_list'] },
  // `GET /me?fields=…`: without `fields` the Graph API answers only `id` and `name`. No username since
  // Graph v2.0, and the profile link needs the `user_link` permission.
  profile: mapProfile({
    path: '/me',
    query: { fields: 'id,name,email,picture' },
    schema: z.object({
      // App-scoped: the same person has another id in another app.
      id: z.string(),
      name: z.string().nullish(),
      // Absent without the `email` permission, or when the account has no confirmed address.
      email: z.string().nullish(),
      picture: z.object({ data: z.object({ url: z.string().nullish() }) }).nullish(),
    }),
    map: (user) => ({ id: user.id, name: user.name, email: user.email, avatarUrl: user.picture?.data.url }),
  }),
  schema: facebookSchema,
});
