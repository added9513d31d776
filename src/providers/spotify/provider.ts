import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { spotifySchema } from './schema.js';

/** Spotify's Web API (docs/providers.md#spotify). */
export const spotify = defineProvider({
  id: 'spotify',
  displayName: 'Spotify',
  clerkDocsSlug: 'spotify',
  apiBaseUrl: 'https://api.spotify.com/v1',
  // 429 + `Retry-After` in seconds, no remaining/reset headers (the defaults). A 403 is never a rate
  // limit: Spotify answers it to users missing from a Development-Mode app's allowlist.
  // A call whose scope the token lacks is a 403 "Insufficient client scope"; any other 403 (the
  // allowlist, an endpoint closed to Development-Mode apps) stays a PROVIDER_ERROR.
  refusals: [
    {
      status: 403,
      when: { at: 'error.message', equals: 'Insufficient client scope' },
      means: 'MISSING_SCOPES',
    },
  ],
  // A paging object: `offset` and `limit` (1–50 for `/me/playlists`), with a `next` URL until the last
  // page (docs/providers.md#spotify, "Pagination").
  pagination: { kind: 'offset', param: 'offset', nextAt: 'next', sizeParam: 'limit', maxPageSize: 50 },
  // Inferred: email and country/product.
  defaultScopes: ['user-read-email', 'user-read-private'],
  // `GET /me` answers any token; the two scopes only add `email` and `country`/`product`.
  // `spotifyPlaylists`: `GET /me/playlists` answers any token too, but leaves out private playlists
  // without `playlist-read-private` and collaborative ones without `playlist-read-collaborative`
  // (which the first does not imply): both, so the list is never silently partial.
  fieldScopes: { profile: [], spotifyPlaylists: ['playlist-read-private', 'playlist-read-collaborative'] },
  // `GET /me`. `id` is what Clerk stores as the account's provider user id; `account_id` (added May 2026,
  // format unverified) is not relied on. Development-Mode apps no longer receive `email` (nor country,
  // product…), so every field but `id` may be missing.
  profile: mapProfile({
    path: '/me',
    schema: z.object({
      id: z.string(),
      display_name: z.string().nullish(),
      email: z.string().nullish(),
      external_urls: z.object({ spotify: z.string().optional() }).nullish(),
      images: z.array(z.object({ url: z.string(), width: z.number().nullish() })).nullish(),
    }),
    map: (me) => ({
      id: me.id,
      name: me.display_name,
      email: me.email,
      avatarUrl: widestImage(me.images ?? [])?.url,
      url: me.external_urls?.spotify,
    }),
  }),
  schema: spotifySchema,
});

/** Spotify lists a user's picture in several sizes, in no documented order. */
function widestImage<T extends { width?: number | null | undefined }>(images: T[]): T | undefined {
  return images.reduce<T | undefined>(
    (widest, image) => (!widest || (image.width ?? 0) > (widest.width ?? 0) ? image : widest),
    undefined,
  );
}
