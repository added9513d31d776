import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { xeroSchema } from './schema.js';

/** Xero (docs/providers.md#xero). */
export const xero = defineProvider({
  id: 'xero',
  displayName: 'Xero',
  clerkDocsSlug: 'xero',
  apiBaseUrl: 'https://api.xero.com',
  // Xero's accounting endpoints are assumed to answer XML unless asked for JSON (unverified: the sources
  // only say to send this header); `/connections` is JSON either way.
  headers: { Accept: 'application/json' },
  // A 429 with `Retry-After` in seconds (the defaults); `X-Rate-Limit-Problem` only says which limit
  // (minute, day, appminute, concurrent), and the wait covers it. A 403 is a tenant refusal, never a
  // rate limit.
  // The accounting API pages by page number, 1-based, while pages come back full.
  pagination: { kind: 'page-number', param: 'page', first: 1, sizeParam: 'pageSize', maxPageSize: 1000 },
  // Inferred: the OIDC identity scopes and a refresh token.
  defaultScopes: ['openid', 'profile', 'email', 'offline_access'],
  // `GET /connections` (on this base URL: `https://api.xero.com/connections`) takes any token Xero issued,
  // so neither field needs a scope; the list is empty until a tenant scope (accounting, payroll…) was
  // granted, and which one an app may ask is its own business.
  fieldScopes: { profile: [], xeroOrganisations: [] },
  // Xero has no "me" endpoint: `GET /connections`, the tenants the user authorised, is its only
  // user-level call, and the person (xero_userid, name, email) is in the OIDC id_token Clerk took the
  // account from. So the profile calls `/connections` with the account's token, which proves the token
  // is still good (or surfaces Xero's 401 and 429), and describes the person with the identity Clerk
  // recorded from Xero. The list may well be empty: with only the OIDC scopes no tenant is authorised.
  profile: mapProfile({
    path: '/connections',
    schema: z.array(z.object({ id: z.string(), tenantId: z.string(), tenantType: z.string() })),
    map: (_connections, account) => ({
      id: account.providerUserId ?? account.id,
      username: account.username,
      name: [account.firstName, account.lastName].filter(Boolean).join(' '),
      email: account.emailAddress,
      avatarUrl: account.imageUrl,
    }),
  }),
  schema: xeroSchema,
});
