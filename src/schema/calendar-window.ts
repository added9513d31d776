/**
 * The window of a calendar field: events that overlap `[from, to)`. `from` defaults to now and `to` to
 * `from` plus 30 days; both must carry an offset (`Z`, `+02:00`), since a time without one means a
 * different moment in every time zone; the window is at most 366 days, so one field cannot ask a
 * provider for years of events. Both go to the provider as ISO-8601 in UTC.
 */
import { GatewayError } from '../errors.js';

export interface CalendarWindowArgs {
  readonly from?: string | null | undefined;
  readonly to?: string | null | undefined;
}

/** ISO-8601 instants in UTC (`2026-12-07T00:00:00.000Z`). */
export interface CalendarWindow {
  readonly from: string;
  readonly to: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_WINDOW_DAYS = 30;
export const MAX_WINDOW_DAYS = 366;

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * The window the arguments ask for, `now` standing in for a missing `from`; `kept` is the window a
 * cursor carries (a previous page's, taken from the clock), which then wins over the clock.
 */
export function readCalendarWindow(args: CalendarWindowArgs, now: number, kept?: string): CalendarWindow {
  if (kept !== undefined) {
    const window = JSON.parse(kept) as CalendarWindow;
    return window;
  }
  const from = args.from == null ? now : instantOf('from', args.from);
  const to = args.to == null ? from + DEFAULT_WINDOW_DAYS * DAY_MS : instantOf('to', args.to);
  if (to <= from) throw new GatewayError('BAD_USER_INPUT', '`to` must be after `from`.');
  if (to - from > MAX_WINDOW_DAYS * DAY_MS) {
    throw new GatewayError(
      'BAD_USER_INPUT',
      `The window from \`from\` to \`to\` must be at most ${MAX_WINDOW_DAYS} days.`,
    );
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

function instantOf(name: string, value: string): number {
  const time = WITH_OFFSET.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new GatewayError(
      'BAD_USER_INPUT',
      `\`${name}\` must be an ISO-8601 time with an offset, e.g. \`2026-12-07T09:00:00Z\` or \`2026-12-07T10:00:00+01:00\`.`,
    );
  }
  return time;
}
