/**
 * How long a rate-limited caller should wait, in whole seconds, from the signals providers send:
 * `Retry-After` as seconds or as an HTTP date (RFC 9110 §10.2.3), or a reset time in epoch seconds
 * (GitHub's `x-ratelimit-reset`, providers.md "Retry timing units differ").
 */
const HTTP_DATE_START = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.max(0, Math.ceil(Number(trimmed)));
  // An HTTP date starts with the day name (IMF-fixdate, RFC 850 and asctime forms alike); anything else
  // is junk that `Date.parse` might still read as some date.
  if (!HTTP_DATE_START.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

export function secondsUntilEpoch(value: string | null, nowMs: number): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Math.max(0, Math.ceil(Number(value.trim()) - nowMs / 1000));
}
