import type { ProviderAnswer } from '../../http/upstream-http.js';
import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/**
 * GitLab REST API v4 on gitlab.com (providers.md, "GitLab"). A token without the scope an endpoint
 * needs gets a 403 `insufficient_scope`, other 403s are plain refusals (a blocked user…).
 */
export const gitlabManifest = defineProviderManifest({
  id: 'gitlab',
  displayName: 'GitLab',
  apiBaseUrl: 'https://gitlab.com/api/v4',
  headers: {},
  // 429 "Retry later" with `Retry-After` (seconds) and `RateLimit-Reset` (epoch seconds) next to
  // `RateLimit-Remaining: 0` (providers.md, GitLab "Rate limiting"); a 403 is never a rate limit.
  rateLimit: {
    signalledStatuses: [],
    retryAfterHeaders: ['retry-after'],
    resetHeaders: [{ header: 'ratelimit-reset', unit: 'epoch-seconds', whenZero: 'ratelimit-remaining' }],
  },
  interpret: ({ status, body }: ProviderAnswer) =>
    status === 403 && (body as { error?: unknown } | undefined)?.error === 'insufficient_scope'
      ? { kind: 'missing-scopes' }
      : undefined,
  interpretStatuses: [403],
  // `page`/`per_page` with `x-next-page` and `Link` headers.
  pagination: 'page-number',
  maxPageSize: 100,
  // Clerk's documented minimum for the GitLab application (providers.md, GitLab).
  defaultScopes: ['read_user'],
  // `GET /user` needs `read_user` (`api` and `read_api` would do too, but Clerk always asks for
  // `read_user`).
  fieldScopes: { profile: ['read_user'] },
  clerkDocsUrl: clerkDocsUrlOf('gitlab'),
});
