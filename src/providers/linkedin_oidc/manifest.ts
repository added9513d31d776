import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/** LinkedIn, "Sign In with LinkedIn using OpenID Connect" (providers.md, "LinkedIn (OIDC)"). */
export const linkedinOidcManifest = defineProviderManifest({
  id: 'linkedin_oidc',
  displayName: 'LinkedIn',
  apiBaseUrl: 'https://api.linkedin.com',
  headers: {},
  // A bare 429: daily quotas, "no rate-limit headers" (providers.md, LinkedIn "Rate limiting"). A
  // `Retry-After` is read if one comes; otherwise the gateway's default wait applies.
  rateLimit: { signalledStatuses: [], retryAfterHeaders: ['retry-after'] },
  // `serviceErrorCode` 100 is LinkedIn's "Not enough permissions to access: <resource>" (providers.md,
  // LinkedIn notes): a token without the scope the resource needs.
  interpret: ({ body }) =>
    (body as { serviceErrorCode?: unknown } | undefined)?.serviceErrorCode === 100
      ? { kind: 'missing-scopes' }
      : undefined,
  interpretStatuses: [403],
  pagination: 'none',
  // Inferred: the product's scopes (providers.json clerkDefaultScopes).
  defaultScopes: ['openid', 'profile', 'email'],
  // `/v2/userinfo` is the OpenID Connect UserInfo endpoint: it serves tokens of an `openid` request
  // (OIDC Core §5.3); `profile` and `email` only add claims.
  fieldScopes: { profile: ['openid'] },
  clerkDocsUrl: clerkDocsUrlOf('linkedin-oidc'),
});
