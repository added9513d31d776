/**
 * `GET /login/oauth/userinfo`, Vercel's OpenID userinfo endpoint (providers.md, Vercel profile example),
 * rather than the REST `GET /v2/user`, which Sign-in-with-Vercel tokens may not reach (unverified there).
 * The claims carry no profile URL.
 */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { vercelManifest } from './manifest.js';

const userInfoSchema = z.object({
  sub: z.string(),
  email: z.string().nullish(),
  name: z.string().nullish(),
  preferred_username: z.string().nullish(),
  picture: z.string().nullish(),
});

export const readVercelProfile: ProfileReader = async (calls) => {
  const claims = bodyOf(userInfoSchema, await calls.get('/login/oauth/userinfo'), vercelManifest.displayName);
  return profileOf({
    id: claims.sub,
    username: claims.preferred_username,
    name: claims.name,
    email: claims.email,
    avatarUrl: claims.picture,
  });
};
