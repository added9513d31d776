import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';

/** Spotify's Web API (docs/providers.md#spotify). */
export const spotify = defineProvider({
  id: 'spotify',
  displayName: 'Spotify',
  clerkDocsSlug: 'spotify',
  apiBaseUrl: 'https://api.spotify.com/v1',
  // 429 + `Retry-After` in seconds, no remaining/reset headers (the defaults). A 403 is never a rate
  // limit: Spotify answers it to users missing from a Development-Mode app's allowlist.
  // A paging object: `offset` and `limit`, with a `next` URL until the last page.
  pagination: { kind: 'offset', param: 'offset', nextAt: 'next', sizeParam: 'limit', maxPageSize: 50 },
  // Inferred: email and country/product.
  defaultScopes: ['user-read-email', 'user-read-private'],
  // `GET /me` answers any token; the two scopes only add `email` and `country`/`product`.
  fieldScopes: { profile: [] },
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
});

/** Spotify lists a user's picture in several sizes, in no documented order. */
function widestImage<T extends { width?: number | null | undefined }>(images: T[]): T | undefined {
  return images.reduce<T | undefined>(
    (widest, image) => (!widest || (image.width ?? 0) > (widest.width ?? 0) ? image : widest),
    undefined,
  );
}
