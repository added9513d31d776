import { retryAfterMs } from '../../http/retry-after.js';
import type { AnswerMeaning, ProviderAnswer } from '../../http/upstream-types.js';
import { defineProvider } from '../provider-declaration.js';
import { SLACK_CHANNEL_SCOPES, slackSchema } from './schema.js';

/** The `error` codes of a token Slack will not take ("Token problems", docs/providers.md#slack). */
const TOKEN_ERRORS = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);
/** Slack's own failures, documented for every Web API method. */
const SERVER_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** Slack's Web API, as a Sign-in-with-Slack token reaches it (docs/providers.md#slack). */
export const slack = defineProvider({
  id: 'slack',
  displayName: 'Slack',
  clerkDocsSlug: 'slack',
  apiBaseUrl: 'https://slack.com/api',
  // Rate limits are 429 + `Retry-After` in seconds, per method tier (the defaults).
  interpret: interpretSlackAnswer,
  // `cursor` back from `response_metadata.next_cursor` (`''` on the last page). `conversations.list`
  // takes up to 1000 but Slack recommends no more than 200 a page; pages may hold fewer while a cursor
  // follows.
  pagination: {
    kind: 'cursor',
    param: 'cursor',
    nextAt: 'response_metadata.next_cursor',
    sizeParam: 'limit',
    maxPageSize: 200,
  },
  // Clerk's Sign in with Slack supports no scopes besides these three (documented).
  defaultScopes: ['openid', 'email', 'profile'],
  // `openid.connect.userInfo` needs `openid`; `email` and `profile` only add claims.
  // `conversations.list` takes any one of its scopes: `channels:read` shows public channels,
  // `groups:read` private ones (the field asks only for the kinds the granted scopes show).
  fieldScopes: { profile: ['openid'], slackChannels: [[...SLACK_CHANNEL_SCOPES]] },
  // The OpenID claims of the signed-in Slack user. Slack has no handle in these claims and no profile
  // URL; `name` is the user's name as Slack shows it, and `email`/`name`/`picture` are absent without
  // the `email`/`profile` scopes.
  userinfoPath: '/openid.connect.userInfo',
  schema: slackSchema,
});

/**
 * Slack answers API errors with HTTP 200 and `{"ok": false, "error": "<code>"}` ("always check `ok`"),
 * so the status alone says nothing, and what a rule could read depends on a whole list of codes.
 */
function interpretSlackAnswer({ headers, body }: ProviderAnswer): AnswerMeaning | undefined {
  const answer = body as { ok?: unknown; error?: unknown } | null | undefined;
  if (answer?.ok !== false) return undefined;
  const error = typeof answer.error === 'string' ? answer.error : '';
  if (TOKEN_ERRORS.has(error)) return { kind: 'token-rejected' };
  // `{ok: false, error: 'missing_scope', needed, provided}`: `needed` lists the method's scopes, any one
  // of which would do (`channels:read,groups:read,im:read,mpim:read` for `conversations.list`).
  if (error === 'missing_scope') return { kind: 'missing-scopes' };
  // Slack's rate limits are 429s, handled by `rateLimit`; the same code on a 200 is read the same way.
  if (error === 'ratelimited') {
    const waitMs = retryAfterMs(headers.get('retry-after'), Date.now());
    return waitMs === undefined ? { kind: 'rate-limited' } : { kind: 'rate-limited', waitMs };
  }
  return SERVER_ERRORS.has(error) ? { kind: 'failed' } : { kind: 'refused' };
}
