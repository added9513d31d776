import type { AnswerMeaning, ProviderAnswer, ResponseHeaders } from '../../http/upstream-http.js';
import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/** Codes of a token that lacks a scope (providers.md, TikTok notes: `scope_not_authorized` is a 401). */
const SCOPE_ERRORS = new Set(['scope_not_authorized', 'scope_permission_missed']);
/** A reset smaller than this (September 2001) cannot be epoch seconds: it is a delay in seconds. */
const EPOCH_SECONDS_FLOOR = 1_000_000_000;

/**
 * TikTok's answers are always the envelope `{data, error: {code, message, log_id}}`, success being
 * `error.code: "ok"` (providers.md, TikTok profile notes), and the code, not the status, says what went
 * wrong: `scope_not_authorized` comes as a 401, which alone would read as a refused token.
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
 * `x-ratelimit-reset` on a 429 is unverified (providers.md, TikTok "Rate limiting": per Nango's retry
 * config, which reads it as the reset time). Both readings are taken: epoch seconds, or, for a value
 * too small to be one, seconds from now.
 */
function rateLimitResetWaitMs(headers: ResponseHeaders, nowMs: number): number | undefined {
  const value = headers.get('x-ratelimit-reset')?.trim() ?? '';
  if (!/^\d+$/.test(value)) return undefined;
  const reset = Number(value);
  return reset >= EPOCH_SECONDS_FLOOR ? Math.max(0, reset * 1000 - nowMs) : reset * 1000;
}

/** TikTok's Login Kit / Display API (providers.md, "TikTok"). */
export const tiktokManifest = defineProviderManifest({
  id: 'tiktok',
  displayName: 'TikTok',
  apiBaseUrl: 'https://open.tiktokapis.com',
  headers: {},
  // Every 429 is read by `interpret` (above); no other status is a rate limit.
  rateLimit: { signalledStatuses: [] },
  interpret: interpretTikTokAnswer,
  interpretStatuses: [401, 429],
  pagination: 'cursor-in-body',
  // Inferred by the reference (providers.md, TikTok "Default scopes"): Login Kit's basic scope.
  defaultScopes: ['user.info.basic'],
  // `/v2/user/info/` needs `user.info.basic` for open_id, avatar and display name; `username` and
  // `profile_deep_link` need `user.info.profile`, asked for only when granted (see profile.ts).
  fieldScopes: { profile: ['user.info.basic'] },
  clerkDocsUrl: clerkDocsUrlOf('tiktok'),
});
