import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../../src/errors.js';
import { type CalendarWindowArgs, readCalendarWindow } from '../../../src/schema/calendar-window.js';

const NOW = Date.parse('2026-12-04T17:30:00.000Z');

function refusal(args: CalendarWindowArgs): string | undefined {
  try {
    readCalendarWindow(args, NOW);
    return undefined;
  } catch (error) {
    return error instanceof GatewayError ? `${error.code}: ${error.message}` : String(error);
  }
}

describe('readCalendarWindow', () => {
  it('defaults to now until 30 days later', () => {
    expect(readCalendarWindow({}, NOW)).toEqual({
      from: '2026-12-04T17:30:00.000Z',
      to: '2027-01-03T17:30:00.000Z',
    });
  });

  it('counts a missing `to` from the given `from`', () => {
    expect(readCalendarWindow({ from: '2027-02-01T00:00:00Z' }, NOW)).toEqual({
      from: '2027-02-01T00:00:00.000Z',
      to: '2027-03-03T00:00:00.000Z',
    });
  });

  it('converts offsets to UTC', () => {
    expect(
      readCalendarWindow({ from: '2026-12-07T09:00:00+01:00', to: '2026-12-08T09:00:00-05:30' }, NOW),
    ).toEqual({
      from: '2026-12-07T08:00:00.000Z',
      to: '2026-12-08T14:30:00.000Z',
    });
  });

  it('takes exactly 366 days and refuses one millisecond more', () => {
    expect(refusal({ from: '2027-01-01T00:00:00Z', to: '2028-01-02T00:00:00Z' })).toBeUndefined();
    expect(refusal({ from: '2027-01-01T00:00:00Z', to: '2028-01-02T00:00:00.001Z' })).toMatch(
      /^BAD_USER_INPUT: .*366 days/,
    );
  });

  it('refuses `to` at or before `from`', () => {
    expect(refusal({ from: '2027-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' })).toMatch(
      /^BAD_USER_INPUT: `to` must be after/,
    );
    expect(refusal({ to: '2026-12-01T00:00:00Z' })).toMatch(/^BAD_USER_INPUT/);
  });

  it.each(['2026-12-07', '2026-12-07T09:00:00', '07/12/2026 09:00', 'next week', '2026-13-45T99:00:00Z'])(
    'refuses %j: a time needs a date, a time and an offset',
    (from) => {
      expect(refusal({ from })).toMatch(/^BAD_USER_INPUT: `from` must be an ISO-8601 time with an offset/);
    },
  );

  it('takes the window a cursor kept over the clock and the defaults', () => {
    const kept = JSON.stringify({ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' });
    expect(readCalendarWindow({}, NOW, kept)).toEqual(JSON.parse(kept));
  });
});
