/**
 * How long a rate-limited caller should wait, from the signals providers send: `Retry-After` as seconds
 * or as an HTTP date (RFC 9110 §10.2.3), or a reset time in epoch seconds (GitHub's `x-ratelimit-reset`,
 * docs/providers.md#retry-timing-units-differ). The `…Ms` readers keep the precision retry decisions need
 * (Discord waits are fractions of a second); clients are told whole seconds, rounded up.
 */
const HTTP_DATE_START = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;
const DECIMAL = /^\d+(\.\d+)?$/;

/** `Retry-After` in milliseconds from `nowMs`, or `undefined` when it is absent or junk. */
export function retryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (DECIMAL.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date starts with the day name (IMF-fixdate, RFC 850 and asctime forms alike); anything else
  // is junk that `Date.parse` might still read as some date.
  if (!HTTP_DATE_START.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** `Retry-After` in whole seconds, rounded up. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  const ms = retryAfterMs(value, nowMs);
  return ms === undefined ? undefined : toWholeSeconds(ms);
}

/** Milliseconds until a reset time given in epoch seconds (`unit: 1000`) or milliseconds (`unit: 1`). */
export function msUntilEpoch(value: string | null, nowMs: number, unit: 1 | 1000 = 1000): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Math.max(0, Number(value.trim()) * unit - nowMs);
}

export function secondsUntilEpoch(value: string | null, nowMs: number): number | undefined {
  const ms = msUntilEpoch(value, nowMs);
  return ms === undefined ? undefined : toWholeSeconds(ms);
}

/** What clients see in `retryAfter`: whole seconds, never less than the wait. */
export function toWholeSeconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000 - 1e-9));
}
