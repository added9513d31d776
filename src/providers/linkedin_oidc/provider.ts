import { defineProvider } from '../provider-declaration.js';

/** LinkedIn, "Sign In with LinkedIn using OpenID Connect" (docs/providers.md#linkedin). */
export const linkedinOidc = defineProvider({
  id: 'linkedin_oidc',
  displayName: 'LinkedIn',
  clerkDocsSlug: 'linkedin-oidc',
  apiBaseUrl: 'https://api.linkedin.com',
  // A bare 429: daily quotas, no rate-limit headers. A `Retry-After` is read if one comes (the default);
  // otherwise the gateway's default wait applies.
  // `serviceErrorCode` 100 is LinkedIn's "Not enough permissions to access: <resource>": a token without
  // the scope the resource needs.
  refusals: [{ status: 403, when: { at: 'serviceErrorCode', equals: 100 }, means: 'MISSING_SCOPES' }],
  // Inferred: the product's scopes.
  defaultScopes: ['openid', 'profile', 'email'],
  // `/v2/userinfo` is the OpenID Connect UserInfo endpoint: it serves tokens of an `openid` request
  // (OIDC Core §5.3); `profile` and `email` only add claims.
  fieldScopes: { profile: ['openid'] },
  // OpenID Connect claims. `locale` (a string in the docs, often `{country, language}` in practice) is not
  // read; `picture` may be absent. LinkedIn OIDC has no username and no profile URL.
  userinfoPath: '/v2/userinfo',
});
