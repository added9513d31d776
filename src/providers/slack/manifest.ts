import { retryAfterMs } from '../../http/retry-after.js';
import type { AnswerMeaning, ProviderAnswer } from '../../http/upstream-http.js';
import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/** The `error` codes of a token Slack will not take (providers.md, Slack notes: "Token problems"). */
const TOKEN_ERRORS = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);
/** Slack's own failures, documented for every Web API method. */
const SERVER_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/**
 * Slack answers API errors with HTTP 200 and `{"ok": false, "error": "<code>"}` (providers.md, Slack
 * "Invalid/expired token" and notes: "always check 'ok'"), so the status alone says nothing.
 */
function interpretSlackAnswer({ headers, body }: ProviderAnswer): AnswerMeaning | undefined {
  const answer = body as { ok?: unknown; error?: unknown } | null | undefined;
  if (answer?.ok !== false) return undefined;
  const error = typeof answer.error === 'string' ? answer.error : '';
  if (TOKEN_ERRORS.has(error)) return { kind: 'token-rejected' };
  // `{ok: false, error: 'missing_scope', needed, provided}` (providers.md, Slack notes).
  if (error === 'missing_scope') return { kind: 'missing-scopes' };
  // Slack's rate limits are 429s, handled by `rateLimit`; the same code on a 200 is read the same way.
  if (error === 'ratelimited') {
    const waitMs = retryAfterMs(headers.get('retry-after'), Date.now());
    return waitMs === undefined ? { kind: 'rate-limited' } : { kind: 'rate-limited', waitMs };
  }
  return SERVER_ERRORS.has(error) ? { kind: 'failed' } : { kind: 'refused' };
}

/** Slack's Web API, as a Sign-in-with-Slack token reaches it (providers.md, "Slack"). */
export const slackManifest = defineProviderManifest({
  id: 'slack',
  displayName: 'Slack',
  apiBaseUrl: 'https://slack.com/api',
  headers: {},
  // Rate limits are 429 + `Retry-After` in seconds, per method tier (providers.md, Slack "Rate limiting").
  rateLimit: { signalledStatuses: [], retryAfterHeaders: ['retry-after'] },
  interpret: interpretSlackAnswer,
  pagination: 'cursor-in-body',
  // Clerk's Sign in with Slack supports no scopes besides these three (providers.md, Slack: documented).
  defaultScopes: ['openid', 'email', 'profile'],
  // `openid.connect.userInfo` needs `openid`; `email` and `profile` only add claims.
  fieldScopes: { profile: ['openid'] },
  clerkDocsUrl: clerkDocsUrlOf('slack'),
});
