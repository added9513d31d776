/**
 * `GET /v2/profile` (providers.md, LINE profile example). LINE has no username, no profile page, and no
 * REST endpoint gives the email (it is only in the ID token): those stay `null`.
 */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { lineManifest } from './manifest.js';

const profileSchema = z.object({
  userId: z.string(),
  displayName: z.string().nullish(),
  // Omitted when the user has none.
  pictureUrl: z.string().optional(),
});

export const readLineProfile: ProfileReader = async (calls) => {
  const profile = bodyOf(profileSchema, await calls.get('/v2/profile'), lineManifest.displayName);
  return profileOf({ id: profile.userId, name: profile.displayName, avatarUrl: profile.pictureUrl });
};
