import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { gitlabSchema } from './schema.js';

/** GitLab REST API v4 on gitlab.com (docs/providers.md#gitlab). */
export const gitlab = defineProvider({
  id: 'gitlab',
  displayName: 'GitLab',
  clerkDocsSlug: 'gitlab',
  apiBaseUrl: 'https://gitlab.com/api/v4',
  // 429 "Retry later" with `Retry-After` (seconds) and `RateLimit-Reset` (epoch seconds) next to
  // `RateLimit-Remaining: 0`; a 403 is never a rate limit.
  rateLimit: {
    resetHeaders: [{ header: 'ratelimit-reset', unit: 'epoch-seconds', whenZero: 'ratelimit-remaining' }],
  },
  // A token without the scope an endpoint needs gets a 403 `insufficient_scope`; other 403s are plain
  // refusals (a blocked user…).
  refusals: [{ status: 403, when: { at: 'error', equals: 'insufficient_scope' }, means: 'MISSING_SCOPES' }],
  // `page`/`per_page`, the next page's number in `x-next-page` (empty on the last).
  pagination: {
    kind: 'next-header',
    header: 'x-next-page',
    param: 'page',
    first: 1,
    sizeParam: 'per_page',
    maxPageSize: 100,
  },
  // Clerk's documented minimum for the GitLab application.
  defaultScopes: ['read_user'],
  // `GET /user` takes `read_user`, `read_api` or `api`; the rest of the API (`GET /projects`) `read_api`
  // or `api` (`read_repository` covers only Git over HTTP and the repository files API). Least privilege
  // first (docs/providers.md#gitlab, "Scopes").
  fieldScopes: {
    profile: [['read_user', 'read_api', 'api']],
    gitlabProjects: [['read_api', 'api']],
  },
  // `GET /user`: the authenticated user.
  profile: mapProfile({
    path: '/user',
    schema: z.object({
      id: z.number(),
      username: z.string(),
      name: z.string().nullish(),
      // The primary address, shown to the user themself; `public_email` is `""` unless they made one public.
      email: z.string().nullish(),
      public_email: z.string().nullish(),
      avatar_url: z.string().nullish(),
      web_url: z.string().nullish(),
    }),
    map: (user) => ({
      id: user.id,
      username: user.username,
      name: user.name,
      email: user.email || user.public_email,
      avatarUrl: user.avatar_url,
      url: user.web_url,
    }),
  }),
  schema: gitlabSchema,
});
