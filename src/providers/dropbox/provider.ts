import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { dropboxSchema } from './schema.js';

/**
 * Dropbox API v2 (docs/providers.md#dropbox). Its RPC endpoints are all POST, reads included. A 401 is
 * not always a bad token: `missing_scope` also comes as a 401, told apart only by the error's `.tag`;
 * every other 401 tag (expired_access_token, invalid_access_token, user_suspended…) is the token.
 */
export const dropbox = defineProvider({
  id: 'dropbox',
  displayName: 'Dropbox',
  clerkDocsSlug: 'dropbox',
  apiBaseUrl: 'https://api.dropboxapi.com/2',
  // 429 with `Retry-After` in seconds, repeated as `error.retry_after` in the body; a 403 is never a
  // rate limit.
  rateLimit: { bodyFields: [{ field: 'error.retry_after', unit: 'seconds' }] },
  refusals: [
    { status: 401, when: { at: ['error', '.tag'], equals: 'missing_scope' }, means: 'MISSING_SCOPES' },
  ],
  // `files/list_folder` (`limit` 1–2000, in the JSON body), then `files/list_folder/continue` with the
  // `cursor` of the previous answer, while `has_more` (docs/providers.md#dropbox, "Pagination").
  pagination: {
    kind: 'cursor',
    param: 'cursor',
    nextAt: 'cursor',
    hasMoreAt: 'has_more',
    continuePath: '/files/list_folder/continue',
    sizeParam: 'limit',
    maxPageSize: 2000,
  },
  // Inferred; a scoped Dropbox app always has it.
  defaultScopes: ['account_info.read'],
  // `users/get_current_account` requires `account_info.read`; `files/list_folder` and its `continue`,
  // `files.metadata.read` (the one scope Dropbox's API spec names for both).
  fieldScopes: { profile: ['account_info.read'], dropboxFiles: ['files.metadata.read'] },
  // `POST /users/get_current_account`: an RPC read without arguments, whose body is the literal JSON
  // `null` (an empty body with a JSON content type is refused with a 400). Dropbox accounts have no
  // username and no public profile page.
  profile: mapProfile({
    method: 'POST',
    path: '/users/get_current_account',
    body: 'null',
    schema: z.object({
      account_id: z.string(),
      name: z.object({ display_name: z.string().nullish() }),
      email: z.string().nullish(),
      // Absent when the user has no photo.
      profile_photo_url: z.string().nullish(),
    }),
    map: (account) => ({
      id: account.account_id,
      name: account.name.display_name,
      email: account.email,
      avatarUrl: account.profile_photo_url,
    }),
  }),
  schema: dropboxSchema,
});
