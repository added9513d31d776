/** `GET /user`: the authenticated user (providers.md, "GitLab"). */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { gitlabManifest } from './manifest.js';

const userSchema = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string().nullish(),
  // The primary address, shown to the user themself; `public_email` is `""` unless they made one public.
  email: z.string().nullish(),
  public_email: z.string().nullish(),
  avatar_url: z.string().nullish(),
  web_url: z.string().nullish(),
});

export const readGitLabProfile: ProfileReader = async (calls) => {
  const user = bodyOf(userSchema, await calls.get('/user'), gitlabManifest.displayName);
  return profileOf({
    id: user.id,
    username: user.username,
    name: user.name,
    email: user.email || user.public_email,
    avatarUrl: user.avatar_url,
    url: user.web_url,
  });
};
