import type { ProviderAnswer } from '../../http/upstream-http.js';
import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/**
 * HubSpot API (providers.md, "HubSpot"). Errors carry a `category`: INVALID_AUTHENTICATION or
 * EXPIRED_AUTHENTICATION on a 401 (the status says it), MISSING_SCOPES on a 403, which is otherwise a
 * plain refusal.
 */
export const hubspotManifest = defineProviderManifest({
  id: 'hubspot',
  displayName: 'HubSpot',
  apiBaseUrl: 'https://api.hubapi.com',
  // Its who-am-I is token introspection, `GET /oauth/v1/access-tokens/{token}` (providers.md, HubSpot).
  tokenInPath: true,
  headers: {},
  // A 429 states no wait, only the policy's rolling window (`X-HubSpot-RateLimit-Interval-Milliseconds`,
  // 10 000 for OAuth apps) and the calls left in it: with none left, the window is the longest wait
  // (providers.md, HubSpot "Rate limiting").
  rateLimit: {
    signalledStatuses: [],
    resetHeaders: [
      {
        header: 'x-hubspot-ratelimit-interval-milliseconds',
        unit: 'milliseconds',
        whenZero: 'x-hubspot-ratelimit-remaining',
      },
    ],
  },
  interpret: ({ status, body }: ProviderAnswer) =>
    status === 403 && (body as { category?: unknown } | undefined)?.category === 'MISSING_SCOPES'
      ? { kind: 'missing-scopes' }
      : undefined,
  interpretStatuses: [403],
  // `paging.next.after` in the body.
  pagination: 'cursor-in-body',
  maxPageSize: 100,
  // Inferred by the reference from Clerk's guide (providers.md, HubSpot).
  defaultScopes: ['oauth', 'crm.objects.owners.read'],
  // The token's own metadata needs no scope.
  fieldScopes: { profile: [] },
  clerkDocsUrl: clerkDocsUrlOf('hubspot'),
});
