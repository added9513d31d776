/** `GET /user`: the authenticated user (providers.md, GitHub catalogue entry). */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { githubManifest } from './manifest.js';

const userSchema = z.object({
  id: z.number(),
  login: z.string(),
  name: z.string().nullish(),
  // The public profile email; often null (the primary address needs `GET /user/emails`).
  email: z.string().nullish(),
  avatar_url: z.string().nullish(),
  html_url: z.string().nullish(),
});

export const readGitHubProfile: ProfileReader = async (calls) => {
  const user = bodyOf(userSchema, await calls.get('/user'), githubManifest.displayName);
  return profileOf({
    id: user.id,
    username: user.login,
    name: user.name,
    email: user.email,
    avatarUrl: user.avatar_url,
    url: user.html_url,
  });
};
