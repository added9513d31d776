/**
 * How a provider says "slow down, for this long": data in its declaration (`provider.ts`), read here (as
 * Nango's `providers.yaml` declares `retry.at` / `retry.after`). Providers differ in where and in which
 * unit (docs/providers.md#retry-timing-units-differ):
 * - `Retry-After`, seconds (Notion, Slack, Microsoft, Dropbox, GitHub secondary limits), or an HTTP date,
 *   which RFC 9110 also allows;
 * - a reset time in a header, meaningful only once the "remaining" header says 0 (GitHub
 *   `x-ratelimit-reset`, epoch seconds, with `x-ratelimit-remaining: 0`; Discord
 *   `X-RateLimit-Reset-After`, float seconds from now);
 * - a field of the JSON body (Discord `retry_after`, float seconds).
 *
 * A 429 is always a rate limit. Other statuses (GitHub's 403, which it also answers for plain
 * permission problems) are one only when the provider declares them and a signal is present. When
 * several signals are present the longest wait wins (NangoHQ/nango#4428: minutely and daily windows).
 *
 * Defaults fit most providers: no status but 429 is a rate limit, and the wait is in `Retry-After`.
 */
import { valueAt } from './json-path.js';
import { msUntilEpoch, retryAfterMs } from './retry-after.js';
import type { RateLimitSignals, ResetUnit, ResponseHeaders } from './upstream-types.js';

/** What a provider that declares nothing gets: `Retry-After` on a 429. */
export const DEFAULT_RATE_LIMIT_SIGNALS: RateLimitSignals = {};

/** When a provider says "slow down" without saying for how long. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

const DEFAULT_SIGNALLED_STATUSES: readonly number[] = [];
const DEFAULT_RETRY_AFTER_HEADERS: readonly string[] = ['retry-after'];

/** Whether an answer with this status may be a rate limit (so its body fields are worth reading). */
export function mayBeRateLimit(signals: RateLimitSignals, status: number): boolean {
  return status === 429 || (signals.signalledStatuses ?? DEFAULT_SIGNALLED_STATUSES).includes(status);
}

/**
 * The wait in milliseconds when the answer is a rate limit, else `undefined`. `body` is the parsed JSON
 * body when the signals name body fields, else `undefined`.
 */
export function rateLimitWaitMs(
  signals: RateLimitSignals,
  status: number,
  headers: ResponseHeaders,
  body: unknown,
  nowMs: number,
): number | undefined {
  if (!mayBeRateLimit(signals, status)) return undefined;
  const wait = signalledWaitMs(signals, headers, body, nowMs);
  if (wait !== undefined) return wait;
  return status === 429 ? DEFAULT_RATE_LIMIT_WAIT_MS : undefined;
}

/** The longest wait the signals name in this answer, whatever its status; `undefined` when none does. */
export function signalledWaitMs(
  signals: RateLimitSignals,
  headers: ResponseHeaders,
  body: unknown,
  nowMs: number,
): number | undefined {
  let wait: number | undefined;
  const consider = (ms: number | undefined) => {
    if (ms !== undefined && Number.isFinite(ms) && (wait === undefined || ms > wait)) wait = ms;
  };
  for (const name of signals.retryAfterHeaders ?? DEFAULT_RETRY_AFTER_HEADERS) {
    consider(retryAfterMs(headers.get(name), nowMs));
  }
  for (const reset of signals.resetHeaders ?? []) {
    if (reset.whenZero !== undefined && headers.get(reset.whenZero)?.trim() !== '0') continue;
    consider(resetWaitMs(headers.get(reset.header), reset.unit, nowMs));
  }
  for (const signal of signals.bodyFields ?? []) {
    const value = valueAt(body, signal.field);
    if (typeof value === 'number' && value >= 0) consider(signal.unit === 'seconds' ? value * 1000 : value);
  }
  return wait;
}

function resetWaitMs(value: string | null, unit: ResetUnit, nowMs: number): number | undefined {
  switch (unit) {
    case 'epoch-seconds':
      return msUntilEpoch(value, nowMs, 1000);
    case 'epoch-milliseconds':
      return msUntilEpoch(value, nowMs, 1);
    case 'seconds':
    case 'milliseconds': {
      const trimmed = value?.trim() ?? '';
      if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
      return unit === 'seconds' ? Number(trimmed) * 1000 : Number(trimmed);
    }
  }
}
