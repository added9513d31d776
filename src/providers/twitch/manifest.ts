import type { AnswerMeaning, ProviderAnswer } from '../../http/upstream-http.js';
import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/**
 * Twitch answers a missing or mismatched `Client-Id` with a 401 too (providers.md, Twitch notes: "Client
 * ID and OAuth token do not match"; "Client ID is missing" without the header). That is the operator's
 * setting at fault, not the user's token: a fresh token or reconnecting would not help.
 */
function interpretTwitchAnswer({ status, body }: ProviderAnswer): AnswerMeaning | undefined {
  const message = (body as { message?: unknown } | null | undefined)?.message;
  if (status === 401 && typeof message === 'string' && /client id/i.test(message)) return { kind: 'refused' };
  return undefined;
}

/** Twitch's Helix API (providers.md, "Twitch"). */
export const twitchManifest = defineProviderManifest({
  id: 'twitch',
  displayName: 'Twitch',
  apiBaseUrl: 'https://api.twitch.tv/helix',
  headers: {},
  // Every Helix call carries the client id of the Twitch app that minted the token (providers.md,
  // Twitch profile headers): the operator's setting, without which the gateway does not call.
  configuredHeaders: { 'Client-Id': 'GATEWAY_TWITCH_CLIENT_ID' },
  // 429 with `Ratelimit-Reset` in epoch seconds (providers.md, Twitch "Rate limiting"); no Retry-After.
  // On a 429 `Ratelimit-Remaining` is 0 by definition, so the reset is read without that condition.
  rateLimit: {
    signalledStatuses: [],
    retryAfterHeaders: [],
    resetHeaders: [{ header: 'ratelimit-reset', unit: 'epoch-seconds' }],
  },
  interpret: interpretTwitchAnswer,
  interpretStatuses: [401],
  pagination: 'cursor-in-body',
  // Inferred by the reference (providers.md, Twitch "Default scopes").
  defaultScopes: ['user:read:email'],
  // `GET /users` answers any user token; `user:read:email` only adds `email`.
  fieldScopes: { profile: [] },
  clerkDocsUrl: clerkDocsUrlOf('twitch'),
});
