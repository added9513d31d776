import { defineProvider } from '../provider-declaration.js';
import { interpretGoogleRefusal } from './refusals.js';

/**
 * Google APIs on www.googleapis.com (docs/providers.md#google). A 403 means three things there: a
 * missing scope, a rate limit or a plain refusal, told apart by the error's reasons (`refusals.ts`),
 * which no rule can read; Google sends no rate-limit headers.
 */
export const google = defineProvider({
  id: 'google',
  displayName: 'Google',
  clerkDocsSlug: 'google',
  apiBaseUrl: 'https://www.googleapis.com',
  interpret: interpretGoogleRefusal,
  interpretStatuses: [403, 429],
  // `nextPageToken` in the body, sent back as `pageToken`.
  pagination: {
    kind: 'cursor',
    param: 'pageToken',
    nextAt: 'nextPageToken',
    sizeParam: 'maxResults',
    maxPageSize: 250,
  },
  // Observed in Clerk-generated authorize URLs.
  defaultScopes: [
    'openid',
    'https://www.googleapis.com/auth/userinfo.email',
    'https://www.googleapis.com/auth/userinfo.profile',
  ],
  // The userinfo endpoint is OpenID Connect's: `openid` is its scope; the email and profile scopes only
  // add claims to it.
  fieldScopes: { profile: ['openid'] },
  // The OpenID Connect claims of the account; Google gives no username or profile page.
  userinfoPath: '/oauth2/v3/userinfo',
});
