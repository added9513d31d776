import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/** Microsoft Graph (providers.md, "Microsoft"). */
export const microsoftManifest = defineProviderManifest({
  id: 'microsoft',
  displayName: 'Microsoft',
  apiBaseUrl: 'https://graph.microsoft.com',
  headers: {},
  // Throttling is a 429 with `Retry-After` in seconds (providers.md, Microsoft "Rate limiting"); a 403
  // is a permission problem, never a limit.
  rateLimit: { signalledStatuses: [], retryAfterHeaders: ['retry-after'] },
  // "Missing permission: 403 {error:{code:'Authorization_RequestDenied' or 'ErrorAccessDenied'}}"
  // (providers.md, Microsoft notes).
  interpret: ({ body }) => {
    const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
    return code === 'Authorization_RequestDenied' || code === 'ErrorAccessDenied'
      ? { kind: 'missing-scopes' }
      : undefined;
  },
  interpretStatuses: [403],
  // Lists page with an opaque `@odata.nextLink` URL in the body.
  pagination: 'cursor-in-body',
  // Observed once in a Clerk authorize URL (providers.json clerkDefaultScopes): no `User.Read`.
  defaultScopes: ['openid', 'email', 'profile', 'offline_access'],
  // None required: `/v1.0/me` needs `User.Read`, which Clerk does not ask for by default, and the
  // profile then comes from `/oidc/userinfo`, which Clerk's `openid` covers (profile.ts).
  fieldScopes: { profile: [] },
  clerkDocsUrl: clerkDocsUrlOf('microsoft'),
});
