import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';
import { interpretGoogleRefusal } from './refusals.js';

/**
 * Google APIs on www.googleapis.com (providers.md, "Google"). A 403 means three things there: a
 * missing scope, a rate limit or a plain refusal, told apart by the error's reasons
 * (`refusals.ts`).
 */
export const googleManifest = defineProviderManifest({
  id: 'google',
  displayName: 'Google',
  apiBaseUrl: 'https://www.googleapis.com',
  headers: {},
  // Google sends no rate-limit headers (providers.md, Google "Rate limiting"): its 403 and 429 rate
  // limits are read by `interpretGoogleRefusal`.
  rateLimit: { signalledStatuses: [] },
  interpret: interpretGoogleRefusal,
  interpretStatuses: [403, 429],
  // `nextPageToken` in the body, sent back as `pageToken`.
  pagination: 'cursor-in-body',
  // Observed in Clerk-generated authorize URLs (providers.md, Google).
  defaultScopes: [
    'openid',
    'https://www.googleapis.com/auth/userinfo.email',
    'https://www.googleapis.com/auth/userinfo.profile',
  ],
  // The userinfo endpoint is OpenID Connect's: `openid` is its scope; the email and profile scopes only
  // add claims to it.
  fieldScopes: { profile: ['openid'] },
  clerkDocsUrl: clerkDocsUrlOf('google'),
});
