/**
 * `GET /openid.connect.userInfo`: the OpenID claims of the signed-in Slack user (providers.md, Slack
 * profile example). Slack has no handle in these claims and no profile URL; `name` is the user's name
 * as Slack shows it, and `email`/`name`/`picture` are absent without the `email`/`profile` scopes.
 */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { slackManifest } from './manifest.js';

const userInfoSchema = z.object({
  sub: z.string(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  picture: z.string().nullish(),
});

export const readSlackProfile: ProfileReader = async (calls) => {
  const claims = bodyOf(
    userInfoSchema,
    await calls.get('/openid.connect.userInfo'),
    slackManifest.displayName,
  );
  return profileOf({ id: claims.sub, name: claims.name, email: claims.email, avatarUrl: claims.picture });
};
