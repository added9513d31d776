/**
 * `GET /v2/userinfo`: OpenID Connect claims (providers.md, LinkedIn profile example). `locale` (a string
 * in the docs, often `{country, language}` in practice) is not read; `picture` may be absent. LinkedIn
 * OIDC has no username and no profile URL.
 */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { linkedinOidcManifest } from './manifest.js';

const userInfoSchema = z.object({
  sub: z.string(),
  name: z.string().nullish(),
  picture: z.string().nullish(),
  email: z.string().nullish(),
});

export const readLinkedInProfile: ProfileReader = async (calls) => {
  const claims = bodyOf(userInfoSchema, await calls.get('/v2/userinfo'), linkedinOidcManifest.displayName);
  return profileOf({ id: claims.sub, name: claims.name, email: claims.email, avatarUrl: claims.picture });
};
