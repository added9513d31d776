import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/** LINE Login v2.1 (providers.md, "LINE"). */
export const lineManifest = defineProviderManifest({
  id: 'line',
  displayName: 'LINE',
  apiBaseUrl: 'https://api.line.me',
  headers: {},
  // A 429 with no documented wait header ("thresholds not disclosed", providers.md LINE "Rate
  // limiting"): a `Retry-After` is read if one ever comes, else the gateway's default wait applies.
  rateLimit: { signalledStatuses: [], retryAfterHeaders: ['retry-after'] },
  // LINE's 403 is "not authorized to use the API" (LINE Login API reference, status codes); for
  // `/v2/profile` that is a token without the `profile` scope.
  interpret: ({ status }) => (status === 403 ? { kind: 'missing-scopes' } : undefined),
  interpretStatuses: [403],
  pagination: 'none',
  // Inferred (providers.json clerkDefaultScopes); `email` also needs LINE's approval of the channel.
  defaultScopes: ['profile', 'openid', 'email'],
  // "You need an access token with the profile scope to get a user's profile information" (LINE docs,
  // managing users).
  fieldScopes: { profile: ['profile'] },
  clerkDocsUrl: clerkDocsUrlOf('line'),
});
