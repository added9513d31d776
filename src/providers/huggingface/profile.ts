/**
 * `GET /oauth/userinfo`: the OpenID Connect claims of the signed-in user (providers.md, Hugging Face
 * profile example). Profile claims come with the `profile` scope, `email` with the `email` scope.
 */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { huggingfaceManifest } from './manifest.js';

const userInfoSchema = z.object({
  sub: z.string(),
  name: z.string().nullish(),
  preferred_username: z.string().nullish(),
  /** The user's page, `https://huggingface.co/<username>`. */
  profile: z.string().nullish(),
  picture: z.string().nullish(),
  email: z.string().nullish(),
});

export const readHuggingFaceProfile: ProfileReader = async (calls) => {
  const claims = bodyOf(userInfoSchema, await calls.get('/oauth/userinfo'), huggingfaceManifest.displayName);
  return profileOf({
    id: claims.sub,
    username: claims.preferred_username,
    name: claims.name,
    email: claims.email,
    avatarUrl: claims.picture,
    url: claims.profile,
  });
};
