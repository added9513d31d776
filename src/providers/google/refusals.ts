/**
 * What Google's 403s and 429s mean (docs/providers.md#google, "Errors" and "Rate limits"):
 * - a missing scope: `details[].reason` `ACCESS_TOKEN_SCOPE_INSUFFICIENT` or `errors[].reason`
 *   `insufficientPermissions` in the API envelope, or `error="insufficient_scope"` in `WWW-Authenticate`;
 *   also an OAuth-style `{"error": "insufficient_scope"}`, which the userinfo endpoint (whose 401 is
 *   OAuth-style too) may answer instead: unverified, accepted in case;
 * - a rate limit: any 429, or a 403 whose `errors[].reason` is `rateLimitExceeded`,
 *   `userRateLimitExceeded` or `quotaExceeded`. Google sends no `Retry-After`; some APIs name the
 *   moment in the message instead ("User-rate limit exceeded.  Retry after 2026-09-11T20:00:00.000Z",
 *   the form Nango retries on), newer ones a `google.rpc.RetryInfo` detail (`retryDelay: "30s"`;
 *   unverified: no source cited documents it); a `Retry-After`, should one come, is read too.
 */
import { retryAfterMs } from '../../http/retry-after.js';
import type { AnswerMeaning, ProviderAnswer } from '../../http/upstream-types.js';

const SCOPE_REASONS: ReadonlySet<unknown> = new Set([
  'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
  'insufficientPermissions',
]);
const RATE_LIMIT_REASONS: ReadonlySet<unknown> = new Set([
  'rateLimitExceeded',
  'userRateLimitExceeded',
  'quotaExceeded',
]);
const RETRY_AFTER_IN_MESSAGE = /Retry after (\d{4}-\d{2}-\d{2}T[\d:.]+Z)/;
const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

type Entry = Readonly<Record<string, unknown>>;

export function interpretGoogleRefusal({ status, headers, body }: ProviderAnswer): AnswerMeaning | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const error = (body as { error?: unknown } | undefined)?.error;
  const envelope: Entry = typeof error === 'object' && error !== null ? (error as Entry) : {};
  const details = entriesOf(envelope.details);
  const reasons = [...entriesOf(envelope.errors), ...details].map((entry) => entry.reason);
  if (
    reasons.some((reason) => SCOPE_REASONS.has(reason)) ||
    error === 'insufficient_scope' ||
    /error="insufficient_scope"/.test(headers.get('www-authenticate') ?? '')
  ) {
    return { kind: 'missing-scopes' };
  }
  if (status === 429 || reasons.some((reason) => RATE_LIMIT_REASONS.has(reason))) {
    const waitMs =
      waitInMessageMs(envelope.message) ??
      retryDelayMs(details) ??
      retryAfterMs(headers.get('retry-after'), Date.now());
    return waitMs === undefined ? { kind: 'rate-limited' } : { kind: 'rate-limited', waitMs };
  }
  return undefined;
}

function entriesOf(value: unknown): Entry[] {
  return Array.isArray(value)
    ? value.filter((entry): entry is Entry => typeof entry === 'object' && entry !== null)
    : [];
}

/** "… Retry after 2026-09-11T20:00:00.000Z" → the milliseconds until then. */
function waitInMessageMs(message: unknown): number | undefined {
  const retryAt = typeof message === 'string' ? RETRY_AFTER_IN_MESSAGE.exec(message)?.[1] : undefined;
  const at = retryAt === undefined ? Number.NaN : Date.parse(retryAt);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** `{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "30s"}` → 30 000. */
function retryDelayMs(details: readonly Entry[]): number | undefined {
  const delay = details.find((detail) => detail['@type'] === RETRY_INFO_TYPE)?.retryDelay;
  const seconds = typeof delay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(delay)?.[1] : undefined;
  return seconds === undefined ? undefined : Number(seconds) * 1000;
}
