/**
 * `GET /me` (providers.md, Spotify profile example). `id` is what Clerk stores as the account's provider
 * user id; `account_id` (added May 2026, format unverified) is not relied on. Development-Mode apps no
 * longer receive `email` (nor country, product…), so every field but `id` may be missing.
 */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { spotifyManifest } from './manifest.js';

const meSchema = z.object({
  id: z.string(),
  display_name: z.string().nullish(),
  email: z.string().nullish(),
  external_urls: z.object({ spotify: z.string().optional() }).nullish(),
  images: z.array(z.object({ url: z.string(), width: z.number().nullish() })).nullish(),
});

export const readSpotifyProfile: ProfileReader = async (calls) => {
  const me = bodyOf(meSchema, await calls.get('/me'), spotifyManifest.displayName);
  return profileOf({
    id: me.id,
    name: me.display_name,
    email: me.email,
    avatarUrl: widestImage(me.images ?? [])?.url,
    url: me.external_urls?.spotify,
  });
};

/** Spotify lists a user's picture in several sizes, in no documented order. */
function widestImage<T extends { width?: number | null | undefined }>(images: T[]): T | undefined {
  return images.reduce<T | undefined>(
    (widest, image) => (!widest || (image.width ?? 0) > (widest.width ?? 0) ? image : widest),
    undefined,
  );
}
