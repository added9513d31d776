/**
 * `GET /2/users/me`: only `id`, `name` and `username` unless `user.fields` asks for more (providers.md,
 * X profile). The account's page is `x.com/<username>`; the `url` user field is the website in the bio.
 */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { X_EMAIL_SCOPE, xManifest } from './manifest.js';

const meSchema = z.object({
  // A partial error may come next to `data` with HTTP 200 (providers.md, X notes): `data` is what counts.
  data: z.object({
    id: z.string(),
    username: z.string(),
    name: z.string().nullish(),
    profile_image_url: z.string().nullish(),
    confirmed_email: z.string().nullish(),
  }),
});

export const readXProfile: ProfileReader = async (calls, account) => {
  // `confirmed_email` is recent and unverified (providers.md, "Uncertain"): asked for only when the
  // account granted `users.email`, so an account without it is not put at risk of a refusal.
  const fields = account.approvedScopes.includes(X_EMAIL_SCOPE)
    ? 'profile_image_url,confirmed_email'
    : 'profile_image_url';
  const response = await calls.get('/users/me', { 'user.fields': fields });
  const { data: user } = bodyOf(meSchema, response, xManifest.displayName);
  return profileOf({
    id: user.id,
    username: user.username,
    name: user.name,
    email: user.confirmed_email,
    avatarUrl: user.profile_image_url,
    url: `https://x.com/${user.username}`,
  });
};
