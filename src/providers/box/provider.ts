import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';

/**
 * Box Platform API (docs/providers.md#box). An invalid token is a 401 with an EMPTY body and the reason
 * only in `WWW-Authenticate`: the status alone says it.
 */
export const box = defineProvider({
  id: 'box',
  displayName: 'Box',
  clerkDocsSlug: 'box',
  apiBaseUrl: 'https://api.box.com/2.0',
  // 429 with `Retry-After` in seconds (the defaults); a 403 is a permission refusal, never a rate limit.
  // Folder items page by offset (the default) or marker, with `total_count` in the body.
  pagination: {
    kind: 'offset',
    param: 'offset',
    totalAt: 'total_count',
    sizeParam: 'limit',
    maxPageSize: 1000,
  },
  // Box scopes are settings of the Box app; Clerk's authorize request sends none.
  defaultScopes: [],
  // Any token may read `GET /users/me`.
  fieldScopes: { profile: [] },
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
});
