/** `GET /users/me` (providers.md, "Box"). */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { boxManifest } from './manifest.js';

const userSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  // Box's login is the user's email address.
  login: z.string().nullish(),
  avatar_url: z.string().nullish(),
});

export const readBoxProfile: ProfileReader = async (calls) => {
  const user = bodyOf(userSchema, await calls.get('/users/me'), boxManifest.displayName);
  // Box users have no username and no public profile page.
  return profileOf({ id: user.id, name: user.name, email: user.login, avatarUrl: user.avatar_url });
};
