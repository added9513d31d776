import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/**
 * Box Platform API (providers.md, "Box"). An invalid token is a 401 with an EMPTY body and the reason
 * only in `WWW-Authenticate`: the status alone says it, so no `interpret` is needed (a 401's body is
 * never read).
 */
export const boxManifest = defineProviderManifest({
  id: 'box',
  displayName: 'Box',
  apiBaseUrl: 'https://api.box.com/2.0',
  headers: {},
  // 429 with `Retry-After` in seconds; a 403 is a permission refusal, never a rate limit (providers.md,
  // Box "Rate limiting").
  rateLimit: { signalledStatuses: [], retryAfterHeaders: ['retry-after'] },
  // Folder items page by offset (default) or marker.
  pagination: 'offset',
  maxPageSize: 1000,
  // Box scopes are settings of the Box app; Clerk's authorize request sends none (providers.md, Box).
  defaultScopes: [],
  // Any token may read `GET /users/me`.
  fieldScopes: { profile: [] },
  clerkDocsUrl: clerkDocsUrlOf('box'),
});
