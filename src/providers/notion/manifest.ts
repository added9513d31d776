import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/** Notion API (providers.md, "Notion (deep dive)"). */
export const notionManifest = defineProviderManifest({
  id: 'notion',
  displayName: 'Notion',
  apiBaseUrl: 'https://api.notion.com',
  headers: {
    // Required on every call (400 `missing_version` otherwise). 2022-06-28 is what Clerk's docs send;
    // `/v1/users` is identical in 2025-09-03.
    'Notion-Version': '2022-06-28',
  },
  // Notion signals limits with 429 `rate_limited` + `Retry-After` in integer seconds only; no
  // remaining/reset headers (providers.md, Notion "Errors and rate limits").
  rateLimit: { signalledStatuses: [], retryAfterHeaders: ['retry-after'] },
  pagination: 'cursor-in-body',
  maxPageSize: 100,
  // Notion OAuth has no scopes: what a token may read is the integration's capabilities
  // (providers.md, Notion catalogue entry), so no field can be checked ahead.
  defaultScopes: [],
  fieldScopes: { profile: [], notionUsers: [] },
  clerkDocsUrl: clerkDocsUrlOf('notion'),
});
