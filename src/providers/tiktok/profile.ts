/**
 * `GET /v2/user/info/?fields=…` (providers.md, TikTok profile example). `fields` is required, and each
 * field needs its scope: `username` and `profile_deep_link` moved to `user.info.profile` in 2024, which
 * Clerk does not ask for by default, so they are asked for only when the account granted it. TikTok has
 * no email.
 */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { tiktokManifest } from './manifest.js';

const BASIC_FIELDS = ['open_id', 'union_id', 'avatar_url', 'display_name'];
const PROFILE_FIELDS = ['username', 'profile_deep_link'];
const PROFILE_SCOPE = 'user.info.profile';

const userInfoSchema = z.object({
  data: z.object({
    user: z.object({
      open_id: z.string(),
      display_name: z.string().nullish(),
      avatar_url: z.string().nullish(),
      username: z.string().nullish(),
      profile_deep_link: z.string().nullish(),
    }),
  }),
});

export const readTikTokProfile: ProfileReader = async (calls, account) => {
  // TikTok joins scopes with commas (providers.md, TikTok sources: Nango's `scope_separator ','`): a
  // comma-joined list may reach us as one "scope".
  const granted = account.approvedScopes.flatMap((scope) => scope.split(','));
  const fields = granted.includes(PROFILE_SCOPE) ? [...BASIC_FIELDS, ...PROFILE_FIELDS] : BASIC_FIELDS;
  const answer = bodyOf(
    userInfoSchema,
    await calls.get('/v2/user/info/', { fields: fields.join(',') }),
    tiktokManifest.displayName,
  );
  const { user } = answer.data;
  return profileOf({
    id: user.open_id,
    username: user.username,
    name: user.display_name,
    avatarUrl: user.avatar_url,
    url: user.profile_deep_link,
  });
};
