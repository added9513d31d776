/**
 * Twitch's Helix `GET /users` (docs/providers.md#twitch): the `Client-Id` of the app that minted the token
 * on every call, Twitch's `{error, status, message}` refusals, and its `Ratelimit-*` headers.
 */
import { type EmulatorReply, jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulatorDeps,
  type ProviderEmulatorFactory,
} from '../../emulator/provider-emulator.js';

/** The client id of the emulated Twitch app behind Clerk's connection: every emulated token is its. */
export const EMULATED_TWITCH_CLIENT_ID = 'pg7emulatedtwitchclientid00001';
/**
 * Twitch's bucket: about 800 points a minute per client and user
 * (docs/providers.md#twitch, "Rate limits").
 */
const POINTS_PER_MINUTE = 800;

function twitchError(status: number, error: string, message: string, headers?: Record<string, string>) {
  return jsonReply(status, { error, status, message }, headers);
}

/** `Ratelimit-Reset` is epoch seconds (docs/providers.md#retry-timing-units-differ). */
function rateLimitHeaders(remaining: number, resetInSeconds: number): Record<string, string> {
  return {
    'ratelimit-limit': String(POINTS_PER_MINUTE),
    'ratelimit-remaining': String(remaining),
    'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + resetInSeconds),
  };
}

export const createTwitchEmulator: ProviderEmulatorFactory = (deps: ProviderEmulatorDeps) =>
  createBearerApiEmulator(
    {
      id: 'twitch',
      // "OAuth token is missing" without a token (docs/providers.md#twitch, "Errors"); "Client ID is
      // missing" without the header is unverified (not in Twitch's docs; as reported in
      // pilcrowonpaper/arctic#35). A token of another app is refused in the route, once the token's account
      // is known.
      precheck: (request) => {
        if (bearerTokenOf(request) === undefined) {
          return twitchError(401, 'Unauthorized', 'OAuth token is missing');
        }
        return request.header('client-id') === undefined
          ? twitchError(401, 'Unauthorized', 'Client ID is missing')
          : undefined;
      },
      unauthorized: () => twitchError(401, 'Unauthorized', 'Invalid OAuth token'),
      rateLimited: (_request, retryAfterSeconds) =>
        twitchError(429, 'Too Many Requests', 'Too Many Requests', rateLimitHeaders(0, retryAfterSeconds)),
      notFound: () => twitchError(404, 'Not Found', ''),
      routes: (router) => {
        router.get('/users', 'twitch.getUsers', (request, account): EmulatorReply => {
          if (request.header('client-id') !== EMULATED_TWITCH_CLIENT_ID) {
            return twitchError(401, 'Unauthorized', 'Client ID and OAuth token do not match');
          }
          return jsonReply(200, { data: [userJson(account)] }, rateLimitHeaders(POINTS_PER_MINUTE - 1, 60));
        });
      },
    },
    deps,
  );

/**
 * The example of docs/providers.md#twitch ("Profile"), from the account: `login` is the lower-cased
 * display name.
 */
function userJson(account: StoredAccount): Record<string, unknown> {
  const displayName = account.username ?? `user${account.providerUserId}`;
  return {
    id: account.providerUserId,
    login: displayName.toLowerCase(),
    display_name: displayName,
    type: '',
    broadcaster_type: '',
    description: '',
    profile_image_url: account.imageUrl,
    offline_image_url: '',
    // Deprecated by Twitch: may be 0 (docs/providers.md#twitch, "Profile").
    view_count: 0,
    ...(account.scopes.includes('user:read:email') && account.email !== null ? { email: account.email } : {}),
    created_at: new Date(Math.floor(account.createdAt / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createTwitchEmulator;
