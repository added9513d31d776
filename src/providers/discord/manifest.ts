import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/** Discord's HTTP API v10 (providers.md, "Discord"). */
export const discordManifest = defineProviderManifest({
  id: 'discord',
  displayName: 'Discord',
  apiBaseUrl: 'https://discord.com/api/v10',
  headers: {},
  // A 429 says how long to wait three ways (providers.md, Discord "Rate limiting", §2 "Retry timing
  // units differ"), the longest winning:
  // - the body's `retry_after`, float seconds: on every 429, global limits included;
  // - `X-RateLimit-Reset-After`, float seconds: the route bucket's reset, meaningful only when that bucket
  //   is used up (`X-RateLimit-Remaining: 0`); a global or shared-resource 429 may not exhaust it;
  // - `Retry-After`, whole seconds.
  // (`X-RateLimit-Reset` is an epoch with decimals; `Reset-After` says the same, relative to now.)
  rateLimit: {
    signalledStatuses: [],
    retryAfterHeaders: ['retry-after'],
    resetHeaders: [{ header: 'x-ratelimit-reset-after', unit: 'seconds', whenZero: 'x-ratelimit-remaining' }],
    bodyFields: [{ field: 'retry_after', unit: 'seconds' }],
  },
  // `before` / `after` snowflake cursors: the last id of a page (a plain array) is the next cursor.
  pagination: 'cursor-in-body',
  maxPageSize: 200,
  // Inferred: `guilds` is not a default (providers.md, Discord).
  defaultScopes: ['identify', 'email'],
  // `GET /users/@me` needs `identify`; `email` only adds the email and `verified`.
  fieldScopes: { profile: ['identify'] },
  clerkDocsUrl: clerkDocsUrlOf('discord'),
});
