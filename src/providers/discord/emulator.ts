/**
 * Discord's API as the gateway uses it: `GET /users/@me` (the email only with the `email` scope), and
 * Discord's `{message, code}` errors and per-route rate-limit answer (docs/providers.md#discord).
 */
import { createHash } from 'node:crypto';
import { jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import { createBearerApiEmulator, type ProviderEmulatorFactory } from '../../emulator/provider-emulator.js';

const CDN_AVATAR = /^https:\/\/cdn\.discordapp\.com\/avatars\/[^/]+\/([^/.]+)\.(?:png|gif|webp|jpg)$/;
const USER_ROUTE_BUCKET = createHash('md5').update('GET /users/@me').digest('hex');

export const createDiscordEmulator: ProviderEmulatorFactory = (deps) =>
  createBearerApiEmulator(
    {
      id: 'discord',
      jsonContentType: 'application/json',
      unauthorized: () => jsonReply(401, { message: '401: Unauthorized', code: 0 }),
      // A per-route (`user` scope) limit: every signal of Discord's 429
      // (docs/providers.md#discord, "Rate limits"), all saying the same wait.
      rateLimited: (_request, retryAfterSeconds) =>
        jsonReply(
          429,
          { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false },
          {
            'x-ratelimit-limit': '5',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': (Date.now() / 1000 + retryAfterSeconds).toFixed(3),
            'x-ratelimit-reset-after': retryAfterSeconds.toFixed(3),
            'x-ratelimit-bucket': USER_ROUTE_BUCKET,
            'x-ratelimit-scope': 'user',
            'retry-after': String(Math.ceil(retryAfterSeconds)),
          },
        ),
      notFound: () => jsonReply(404, { message: '404: Not Found', code: 0 }),
      routes: (router) =>
        router.get('/users/@me', 'discord.getCurrentUser', (_request, account) =>
          jsonReply(200, userJson(account)),
        ),
    },
    deps,
  );

/**
 * The avatar hash: the one in the account's image URL when it is a Discord CDN avatar, else one derived
 * from the URL (Discord hashes are 32 hex digits).
 */
function avatarHashOf(account: StoredAccount): string {
  return CDN_AVATAR.exec(account.imageUrl)?.[1] ?? createHash('md5').update(account.imageUrl).digest('hex');
}

/** The `/users/@me` example of docs/providers.md#discord ("Profile"), from the stored account. */
function userJson(account: StoredAccount): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  return {
    id: account.providerUserId,
    username: account.username ?? `user${account.providerUserId}`,
    discriminator: '0',
    global_name: name || null,
    avatar: avatarHashOf(account),
    ...(account.scopes.includes('email') ? { verified: true, email: account.email } : {}),
    flags: 0,
    banner: null,
    accent_color: null,
    premium_type: 0,
    public_flags: 0,
    avatar_decoration_data: null,
    mfa_enabled: false,
    locale: 'en-US',
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createDiscordEmulator;
