/**
 * How long Linear asks us to wait. Its answers carry `Retry-After` (seconds) and, per bucket (requests,
 * query complexity), `X-RateLimit-<bucket>-Remaining` and `-Reset`, a unix timestamp whose unit is
 * unverified: Linear has used milliseconds (docs/providers.md#retry-timing-units-differ;
 * docs/providers.md#linear, "Rate limits"). Both units are read, told apart by size.
 */
import { retryAfterMs } from '../../http/retry-after.js';
import type { ResponseHeaders } from '../../http/upstream-types.js';

const BUCKETS = ['requests', 'complexity'] as const;
/** 1e11 seconds is the year 5138 and 1e11 milliseconds is 1973: any current reset past it is in ms. */
const MILLISECONDS_FROM = 1e11;

/** The longest wait among `Retry-After` and the resets of the exhausted buckets; `undefined` when none says. */
export function linearRateLimitWaitMs(headers: ResponseHeaders, nowMs: number): number | undefined {
  const waits: number[] = [];
  const retryAfter = retryAfterMs(headers.get('retry-after'), nowMs);
  if (retryAfter !== undefined) waits.push(retryAfter);
  for (const bucket of BUCKETS) {
    const remaining = headers.get(`x-ratelimit-${bucket}-remaining`);
    if (remaining !== null && Number(remaining) > 0) continue;
    const resetAt = epochMsOf(headers.get(`x-ratelimit-${bucket}-reset`));
    if (resetAt !== undefined) waits.push(Math.max(0, resetAt - nowMs));
  }
  return waits.length === 0 ? undefined : Math.max(...waits);
}

/** A unix timestamp in seconds or milliseconds, as epoch milliseconds. */
export function epochMsOf(value: string | null): number | undefined {
  const trimmed = value?.trim() ?? '';
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return number >= MILLISECONDS_FROM ? number : number * 1000;
}
