import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT_WAIT_MS, rateLimitWaitMs } from '../../../src/http/rate-limit-signals.js';
import type { RateLimitSignals, ResponseHeaders } from '../../../src/http/upstream-types.js';
import { github as githubProvider } from '../../../src/providers/github/provider.js';
import { notion as notionProvider } from '../../../src/providers/notion/provider.js';

const NOW = Date.parse('2026-08-21T12:00:00.000Z');
const NOW_SECONDS = NOW / 1000;

function headers(values: Record<string, string> = {}): ResponseHeaders {
  const lower = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return { get: (name) => lower[name.toLowerCase()] ?? null };
}

/**
 * Discord (docs/providers.md#retry-timing-units-differ; docs/providers.md#discord, "Rate limits"): 429 with
 * `retry_after` in float seconds in the body, and reset-after headers.
 */
const discordLike: RateLimitSignals = {
  retryAfterHeaders: ['retry-after'],
  resetHeaders: [{ header: 'x-ratelimit-reset-after', unit: 'seconds', whenZero: 'x-ratelimit-remaining' }],
  bodyFields: [{ field: 'retry_after', unit: 'seconds' }],
};

const github = githubProvider.rateLimit;
const notion = notionProvider.rateLimit;

describe('rateLimitWaitMs', () => {
  it('reads Retry-After seconds on a 429', () => {
    expect(rateLimitWaitMs(notion, 429, headers({ 'Retry-After': '3' }), undefined, NOW)).toBe(3_000);
  });

  it('reads Retry-After as an HTTP date', () => {
    const value = new Date(NOW + 90_000).toUTCString();

    expect(rateLimitWaitMs(notion, 429, headers({ 'Retry-After': value }), undefined, NOW)).toBe(90_000);
  });

  it('assumes a minute for a 429 that says nothing', () => {
    expect(rateLimitWaitMs(notion, 429, headers(), undefined, NOW)).toBe(DEFAULT_RATE_LIMIT_WAIT_MS);
  });

  it('does not call a 5xx or a 404 a rate limit', () => {
    for (const status of [404, 500, 503]) {
      expect(
        rateLimitWaitMs(github, status, headers({ 'retry-after': '5' }), undefined, NOW),
      ).toBeUndefined();
    }
  });

  it("reads GitHub's exhausted primary limit: 403, remaining 0, reset in epoch seconds", () => {
    const response = headers({
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(NOW_SECONDS + 120),
    });

    expect(rateLimitWaitMs(github, 403, response, undefined, NOW)).toBe(120_000);
  });

  it("does not call GitHub's plain 403 a rate limit although it carries the rate-limit headers", () => {
    const response = headers({
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(NOW_SECONDS + 3_600),
    });

    expect(rateLimitWaitMs(github, 403, response, undefined, NOW)).toBeUndefined();
  });

  it("reads GitHub's secondary limit: 403 with retry-after", () => {
    const response = headers({ 'retry-after': '60', 'x-ratelimit-remaining': '4000' });

    expect(rateLimitWaitMs(github, 403, response, undefined, NOW)).toBe(60_000);
  });

  it('takes the longest wait when several signals are present', () => {
    const response = headers({
      'retry-after': '30',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(NOW_SECONDS + 600),
    });

    expect(rateLimitWaitMs(github, 429, response, undefined, NOW)).toBe(600_000);
  });

  it('does not call a Notion 403 a rate limit, whatever it carries', () => {
    expect(rateLimitWaitMs(notion, 403, headers({ 'retry-after': '5' }), undefined, NOW)).toBeUndefined();
  });

  it('reads a body field in float seconds (Discord `retry_after`)', () => {
    const body = { message: 'You are being rate limited.', retry_after: 0.25, global: false };

    expect(rateLimitWaitMs(discordLike, 429, headers(), body, NOW)).toBe(250);
  });

  it('reads a delay header in float seconds once nothing remains (Discord `X-RateLimit-Reset-After`)', () => {
    const response = headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '1.5' });

    expect(rateLimitWaitMs(discordLike, 429, response, undefined, NOW)).toBe(1_500);
  });

  it('reads a dotted body path and a unit of milliseconds', () => {
    const signals: RateLimitSignals = { bodyFields: [{ field: 'error.retryAfterMs', unit: 'milliseconds' }] };

    expect(rateLimitWaitMs(signals, 429, headers(), { error: { retryAfterMs: 1_200 } }, NOW)).toBe(1_200);
  });

  it('reads a reset header in epoch milliseconds', () => {
    const signals: RateLimitSignals = { resetHeaders: [{ header: 'x-reset', unit: 'epoch-milliseconds' }] };

    expect(rateLimitWaitMs(signals, 429, headers({ 'x-reset': String(NOW + 4_000) }), undefined, NOW)).toBe(
      4_000,
    );
  });

  it.each([
    ['a string', { retry_after: '5' }],
    ['a negative number', { retry_after: -1 }],
    ['no body', undefined],
    ['a body that is not an object', 'rate limited'],
  ])('ignores a body field that is %s', (_name, body) => {
    expect(rateLimitWaitMs(discordLike, 429, headers(), body, NOW)).toBe(DEFAULT_RATE_LIMIT_WAIT_MS);
  });

  it('ignores junk in the headers', () => {
    const response = headers({
      'retry-after': 'soon',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': 'x',
    });

    expect(rateLimitWaitMs(github, 403, response, undefined, NOW)).toBeUndefined();
  });
});
