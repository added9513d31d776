/**
 * `GET /users` without `id`/`login`: the token's own user, as the only item of `data` (providers.md,
 * Twitch profile example). `email` only with `user:read:email`. Twitch gives no profile URL, but a
 * channel's page is `https://www.twitch.tv/<login>`.
 */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { twitchManifest } from './manifest.js';

const userSchema = z.object({
  id: z.string(),
  login: z.string(),
  display_name: z.string().nullish(),
  profile_image_url: z.string().nullish(),
  email: z.string().nullish(),
});

/** At least the token's user: an empty `data` is an answer we cannot read. */
const usersSchema = z.object({ data: z.tuple([userSchema], userSchema) });

export const readTwitchProfile: ProfileReader = async (calls) => {
  const [user] = bodyOf(usersSchema, await calls.get('/users'), twitchManifest.displayName).data;
  return profileOf({
    id: user.id,
    username: user.login,
    name: user.display_name,
    email: user.email,
    avatarUrl: user.profile_image_url,
    url: `https://www.twitch.tv/${user.login}`,
  });
};
