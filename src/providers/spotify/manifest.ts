import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/** Spotify's Web API (providers.md, "Spotify"). */
export const spotifyManifest = defineProviderManifest({
  id: 'spotify',
  displayName: 'Spotify',
  apiBaseUrl: 'https://api.spotify.com/v1',
  headers: {},
  // 429 + `Retry-After` in seconds, no remaining/reset headers (providers.md, Spotify "Rate limiting").
  // A 403 is never a rate limit: Spotify answers it to users missing from a Development-Mode app's
  // allowlist (providers.md, Spotify notes).
  rateLimit: { signalledStatuses: [], retryAfterHeaders: ['retry-after'] },
  pagination: 'offset',
  // Inferred by the reference (providers.md, Spotify "Default scopes"): email and country/product.
  defaultScopes: ['user-read-email', 'user-read-private'],
  // `GET /me` answers any token; the two scopes only add `email` and `country`/`product`.
  fieldScopes: { profile: [] },
  clerkDocsUrl: clerkDocsUrlOf('spotify'),
});
