import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { atlassianSchema } from './schema.js';

/**
 * The api.atlassian.com gateway answers a token that lacks the scope an endpoint needs with a 401, not a
 * 403: `{"code":401,"message":"Unauthorized; scope does not match"}`. Unverified: Atlassian's docs do not
 * give this body; it is what Atlassian's community threads and client code report. Any other 401 is a
 * rejected token.
 */
export const SCOPE_MISMATCH_MESSAGE = 'Unauthorized; scope does not match';

/** Atlassian's platform API (docs/providers.md#atlassian). */
export const atlassian = defineProvider({
  id: 'atlassian',
  displayName: 'Atlassian',
  clerkDocsSlug: 'atlassian',
  apiBaseUrl: 'https://api.atlassian.com',
  headers: { Accept: 'application/json' },
  // 429 with `Retry-After` in seconds (the defaults); the X-RateLimit-* headers exist only on the
  // Jira/Confluence product APIs, and a 403 is never a rate limit.
  refusals: [
    { status: 401, when: { at: 'message', equals: SCOPE_MISMATCH_MESSAGE }, means: 'MISSING_SCOPES' },
  ],
  // Clerk's guide requires the "User identity API".
  defaultScopes: ['read:me'],
  // `GET /me` is the User identity API: `read:me`. `GET /oauth/token/accessible-resources` takes any token
  // Atlassian issued: it needs no scope of its own, and lists a site once a product scope of that site
  // was granted (`read:me` alone lists none), so no single scope can be asked for ahead.
  fieldScopes: { profile: ['read:me'], atlassianSites: [] },
  // `GET /me`: the Atlassian account behind the token. It has no link to a profile page.
  profile: mapProfile({
    path: '/me',
    schema: z.object({
      account_id: z.string(),
      name: z.string().nullish(),
      nickname: z.string().nullish(),
      // Empty (or left out) when the user's profile-visibility settings hide it.
      email: z.string().nullish(),
      picture: z.string().nullish(),
    }),
    map: (me) => ({
      id: me.account_id,
      username: me.nickname,
      name: me.name,
      email: me.email,
      avatarUrl: me.picture,
    }),
  }),
  schema: atlassianSchema,
});
