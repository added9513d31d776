/** `GET /me?fields=…` (providers.md, "Facebook"). */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { facebookManifest } from './manifest.js';

/** Without `fields` the Graph API answers only `id` and `name`. */
const PROFILE_FIELDS = 'id,name,email,picture';

const userSchema = z.object({
  // App-scoped: the same person has another id in another app.
  id: z.string(),
  name: z.string().nullish(),
  // Absent without the `email` permission, or when the account has no confirmed address.
  email: z.string().nullish(),
  picture: z.object({ data: z.object({ url: z.string().nullish() }) }).nullish(),
});

export const readFacebookProfile: ProfileReader = async (calls) => {
  const user = bodyOf(
    userSchema,
    await calls.get('/me', { fields: PROFILE_FIELDS }),
    facebookManifest.displayName,
  );
  // No username since Graph v2.0, and the profile link needs the `user_link` permission.
  return profileOf({ id: user.id, name: user.name, email: user.email, avatarUrl: user.picture?.data.url });
};
