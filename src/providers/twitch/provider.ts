import { z } from 'zod';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { twitchSchema } from './schema.js';

/** Twitch's Helix API (docs/providers.md#twitch). */
export const twitch = defineProvider({
  id: 'twitch',
  displayName: 'Twitch',
  clerkDocsSlug: 'twitch',
  apiBaseUrl: 'https://api.twitch.tv/helix',
  // Every Helix call carries the client id of the Twitch app that minted the token: the operator's
  // setting, without which the gateway does not call.
  configuredHeaders: { 'Client-Id': 'GATEWAY_TWITCH_CLIENT_ID' },
  // 429 with `Ratelimit-Reset` in epoch seconds; no Retry-After. On a 429 `Ratelimit-Remaining` is 0 by
  // definition, so the reset is read without that condition.
  rateLimit: {
    retryAfterHeaders: [],
    resetHeaders: [{ header: 'ratelimit-reset', unit: 'epoch-seconds' }],
  },
  // Twitch answers a missing or mismatched `Client-Id` with a 401 too ("Client ID and OAuth token do not
  // match"; "Client ID is missing" without the header, which is unverified). That is the operator's
  // setting at fault, not the user's token: a fresh token or reconnecting would not help.
  // A token without the scope of the call gets a 401 too, "Missing scope: user:read:follows"
  // (docs/providers.md#twitch, "Errors"): the token is fine, a fresh one would not have the scope either.
  // A `user_id` not the token's own ("The ID in user_id must match the user ID found in the request's
  // OAuth token") is the gateway's request at fault, not the token.
  refusals: [
    { status: 401, when: { at: 'message', matches: /client id/i }, means: 'PROVIDER_ERROR' },
    { status: 401, when: { at: 'message', matches: /^missing scope/i }, means: 'MISSING_SCOPES' },
    { status: 401, when: { at: 'message', matches: /must match the user id/i }, means: 'PROVIDER_ERROR' },
  ],
  // `after` back from `pagination.cursor` (absent, or an empty object, on the last page).
  pagination: {
    kind: 'cursor',
    param: 'after',
    nextAt: 'pagination.cursor',
    sizeParam: 'first',
    maxPageSize: 100,
  },
  // Inferred.
  defaultScopes: ['user:read:email'],
  // `GET /users` answers any user token; `user:read:email` only adds `email`. `GET /channels/followed`
  // needs `user:read:follows`.
  fieldScopes: { profile: [], twitchFollowedChannels: ['user:read:follows'] },
  // `GET /users` without `id`/`login`: the token's own user, as the only item of `data` (an empty `data`
  // is an answer we cannot read). Twitch gives no profile URL, but a channel's page is
  // `https://www.twitch.tv/<login>`.
  profile: mapProfile({
    path: '/users',
    schema: z.object({
      data: z.tuple(
        [
          z.object({
            id: z.string(),
            login: z.string(),
            display_name: z.string().nullish(),
            profile_image_url: z.string().nullish(),
            email: z.string().nullish(),
          }),
        ],
        z.unknown(),
      ),
    }),
    map: ({ data: [user] }) => ({
      id: user.id,
      username: user.login,
      name: user.display_name,
      email: user.email,
      avatarUrl: user.profile_image_url,
      url: `https://www.twitch.tv/${user.login}`,
    }),
  }),
  schema: twitchSchema,
});
