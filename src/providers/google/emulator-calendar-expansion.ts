/**
 * What `GET /calendar/v3/calendars/{calendarId}/events` lists of a calendar's stored events
 * (docs/providers.md#google, "Calendar events"): with `singleEvents=true` every recurring event is
 * expanded into its instances (an exception replacing the instance it changed, a cancelled one left
 * out), and an event is listed when it overlaps the window: its end after `timeMin`, its start before
 * `timeMax` (both exclusive). All-day dates begin at midnight in the calendar's zone.
 *
 * Recurrence rules are read as far as the emulator's data needs them: `FREQ` (`DAILY`, `WEEKLY`,
 * `MONTHLY`, `YEARLY`), `INTERVAL`, `BYDAY` (weekly), `COUNT` and `UNTIL` (RFC 5545).
 */
import {
  addDays,
  type EventTimeJson,
  type GoogleEventJson,
  htmlLinkOf,
  instanceIdOf,
  originalStartOf,
  weekdayOf,
} from './calendar-fixtures.js';
import { instantOfWallTime, rfc3339InZone, wallTimeAt } from './zoned-time.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far an endless series is expanded when the request sets no `timeMax`. */
const OPEN_HORIZON_DAYS = 730;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** An event as listed, with where it falls. */
export interface ListedEvent {
  readonly event: GoogleEventJson;
  readonly start: number;
  readonly end: number;
  readonly allDay: boolean;
}

export interface ExpandOptions {
  /** The calendar's id (its owner's email), for the instances' `htmlLink`. */
  readonly calendarId: string;
  /** Where all-day dates begin. */
  readonly calendarZone: string;
  readonly timeMin?: number;
  readonly timeMax?: number;
  readonly singleEvents: boolean;
  readonly now: number;
}

/** The instant an event time names: a date at midnight in the calendar's zone. */
export function instantOfEventTime(time: EventTimeJson, calendarZone: string): number {
  return 'date' in time ? instantOfWallTime(`${time.date}T00:00`, calendarZone) : Date.parse(time.dateTime);
}

function listed(event: GoogleEventJson, calendarZone: string): ListedEvent {
  return {
    event,
    start: instantOfEventTime(event.start, calendarZone),
    end: instantOfEventTime(event.end, calendarZone),
    allDay: 'date' in event.start,
  };
}

/**
 * The events the calendar lists in the window, in stored order (a series' instances in its place).
 * Without `singleEvents`, series masters are listed instead of their instances (when the series starts
 * before `timeMax`), with their changed instances; the emulator does not work out whether a series
 * still has an instance in the window.
 */
export function listEvents(stored: readonly GoogleEventJson[], options: ExpandOptions): ListedEvent[] {
  const overlaps = (item: ListedEvent) =>
    (options.timeMax === undefined || item.start < options.timeMax) &&
    (options.timeMin === undefined || item.end > options.timeMin);
  const exceptions = new Map(
    stored.filter((event) => event.recurringEventId !== undefined).map((event) => [event.id, event]),
  );
  const out: ListedEvent[] = [];
  for (const event of stored) {
    if (event.recurringEventId !== undefined) {
      // Changed instances: listed by their series when instances are asked for.
      if (!options.singleEvents && event.status !== 'cancelled') {
        const item = listed(event, options.calendarZone);
        if (overlaps(item)) out.push(item);
      }
    } else if (event.recurrence === undefined) {
      if (event.status === 'cancelled') continue;
      const item = listed(event, options.calendarZone);
      if (overlaps(item)) out.push(item);
    } else if (!options.singleEvents) {
      const item = listed(event, options.calendarZone);
      if (options.timeMax === undefined || item.start < options.timeMax) out.push(item);
    } else {
      for (const instance of instancesOf(event, exceptions, options)) {
        if (overlaps(instance)) out.push(instance);
      }
    }
  }
  return out;
}

/** `orderBy=startTime`: by start; at the same moment all-day events first, then the shorter. */
export function byStartTime(a: ListedEvent, b: ListedEvent): number {
  return (
    a.start - b.start ||
    Number(b.allDay) - Number(a.allDay) ||
    a.end - b.end ||
    (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0)
  );
}

/** An event with its times written in `zone`, as Calendar answers (`timeZone` parameter, else the calendar's). */
export function inZone(event: GoogleEventJson, zone: string): GoogleEventJson {
  const write = (time: EventTimeJson): EventTimeJson =>
    'date' in time ? time : { ...time, dateTime: rfc3339InZone(Date.parse(time.dateTime), zone) };
  return {
    ...event,
    start: write(event.start),
    end: write(event.end),
    ...(event.originalStartTime ? { originalStartTime: write(event.originalStartTime) } : {}),
  };
}

interface Rule {
  readonly freq: 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
  readonly interval: number;
  readonly byDay: readonly number[] | undefined;
  readonly count: number | undefined;
  /** The last date an instance may fall on, or the last instant it may start at. */
  readonly until: { readonly date: string } | { readonly instant: number } | undefined;
}

function ruleOf(recurrence: readonly string[]): Rule | undefined {
  const line = recurrence.find((entry) => entry.startsWith('RRULE:'));
  if (line === undefined) return undefined;
  const parts = new Map(
    line
      .slice('RRULE:'.length)
      .split(';')
      .map((part) => part.split('=') as [string, string]),
  );
  const freq = parts.get('FREQ');
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY' && freq !== 'YEARLY') return undefined;
  const until = parts.get('UNTIL');
  const untilMatch =
    until === undefined ? null : /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?$/.exec(until);
  return {
    freq,
    interval: Number(parts.get('INTERVAL') ?? 1) || 1,
    byDay: parts
      .get('BYDAY')
      ?.split(',')
      .map((day) => WEEKDAYS.indexOf(day))
      .filter((day) => day >= 0)
      .sort((a, b) => a - b),
    count: parts.has('COUNT') ? Number(parts.get('COUNT')) : undefined,
    until: !untilMatch
      ? undefined
      : untilMatch[4] === undefined
        ? { date: `${untilMatch[1]}-${untilMatch[2]}-${untilMatch[3]}` }
        : {
            instant: Date.parse(
              `${untilMatch[1]}-${untilMatch[2]}-${untilMatch[3]}T${untilMatch[4]}:${untilMatch[5]}:${untilMatch[6]}Z`,
            ),
          },
  };
}

/** The dates a rule gives from `first` (its first instance) up to `last`. */
function* datesOf(rule: Rule, first: string, last: string): Generator<string> {
  const [year = 0, month = 1, day = 1] = first.split('-').map(Number);
  switch (rule.freq) {
    case 'DAILY':
      for (let date = first; date <= last; date = addDays(date, rule.interval)) yield date;
      return;
    case 'WEEKLY': {
      const days = rule.byDay?.length ? rule.byDay : [weekdayOf(first)];
      for (
        let week = addDays(first, -weekdayOf(first));
        week <= last;
        week = addDays(week, 7 * rule.interval)
      ) {
        for (const weekday of days) {
          const date = addDays(week, weekday);
          if (date < first) continue;
          if (date > last) return;
          yield date;
        }
      }
      return;
    }
    case 'MONTHLY':
    case 'YEARLY':
      for (let step = 0; ; step += rule.interval) {
        const months = rule.freq === 'MONTHLY' ? month - 1 + step : month - 1 + 12 * step;
        const candidate = new Date(Date.UTC(year + Math.floor(months / 12), months % 12, day));
        const date = candidate.toISOString().slice(0, 10);
        if (date > last) return;
        // A day the month lacks (the 31st, 29 February) has no instance that month or year.
        if (candidate.getUTCDate() === day) yield date;
      }
  }
}

function instancesOf(
  master: GoogleEventJson,
  exceptions: ReadonlyMap<string, GoogleEventJson>,
  options: ExpandOptions,
): ListedEvent[] {
  const rule = master.recurrence ? ruleOf(master.recurrence) : undefined;
  if (!rule) return [];
  const zone = options.calendarZone;
  const eventZone = 'timeZone' in master.start && master.start.timeZone ? master.start.timeZone : zone;
  const firstDate =
    'date' in master.start
      ? master.start.date
      : wallTimeAt(Date.parse(master.start.dateTime), eventZone).slice(0, 10);
  const durationMs = instantOfEventTime(master.end, zone) - instantOfEventTime(master.start, zone);
  const durationDays =
    'date' in master.start && 'date' in master.end
      ? Math.round((Date.parse(master.end.date) - Date.parse(master.start.date)) / DAY_MS)
      : 0;
  const horizon = options.timeMax ?? (options.timeMin ?? options.now) + OPEN_HORIZON_DAYS * DAY_MS;
  const lastDate = addDays(wallTimeAt(horizon, zone).slice(0, 10), 1);
  // Dates well before the window are counted (for COUNT) but not built.
  const fromDate =
    options.timeMin === undefined
      ? firstDate
      : addDays(
          wallTimeAt(options.timeMin, zone).slice(0, 10),
          -(durationDays + Math.ceil(durationMs / DAY_MS) + 2),
        );

  const out: ListedEvent[] = [];
  let counted = 0;
  for (const date of datesOf(rule, firstDate, lastDate)) {
    if (rule.count !== undefined && counted >= rule.count) break;
    counted++;
    const original = originalStartOf(master, date, eventZone);
    if (rule.until) {
      const beyond =
        'date' in rule.until
          ? date > rule.until.date
          : original.instant !== null && original.instant > rule.until.instant;
      if (beyond) break;
    }
    if (date < fromDate) continue;
    const id = instanceIdOf(master, original.instant, date);
    const exception = exceptions.get(id);
    if (exception) {
      if (exception.status !== 'cancelled') out.push(listed(exception, zone));
      continue;
    }
    const { recurrence: _recurrence, ...rest } = master;
    const start: EventTimeJson =
      original.instant === null
        ? { date }
        : { dateTime: rfc3339InZone(original.instant, eventZone), timeZone: eventZone };
    const end: EventTimeJson =
      original.instant === null
        ? { date: addDays(date, durationDays) }
        : { dateTime: rfc3339InZone(original.instant + durationMs, eventZone), timeZone: eventZone };
    const instance: GoogleEventJson = {
      ...structuredClone(rest),
      id,
      htmlLink: htmlLinkOf(id, options.calendarId),
      recurringEventId: master.id,
      originalStartTime: original.json,
      start,
      end,
    };
    out.push(listed(instance, zone));
  }
  return out;
}
