import { z } from 'zod';
import type { AnswerMeaning, ProviderAnswer, ResponseHeaders } from '../../http/upstream-types.js';
import { defineProvider } from '../provider-declaration.js';
import { mapProfile } from '../provider-profile.js';
import { tiktokSchema } from './schema.js';

/** Codes of a token that lacks a scope (`scope_not_authorized` is a 401). */
const SCOPE_ERRORS = new Set(['scope_not_authorized', 'scope_permission_missed']);
/** A reset smaller than this (September 2001) cannot be epoch seconds: it is a delay in seconds. */
const EPOCH_SECONDS_FLOOR = 1_000_000_000;

const BASIC_FIELDS = ['open_id', 'union_id', 'avatar_url', 'display_name'];
const PROFILE_FIELDS = ['username', 'profile_deep_link'];
const PROFILE_SCOPE = 'user.info.profile';

/** TikTok's Login Kit / Display API (docs/providers.md#tiktok). */
export const tiktok = defineProvider({
  id: 'tiktok',
  displayName: 'TikTok',
  clerkDocsSlug: 'tiktok',
  apiBaseUrl: 'https://open.tiktokapis.com',
  // Every 429 is read by `interpret` (below); no other status is a rate limit.
  interpret: interpretTikTokAnswer,
  interpretStatuses: [401, 429],
  // A `cursor` (a timestamp in milliseconds) in the JSON body, back from `data.cursor` while
  // `data.has_more`; `max_count` at most 20. A page may hold fewer videos while `has_more` is still true.
  pagination: {
    kind: 'cursor',
    param: 'cursor',
    nextAt: 'data.cursor',
    hasMoreAt: 'data.has_more',
    sizeParam: 'max_count',
    maxPageSize: 20,
  },
  // Inferred: Login Kit's basic scope.
  defaultScopes: ['user.info.basic'],
  // `/v2/user/info/` needs `user.info.basic` for open_id, avatar and display name; `username` and
  // `profile_deep_link` need `user.info.profile`, asked for only when granted.
  // `tiktokVideos`: `/v2/video/list/` needs `video.list` (answered `scope_not_authorized` without it).
  fieldScopes: { profile: ['user.info.basic'], tiktokVideos: ['video.list'] },
  // `GET /v2/user/info/?fields=…`. `fields` is required, and each field needs its scope: `username` and
  // `profile_deep_link` need `user.info.profile` (said to have moved there in 2024: unverified), which
  // Clerk does not ask for by default. TikTok has no email.
  profile: mapProfile({
    path: '/v2/user/info/',
    query: (account) => {
      // TikTok joins scopes with commas: a comma-joined list may reach us as one "scope"
      // (docs/providers.md#listing-connected-accounts).
      const granted = account.approvedScopes.flatMap((scope) => scope.split(','));
      return {
        fields: (granted.includes(PROFILE_SCOPE) ? [...BASIC_FIELDS, ...PROFILE_FIELDS] : BASIC_FIELDS).join(
          ',',
        ),
      };
    },
    schema: z.object({
      data: z.object({
        user: z.object({
          open_id: z.string(),
          display_name: z.string().nullish(),
          avatar_url: z.string().nullish(),
          username: z.string().nullish(),
          profile_deep_link: z.string().nullish(),
        }),
      }),
    }),
    map: ({ data: { user } }) => ({
      id: user.open_id,
      username: user.username,
      name: user.display_name,
      avatarUrl: user.avatar_url,
      url: user.profile_deep_link,
    }),
  }),
  schema: tiktokSchema,
});

/**
 * TikTok's answers are always the envelope `{data, error: {code, message, log_id}}`, success being
 * `error.code: "ok"`, and the code, not the status, says what went wrong: `scope_not_authorized` comes
 * as a 401, which alone would read as a refused token.
 */
function interpretTikTokAnswer({ status, headers, body }: ProviderAnswer): AnswerMeaning | undefined {
  const code = (body as { error?: { code?: unknown } } | null | undefined)?.error?.code;
  if (status === 429 || code === 'rate_limit_exceeded') {
    const waitMs = rateLimitResetWaitMs(headers, Date.now());
    return waitMs === undefined ? { kind: 'rate-limited' } : { kind: 'rate-limited', waitMs };
  }
  if (typeof code !== 'string' || code === 'ok') return undefined;
  if (code === 'access_token_invalid') return { kind: 'token-rejected' };
  if (SCOPE_ERRORS.has(code)) return { kind: 'missing-scopes' };
  return code === 'internal_error' ? { kind: 'failed' } : { kind: 'refused' };
}

/**
 * `x-ratelimit-reset` on a 429 is unverified (Nango's retry config reads it as the reset time). Both
 * readings are taken: epoch seconds, or, for a value too small to be one, seconds from now.
 */
function rateLimitResetWaitMs(headers: ResponseHeaders, nowMs: number): number | undefined {
  const value = headers.get('x-ratelimit-reset')?.trim() ?? '';
  if (!/^\d+$/.test(value)) return undefined;
  const reset = Number(value);
  return reset >= EPOCH_SECONDS_FLOOR ? Math.max(0, reset * 1000 - nowMs) : reset * 1000;
}
