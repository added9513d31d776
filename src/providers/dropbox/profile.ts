/** `POST /users/get_current_account` (providers.md, "Dropbox"). */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { dropboxManifest } from './manifest.js';

const accountSchema = z.object({
  account_id: z.string(),
  name: z.object({ display_name: z.string().nullish() }),
  email: z.string().nullish(),
  // Absent when the user has no photo.
  profile_photo_url: z.string().nullish(),
});

export const readDropboxProfile: ProfileReader = async (calls) => {
  // An RPC read without arguments: the body is the literal JSON `null` (an empty body with a JSON
  // content type is refused with a 400), and it may be retried like a GET.
  const response = await calls.post('/users/get_current_account', 'null', { idempotent: true });
  const account = bodyOf(accountSchema, response, dropboxManifest.displayName);
  // Dropbox accounts have no username and no public profile page.
  return profileOf({
    id: account.account_id,
    name: account.name.display_name,
    email: account.email,
    avatarUrl: account.profile_photo_url,
  });
};
