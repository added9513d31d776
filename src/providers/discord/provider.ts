import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { discordSchema } from './schema.js';

/** Discord's HTTP API v10 (docs/providers.md#discord). */
export const discord = defineProvider({
  id: 'discord',
  displayName: 'Discord',
  clerkDocsSlug: 'discord',
  apiBaseUrl: 'https://discord.com/api/v10',
  // A 429 says how long to wait three ways, the longest winning:
  // - the body's `retry_after`, float seconds: on every 429, global limits included;
  // - `X-RateLimit-Reset-After`, float seconds: the route bucket's reset, meaningful only when that bucket
  //   is used up (`X-RateLimit-Remaining: 0`); a global or shared-resource 429 may not exhaust it;
  // - `Retry-After`, whole seconds (the default).
  // (`X-RateLimit-Reset` is an epoch with decimals; `Reset-After` says the same, relative to now.)
  rateLimit: {
    resetHeaders: [{ header: 'x-ratelimit-reset-after', unit: 'seconds', whenZero: 'x-ratelimit-remaining' }],
    bodyFields: [{ field: 'retry_after', unit: 'seconds' }],
  },
  // Snowflake cursors: a page (a plain array) continues `after` its last id, while pages come back full.
  pagination: { kind: 'last-id', param: 'after', idAt: 'id', sizeParam: 'limit', maxPageSize: 200 },
  // Discord's JSON code for "Missing required OAuth2 scope". `GET /users/@me/guilds` without `guilds` is
  // reported to answer a plain 401 instead, which reads as a refused token (docs/providers.md#discord,
  // "Data endpoints"): the scope is checked ahead of the call for that reason.
  refusals: [{ status: 403, when: { at: 'code', equals: 50026 }, means: 'MISSING_SCOPES' }],
  // Inferred: `guilds` is not a default.
  defaultScopes: ['identify', 'email'],
  // `GET /users/@me` needs `identify`; `email` only adds the email and `verified`. `GET /users/@me/guilds`
  // needs `guilds`.
  fieldScopes: { profile: ['identify'], discordGuilds: ['guilds'] },
  // `GET /users/@me`. The API hands out no profile page link.
  profile: mapProfile({
    path: '/users/@me',
    schema: z.object({
      id: z.string(),
      username: z.string(),
      // `"0"` for users on unique usernames; a legacy user's 4-digit tag otherwise.
      discriminator: z.string().nullish(),
      global_name: z.string().nullish(),
      // An image hash, not a URL.
      avatar: z.string().nullish(),
      // Only with the `email` scope.
      email: z.string().nullish(),
    }),
    map: (user) => ({
      id: user.id,
      username: `${user.username}${user.discriminator && user.discriminator !== '0' ? `#${user.discriminator}` : ''}`,
      name: user.global_name,
      email: user.email,
      avatarUrl: user.avatar ? avatarUrlOf(user.id, user.avatar) : null,
    }),
  }),
  schema: discordSchema,
});

/**
 * The CDN URL of an avatar hash; an `a_` hash is animated (docs/providers.md#discord, "Profile"). Serving
 * it as a GIF is our assumption: Discord's docs say only "animated".
 */
export function avatarUrlOf(userId: string, hash: string): string {
  return `https://cdn.discordapp.com/avatars/${userId}/${hash}.${hash.startsWith('a_') ? 'gif' : 'png'}`;
}
