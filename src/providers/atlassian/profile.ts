/** `GET /me`: the Atlassian account behind the token (providers.md, "Atlassian"). */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { atlassianManifest } from './manifest.js';

const meSchema = z.object({
  account_id: z.string(),
  name: z.string().nullish(),
  nickname: z.string().nullish(),
  // Empty (or left out) when the user's profile-visibility settings hide it (providers.md, Atlassian).
  email: z.string().nullish(),
  picture: z.string().nullish(),
});

export const readAtlassianProfile: ProfileReader = async (calls) => {
  const me = bodyOf(meSchema, await calls.get('/me'), atlassianManifest.displayName);
  // `/me` has no link to a profile page.
  return profileOf({
    id: me.account_id,
    username: me.nickname,
    name: me.name,
    email: me.email,
    avatarUrl: me.picture,
  });
};
