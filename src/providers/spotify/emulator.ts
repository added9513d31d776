/**
 * Spotify's `GET /me` (docs/providers.md#spotify): Spotify's error envelope `{"error": {status, message}}`
 * for a refused token (401) and a rate limit (429 + `Retry-After`).
 */
import { createHash } from 'node:crypto';
import { type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulatorDeps,
  type ProviderEmulatorFactory,
} from '../../emulator/provider-emulator.js';

function spotifyError(status: number, message: string, headers?: Record<string, string>) {
  return jsonReply(status, { error: { status, message } }, headers);
}

export const createSpotifyEmulator: ProviderEmulatorFactory = (deps: ProviderEmulatorDeps) =>
  createBearerApiEmulator(
    {
      id: 'spotify',
      unauthorized: (request) => spotifyError(401, tokenErrorOf(request, deps.identities)),
      rateLimited: (_request, retryAfterSeconds) =>
        spotifyError(429, 'API rate limit exceeded', { 'retry-after': String(retryAfterSeconds) }),
      notFound: () => spotifyError(404, 'Service not found'),
      routes: (router) => {
        router.get('/me', 'spotify.getCurrentUser', (_request, account) => jsonReply(200, meJson(account)));
      },
    },
    deps,
  );

/**
 * "The access token expired" and "Invalid access token" are Spotify's documented messages
 * (docs/providers.md#spotify, "Errors"); "No token provided", Spotify's answer to a request without a
 * token, is not in the sources: unverified.
 */
function tokenErrorOf(request: EmulatorRequest, identities: IdentityStore): string {
  const token = bearerTokenOf(request);
  if (token === undefined) return 'No token provided';
  const account = identities.accountOfToken(token);
  const expiresAt = account?.provider === 'spotify' ? account.accessTokenExpiresAt : null;
  const expired = token === account?.accessToken && expiresAt !== null && expiresAt <= Date.now();
  return expired ? 'The access token expired' : 'Invalid access token';
}

/**
 * The example of docs/providers.md#spotify ("Profile"), from the account: `email` with `user-read-email`;
 * `country`, `product` and `explicit_content` with `user-read-private`.
 */
function meJson(account: StoredAccount): Record<string, unknown> {
  const id = account.providerUserId;
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ') || account.username;
  const withPrivateFields = account.scopes.includes('user-read-private');
  const withEmail = account.scopes.includes('user-read-email') && account.email !== null;
  return {
    ...(withPrivateFields ? { country: 'SE' } : {}),
    display_name: name,
    ...(withEmail ? { email: account.email } : {}),
    ...(withPrivateFields ? { explicit_content: { filter_enabled: false, filter_locked: false } } : {}),
    external_urls: { spotify: `https://open.spotify.com/user/${id}` },
    followers: { href: null, total: 0 },
    href: `https://api.spotify.com/v1/users/${id}`,
    id,
    images: [{ height: 300, url: account.imageUrl, width: 300 }],
    ...(withPrivateFields ? { product: 'premium' } : {}),
    type: 'user',
    uri: `spotify:user:${id}`,
    account_id: createHash('sha256').update(`spotify-account:${account.id}`).digest('hex').slice(0, 12),
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createSpotifyEmulator;
