import { describe, expect, it } from 'vitest';
import { toMilliseconds } from '../../../src/tokens/clerk-api.js';

describe('toMilliseconds', () => {
  it('reads an expiry in seconds as milliseconds', () => {
    expect(toMilliseconds(1_755_763_200)).toBe(1_755_763_200_000);
  });

  it('keeps an expiry already in milliseconds', () => {
    expect(toMilliseconds(1_755_763_200_000)).toBe(1_755_763_200_000);
  });

  it('keeps the fraction of an expiry in fractional seconds', () => {
    expect(toMilliseconds(1_755_763_200.25)).toBe(1_755_763_200_250);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['zero', 0],
    ['a negative number', -1_755_763_200],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('reads %s as an unknown expiry', (_name, value) => {
    expect(toMilliseconds(value)).toBeNull();
  });
});
