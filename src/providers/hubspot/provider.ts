import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { hubspotSchema } from './schema.js';

/**
 * HubSpot API (docs/providers.md#hubspot). Errors carry a `category`: INVALID_AUTHENTICATION or
 * EXPIRED_AUTHENTICATION on a 401 (the status says it), MISSING_SCOPES on a 403, which is otherwise a
 * plain refusal.
 */
export const hubspot = defineProvider({
  id: 'hubspot',
  displayName: 'HubSpot',
  clerkDocsSlug: 'hubspot',
  apiBaseUrl: 'https://api.hubapi.com',
  // Its who-am-I is token introspection, `GET /oauth/v1/access-tokens/{token}`.
  tokenInPath: true,
  // A 429 states no wait, only the policy's rolling window (`X-HubSpot-RateLimit-Interval-Milliseconds`,
  // 10 000 for OAuth apps) and the calls left in it: with none left, the window is the longest wait.
  rateLimit: {
    resetHeaders: [
      {
        header: 'x-hubspot-ratelimit-interval-milliseconds',
        unit: 'milliseconds',
        whenZero: 'x-hubspot-ratelimit-remaining',
      },
    ],
  },
  // A call whose scope the token lacks (`hubspotContacts` without `crm.objects.contacts.read`).
  refusals: [{ status: 403, when: { at: 'category', equals: 'MISSING_SCOPES' }, means: 'MISSING_SCOPES' }],
  // `after` back from `paging.next.after`; no `paging` on the last page. `limit` is at most 100 on the
  // CRM object lists.
  pagination: {
    kind: 'cursor',
    param: 'after',
    nextAt: 'paging.next.after',
    sizeParam: 'limit',
    maxPageSize: 100,
  },
  // Inferred from Clerk's guide.
  defaultScopes: ['oauth', 'crm.objects.owners.read'],
  // The token's own metadata needs no scope; the contacts list needs `crm.objects.contacts.read`
  // (HubSpot's 403 `MISSING_SCOPES` names it in `requiredGranularScopes`).
  fieldScopes: { profile: [], hubspotContacts: ['crm.objects.contacts.read'] },
  // The token's metadata names the HubSpot user who installed the app and their account (hub). The token
  // goes in the path, not in a header: `{token}` is filled in at send time and never logged. The
  // metadata has no name, username, picture or profile page.
  profile: mapProfile({
    path: '/oauth/v1/access-tokens/{token}',
    schema: z.object({
      user_id: z.number(),
      // The user's email address.
      user: z.string().nullish(),
    }),
    map: (metadata) => ({ id: metadata.user_id, email: metadata.user }),
  }),
  schema: hubspotSchema,
});
