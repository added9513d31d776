/**
 * `GET /oauth/v1/access-tokens/{token}`: the token's metadata names the HubSpot user who installed the
 * app and their account (hub). The token goes in the path, not in a header (providers.md, "HubSpot"):
 * `{token}` is filled in at send time and never logged.
 */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { hubspotManifest } from './manifest.js';

const tokenMetadataSchema = z.object({
  user_id: z.number(),
  // The user's email address.
  user: z.string().nullish(),
});

export const readHubSpotProfile: ProfileReader = async (calls) => {
  const metadata = bodyOf(
    tokenMetadataSchema,
    await calls.get('/oauth/v1/access-tokens/{token}'),
    hubspotManifest.displayName,
  );
  // The metadata has no name, username, picture or profile page.
  return profileOf({ id: metadata.user_id, email: metadata.user });
};
