import { describe, expect, it } from 'vitest';
import { parseRetryAfter, secondsUntilEpoch } from '../../../src/http/retry-after.js';

const NOW = Date.parse('2026-08-21T12:00:00.000Z');

describe('parseRetryAfter', () => {
  it('reads whole seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120);
  });

  it('reads zero seconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
  });

  it('rounds fractional seconds up', () => {
    expect(parseRetryAfter('1.2', NOW)).toBe(2);
  });

  it('ignores surrounding whitespace', () => {
    expect(parseRetryAfter('  30 ', NOW)).toBe(30);
  });

  it('reads an HTTP date in the future as the seconds until it, rounded up', () => {
    expect(parseRetryAfter('Fri, 21 Aug 2026 12:01:30 GMT', NOW - 500)).toBe(91);
  });

  it('reads an HTTP date in the past as zero', () => {
    expect(parseRetryAfter('Fri, 21 Aug 2026 11:00:00 GMT', NOW)).toBe(0);
  });

  it.each([
    ['null', null],
    ['an empty string', ''],
    ['whitespace', '   '],
    ['a word', 'soon'],
    ['seconds with a unit', '10s'],
    ['a hexadecimal number', '0x10'],
  ])('returns undefined for %s', (_name, value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  // Bug: `Date.parse` in V8 reads "-1" (and text such as "page 2") as 1 January 2001, so garbage that is
  // neither delay-seconds nor an HTTP date comes out as "retry now" (0) instead of undefined.
  it('returns undefined for a negative number', () => {
    expect(parseRetryAfter('-1', NOW)).toBeUndefined();
  });
});

describe('secondsUntilEpoch', () => {
  it('reads a reset time in epoch seconds as the seconds until it', () => {
    expect(secondsUntilEpoch(String(NOW / 1000 + 90), NOW)).toBe(90);
  });

  it('rounds a partial second up', () => {
    expect(secondsUntilEpoch(String(NOW / 1000 + 90), NOW + 500)).toBe(90);
  });

  it('reads a reset time in the past as zero', () => {
    expect(secondsUntilEpoch(String(NOW / 1000 - 60), NOW)).toBe(0);
  });

  it('ignores surrounding whitespace', () => {
    expect(secondsUntilEpoch(` ${NOW / 1000 + 5} `, NOW)).toBe(5);
  });

  it.each([
    ['null', null],
    ['an empty string', ''],
    ['a fraction', '1755763200.5'],
    ['a date', 'Fri, 21 Aug 2026 12:01:30 GMT'],
    ['a word', 'later'],
  ])('returns undefined for %s', (_name, value) => {
    expect(secondsUntilEpoch(value, NOW)).toBeUndefined();
  });
});
