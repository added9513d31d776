import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { boxSchema } from './schema.js';

/**
 * Box Platform API (docs/providers.md#box). An invalid token is a 401 with an EMPTY body and the reason
 * only in `WWW-Authenticate`: the status alone says it.
 */
export const box = defineProvider({
  id: 'box',
  displayName: 'Box',
  clerkDocsSlug: 'box',
  apiBaseUrl: 'https://api.box.com/2.0',
  // 429 with `Retry-After` in seconds (the defaults); a 403 is a permission refusal, never a rate limit,
  // and a MISSING_SCOPES when its `code` says the token's scopes fall short.
  refusals: [{ status: 403, when: { at: 'code', equals: 'insufficient_scope' }, means: 'MISSING_SCOPES' }],
  // Box's default paging: offset and `limit` (at most 1000), with `total_count` in the body. The root's
  // items (`boxFiles`) page by marker instead, which that list states itself (schema.ts).
  pagination: {
    kind: 'offset',
    param: 'offset',
    totalAt: 'total_count',
    sizeParam: 'limit',
    maxPageSize: 1000,
  },
  // Box scopes are settings of the Box app; Clerk's authorize request sends none.
  defaultScopes: [],
  // Any token may read `GET /users/me`. The root's items need the app's read scope, or its read-write
  // one (least privilege first).
  fieldScopes: { profile: [], boxFiles: [['root_readonly', 'root_readwrite']] },
  // `GET /users/me`. Box users have no username and no public profile page; the login is the email.
  profile: mapProfile({
    path: '/users/me',
    schema: z.object({
      id: z.string(),
      name: z.string().nullish(),
      login: z.string().nullish(),
      avatar_url: z.string().nullish(),
    }),
    map: (user) => ({ id: user.id, name: user.name, email: user.login, avatarUrl: user.avatar_url }),
  }),
  schema: boxSchema,
});
