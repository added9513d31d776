import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { notionSchema } from './schema.js';

const userSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  avatar_url: z.string().nullish(),
  person: z.object({ email: z.string().optional() }).optional(),
});

/** Notion API (docs/providers.md#notion). */
export const notion = defineProvider({
  id: 'notion',
  displayName: 'Notion',
  clerkDocsSlug: 'notion',
  apiBaseUrl: 'https://api.notion.com',
  headers: {
    // Required on every call (400 `missing_version` otherwise). 2022-06-28 is what Clerk's docs send;
    // `/v1/users` is identical in 2025-09-03, and so is a search filtered to pages (2025-09-03 renames
    // only the database side: `data_source`).
    'Notion-Version': '2022-06-28',
  },
  // Limits are 429 `rate_limited` + `Retry-After` in integer seconds, no remaining/reset headers: the
  // defaults.
  // `start_cursor` back from `next_cursor`, while `has_more`; a page may hold fewer than `page_size`
  // items even when more follow. The same for `GET /v1/users` (query) and `POST /v1/search` (JSON body).
  pagination: {
    kind: 'cursor',
    param: 'start_cursor',
    nextAt: 'next_cursor',
    hasMoreAt: 'has_more',
    sizeParam: 'page_size',
    maxPageSize: 100,
  },
  // Notion OAuth has no scopes: what a token may read is the integration's capabilities ("Read user
  // information", "Read content"), so no field can be checked ahead. Without a capability Notion answers
  // 403 `restricted_resource`, which stays a PROVIDER_ERROR: no scope would fix it. A page the user did
  // not share simply is not in the search.
  defaultScopes: [],
  fieldScopes: { profile: [], notionUsers: [], notionPages: [] },
  // `GET /v1/users/me` answers the integration's bot; for a public (OAuth) integration, the case of
  // Clerk, the person who connected it is `bot.owner.user`. An internal integration is owned by the
  // workspace: the bot is then the best description there is.
  profile: mapProfile({
    path: '/v1/users/me',
    schema: userSchema.extend({
      bot: z
        .object({
          owner: z
            .object({ type: z.string(), user: userSchema.partial({ name: true }).optional() })
            .optional(),
        })
        .optional(),
    }),
    map: (me) => {
      const user = (me.bot?.owner?.type === 'user' ? me.bot.owner.user : undefined) ?? me;
      return { id: user.id, name: user.name, email: user.person?.email, avatarUrl: user.avatar_url };
    },
  }),
  schema: notionSchema,
});
