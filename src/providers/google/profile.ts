/** `GET /oauth2/v3/userinfo`: the OpenID Connect claims of the account (providers.md, "Google"). */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { googleManifest } from './manifest.js';

const userinfoSchema = z.object({
  sub: z.string(),
  // Present with the profile scope.
  name: z.string().nullish(),
  picture: z.string().nullish(),
  // Present with the email scope.
  email: z.string().nullish(),
});

export const readGoogleProfile: ProfileReader = async (calls) => {
  const claims = bodyOf(userinfoSchema, await calls.get('/oauth2/v3/userinfo'), googleManifest.displayName);
  // Google accounts have no username and no public profile page.
  return profileOf({ id: claims.sub, name: claims.name, email: claims.email, avatarUrl: claims.picture });
};
