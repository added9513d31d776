/**
 * Deterministic Google Calendar events in the shape of the Events resource
 * (https://developers.google.com/calendar/api/v3/reference/events#resource; docs/providers.md#google,
 * "Calendar events"), as they are stored on a primary calendar: single events, recurring events (a
 * master with an `RRULE`) and their exceptions (an instance moved or cancelled, stored under the
 * instance's id). `emulator-calendar-expansion.ts` turns them into what `singleEvents=true` lists. The same seed
 * always yields the same events, so the sandbox looks the same from one run to the next.
 */
import { createHash } from 'node:crypto';
import { instantOfWallTime, rfc3339InZone, wallTimeAt } from './zoned-time.js';

/** `{date}` for an all-day event (its end exclusive), `{dateTime, timeZone?}` for a timed one. */
export type EventTimeJson = { date: string } | { dateTime: string; timeZone?: string };

export interface EventPersonJson {
  email: string;
  displayName?: string;
  /** Whether it is the calendar's own person: set only when true. */
  self?: true;
}

export interface EventAttendeeJson extends EventPersonJson {
  organizer?: true;
  responseStatus: 'needsAction' | 'declined' | 'tentative' | 'accepted';
}

export type GoogleEventType =
  | 'default'
  | 'outOfOffice'
  | 'focusTime'
  | 'workingLocation'
  | 'birthday'
  | 'fromGmail';

export interface GoogleEventJson {
  kind: 'calendar#event';
  etag: string;
  id: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  htmlLink: string;
  created: string;
  updated: string;
  /** Absent for an event without a title. */
  summary?: string;
  description?: string;
  location?: string;
  creator: EventPersonJson;
  organizer: EventPersonJson;
  start: EventTimeJson;
  end: EventTimeJson;
  /** A recurring event's rules (`RRULE:FREQ=WEEKLY;BYDAY=MO`): on the master only. */
  recurrence?: string[];
  /** On an instance of a recurring event (and an exception): its master's id. */
  recurringEventId?: string;
  originalStartTime?: EventTimeJson;
  transparency?: 'opaque' | 'transparent';
  visibility?: 'default' | 'public' | 'private' | 'confidential';
  iCalUID: string;
  sequence: number;
  attendees?: EventAttendeeJson[];
  /** Set when `maxAttendees` left some attendees out. */
  attendeesOmitted?: boolean;
  hangoutLink?: string;
  conferenceData?: {
    entryPoints: { entryPointType: 'video'; uri: string; label: string }[];
    conferenceSolution: { key: { type: 'hangoutsMeet' }; name: string; iconUri: string };
    conferenceId: string;
  };
  reminders: { useDefault: boolean };
  eventType: GoogleEventType;
}

/** Whose calendar it is. */
export interface CalendarOwner {
  email: string;
  displayName: string;
  /** The calendar's time zone: where all-day dates begin, and the zone of the times it answers. */
  timeZone: string;
}

/** The zone of every account's primary calendar unless a test says otherwise: Ada's London. */
export const DEFAULT_CALENDAR_TIME_ZONE = 'Europe/London';

const DAY_MS = 24 * 60 * 60 * 1000;
const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

function digestOf(seed: string): Buffer {
  return createHash('sha256').update(seed).digest();
}

/** Calendar event ids are base32hex (`[a-v0-9]`); those Google makes are 26 characters. */
export function eventIdOf(seed: string): string {
  const digest = digestOf(`event:${seed}`);
  let id = '';
  for (let index = 0; id.length < 26; index++) id += BASE32HEX[(digest[index % 32] ?? 0) % 32];
  return id;
}

/** `eid` is base64, unpadded, of the event id and the calendar id: the example of docs/providers.md#google. */
export function htmlLinkOf(eventId: string, calendarId: string): string {
  const eid = Buffer.from(`${eventId} ${calendarId}`).toString('base64').replace(/=+$/, '');
  return `https://www.google.com/calendar/event?eid=${eid}`;
}

/** A date (`YYYY-MM-DD`) moved by whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The whole-millisecond RFC 3339 UTC time Calendar writes `created` and `updated` with. */
function utcMillis(epochMs: number): string {
  return new Date(Math.floor(epochMs)).toISOString();
}

export interface EventInput {
  /** Seeds the id and what derives from it. */
  key: string;
  owner: CalendarOwner;
  summary?: string;
  description?: string;
  location?: string;
  /** A wall time (`2026-09-01T10:00`) in `timeZone`, or a date (`2026-09-01`) for an all-day event. */
  start: string;
  /** The same form; an all-day event's end date is exclusive. */
  end: string;
  /** The event's zone; default the calendar's. */
  timeZone?: string;
  organizer?: EventPersonJson;
  /** Other people invited; the owner is added as an attendee when someone else organizes. */
  attendees?: EventPersonJson[];
  /** The owner's answer to someone else's invitation; default `accepted`. */
  response?: EventAttendeeJson['responseStatus'];
  recurrence?: string[];
  meet?: boolean;
  eventType?: GoogleEventType;
  transparency?: 'opaque' | 'transparent';
  visibility?: 'default' | 'public' | 'private' | 'confidential';
  /** When it was created; default nine days before its start (or before now, if that is earlier). */
  createdAt?: number;
}

function isDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

function timeOf(value: string, zone: string): EventTimeJson {
  if (isDate(value)) return { date: value };
  return { dateTime: rfc3339InZone(instantOfWallTime(value, zone), zone), timeZone: zone };
}

/** A Meet code: `abc-defg-hij`. */
function meetCodeOf(seed: string): string {
  const digest = digestOf(`meet:${seed}`);
  const letter = (index: number) => String.fromCharCode(97 + ((digest[index] ?? 0) % 26));
  const part = (from: number, length: number) =>
    Array.from({ length }, (_, index) => letter(from + index)).join('');
  return `${part(0, 3)}-${part(3, 4)}-${part(7, 3)}`;
}

/** One stored event. */
export function eventJson(input: EventInput): GoogleEventJson {
  const { owner } = input;
  const zone = input.timeZone ?? owner.timeZone;
  const id = eventIdOf(input.key);
  const me: EventPersonJson = { email: owner.email, displayName: owner.displayName, self: true };
  const organizer = input.organizer ?? me;
  const organizedByMe = organizer.email === owner.email;
  const startInstant = isDate(input.start)
    ? instantOfWallTime(`${input.start}T00:00`, owner.timeZone)
    : instantOfWallTime(input.start, zone);
  const created = input.createdAt ?? Math.min(startInstant, Date.now()) - 9 * DAY_MS - 3_600_000;
  const updated = created + ((digestOf(`u:${input.key}`).readUInt32BE(0) % 7_200_000) + 60_000);
  const invited = input.attendees ?? [];
  const attendees: EventAttendeeJson[] | undefined =
    invited.length === 0 && organizedByMe
      ? undefined
      : [
          ...(organizedByMe
            ? [{ ...me, organizer: true as const, responseStatus: 'accepted' as const }]
            : [
                { ...organizer, organizer: true as const, responseStatus: 'accepted' as const },
                { ...me, responseStatus: input.response ?? 'accepted' },
              ]),
          ...invited
            .filter((person) => person.email !== owner.email && person.email !== organizer.email)
            .map((person, index) => ({
              ...person,
              responseStatus: (['accepted', 'needsAction', 'tentative'] as const)[index % 3] ?? 'accepted',
            })),
        ];
  const meetCode = input.meet ? meetCodeOf(input.key) : undefined;
  const event: GoogleEventJson = {
    kind: 'calendar#event',
    etag: `"${Math.floor(updated) * 1000}"`,
    id,
    status: 'confirmed',
    htmlLink: htmlLinkOf(id, owner.email),
    created: utcMillis(created - (created % 1000)),
    updated: utcMillis(updated),
    ...(input.summary ? { summary: input.summary } : {}),
    ...(input.description ? { description: input.description } : {}),
    ...(input.location ? { location: input.location } : {}),
    creator: organizedByMe ? me : { email: organizer.email },
    organizer: organizedByMe ? me : organizer,
    start: timeOf(input.start, zone),
    end: timeOf(input.end, zone),
    ...(input.recurrence ? { recurrence: input.recurrence } : {}),
    ...(input.transparency ? { transparency: input.transparency } : {}),
    ...(input.visibility ? { visibility: input.visibility } : {}),
    iCalUID: `${id}@google.com`,
    sequence: 0,
    ...(attendees ? { attendees } : {}),
    ...(meetCode
      ? {
          hangoutLink: `https://meet.google.com/${meetCode}`,
          conferenceData: {
            entryPoints: [
              {
                entryPointType: 'video' as const,
                uri: `https://meet.google.com/${meetCode}`,
                label: `meet.google.com/${meetCode}`,
              },
            ],
            conferenceSolution: {
              key: { type: 'hangoutsMeet' as const },
              name: 'Google Meet',
              iconUri:
                'https://fonts.gstatic.com/s/i/productlogos/meet_2020q4/v6/web-512dp/logo_meet_2020q4_color_2x_web_512dp.png',
            },
            conferenceId: meetCode,
          },
        }
      : {}),
    reminders: { useDefault: true },
    eventType: input.eventType ?? 'default',
  };
  return event;
}

/**
 * An exception of a recurring event: the instance of `master` that originally started at
 * `originalStart` (the master's wall time on that date; a date for an all-day series), moved to
 * `start`–`end`, or cancelled.
 */
export function exceptionJson(
  master: GoogleEventJson,
  owner: CalendarOwner,
  originalDate: string,
  change: { start: string; end: string; summary?: string } | 'cancelled',
): GoogleEventJson {
  const original = originalStartOf(master, originalDate, owner.timeZone);
  const id = instanceIdOf(master, original.instant, originalDate);
  const base: GoogleEventJson = {
    ...structuredClone(master),
    id,
    htmlLink: htmlLinkOf(id, owner.email),
    recurringEventId: master.id,
    originalStartTime: original.json,
    sequence: 1,
  };
  delete base.recurrence;
  if (change === 'cancelled') return { ...base, status: 'cancelled' };
  const zone = 'timeZone' in master.start && master.start.timeZone ? master.start.timeZone : owner.timeZone;
  return {
    ...base,
    ...(change.summary ? { summary: change.summary } : {}),
    start: timeOf(change.start, zone),
    end: timeOf(change.end, zone),
  };
}

/** When the instance of a series on `date` originally starts: the master's wall time on that date. */
export function originalStartOf(
  master: GoogleEventJson,
  date: string,
  calendarZone: string,
): { instant: number | null; json: EventTimeJson } {
  if ('date' in master.start) return { instant: null, json: { date } };
  const zone = master.start.timeZone ?? calendarZone;
  const wall = wallTimeAt(Date.parse(master.start.dateTime), zone).slice(11);
  const instant = instantOfWallTime(`${date}T${wall}`, zone);
  return { instant, json: { dateTime: rfc3339InZone(instant, zone), timeZone: zone } };
}

/**
 * An instance's id: its series' id and its original start, in UTC for a timed series
 * (`…_20260901T080000Z`), as a date for an all-day one (`…_20260901`).
 */
export function instanceIdOf(master: GoogleEventJson, instant: number | null, date: string): string {
  if (instant === null) return `${master.id}_${date.replaceAll('-', '')}`;
  const utc = new Date(instant).toISOString();
  return `${master.id}_${utc.slice(0, 10).replaceAll('-', '')}T${utc.slice(11, 19).replaceAll(':', '')}Z`;
}

const COLLEAGUES: readonly (readonly [string, string])[] = [
  ['Charles Babbage', 'charles.babbage'],
  ['Mary Somerville', 'mary.somerville'],
  ['Augustus De Morgan', 'augustus.demorgan'],
  ['Luigi Menabrea', 'luigi.menabrea'],
  ['Michael Faraday', 'michael.faraday'],
  ['Charles Wheatstone', 'charles.wheatstone'],
];

function colleagues(owner: CalendarOwner): EventPersonJson[] {
  const domain = owner.email.split('@')[1] ?? 'example.com';
  return COLLEAGUES.map(([displayName, local]) => ({ email: `${local}@${domain}`, displayName }));
}

/** The owner's first name, for titles. */
function firstNameOf(owner: CalendarOwner): string {
  return owner.displayName.split(' ')[0] || 'Me';
}

/**
 * A realistic primary calendar around `now`: a weekday stand-up on Meet, a weekly 1:1, a design review
 * every other week and two gym mornings a week (recurring series, one stand-up moved next week and one
 * cancelled this week), a yearly birthday, focus time right now and tea right after, lunch tomorrow,
 * and next week all-day events (a day off, a two-day offsite), a lecture, a call set in Rome's time
 * zone, an event without a title and an invitation not answered yet; out of office the week after.
 */
export function defaultCalendar(owner: CalendarOwner, now: number): GoogleEventJson[] {
  const zone = owner.timeZone;
  const today = wallTimeAt(now, zone).slice(0, 10);
  const week = addDays(today, -weekdayOf(today));
  const next = addDays(week, 7);
  const [charles, mary, augustus, luigi, michael, wheatstone] = colleagues(owner);
  const people = { charles, mary, augustus, luigi, michael, wheatstone } as Record<string, EventPersonJson>;
  const person = (name: string): EventPersonJson => people[name] ?? { email: owner.email };
  const key = (name: string) => `${owner.email}:${name}`;
  const event = (input: Omit<EventInput, 'owner'>) => eventJson({ ...input, owner });
  const hourLater = wallTimeAt(Math.floor(now / 3_600_000) * 3_600_000 + 3_600_000, zone);
  const hourBefore = wallTimeAt(Math.floor(now / 3_600_000) * 3_600_000 - 3_600_000, zone);

  const standup = event({
    key: key('standup'),
    summary: 'Analytical Engine stand-up',
    start: `${addDays(week, -56)}T09:30`,
    end: `${addDays(week, -56)}T09:45`,
    organizer: person('charles'),
    attendees: [person('mary'), person('augustus'), person('wheatstone')],
    recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'],
    meet: true,
  });
  const oneOnOne = event({
    key: key('one-on-one'),
    summary: `1:1 ${firstNameOf(owner)} / Mary`,
    start: `${addDays(week, -55)}T14:00`,
    end: `${addDays(week, -55)}T14:30`,
    attendees: [person('mary')],
    recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=TU'],
  });
  const review = event({
    key: key('review'),
    summary: 'Design review: the mill and the store',
    description: 'Agenda:\n1. Carriage mechanism\n2. Punched-card reader\n3. Open questions',
    location: 'Room 4.12, Babbage Hall, London',
    start: `${addDays(week, -53)}T15:00`,
    end: `${addDays(week, -53)}T16:00`,
    organizer: person('charles'),
    attendees: [person('augustus'), person('michael')],
    response: 'tentative',
    recurrence: ['RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH'],
  });
  const gym = event({
    key: key('gym'),
    summary: 'Gym',
    location: 'Marylebone Leisure Centre',
    start: `${addDays(week, -28)}T07:00`,
    end: `${addDays(week, -28)}T08:00`,
    recurrence: ['RRULE:FREQ=WEEKLY;COUNT=40;BYDAY=MO,WE'],
    visibility: 'private',
  });
  const birthday = event({
    key: key('birthday'),
    summary: "Mary Somerville's birthday",
    start: `2016-${addDays(next, 2).slice(5)}`,
    end: addDays(`2016-${addDays(next, 2).slice(5)}`, 1),
    recurrence: ['RRULE:FREQ=YEARLY'],
    eventType: 'birthday',
    transparency: 'transparent',
    createdAt: Date.parse('2016-01-04T10:00:00Z'),
  });

  return [
    standup,
    exceptionJson(standup, owner, addDays(next, 2), {
      start: `${addDays(next, 2)}T10:00`,
      end: `${addDays(next, 2)}T10:15`,
      summary: 'Analytical Engine stand-up (moved)',
    }),
    exceptionJson(standup, owner, addDays(week, 4), 'cancelled'),
    oneOnOne,
    review,
    gym,
    birthday,
    event({
      key: key('dentist'),
      summary: 'Dentist',
      location: '22 Harley Street, London',
      start: `${addDays(week, -4)}T08:00`,
      end: `${addDays(week, -4)}T08:45`,
    }),
    event({
      key: key('focus'),
      summary: 'Focus time: Note G',
      start: hourBefore.slice(0, 16),
      end: hourLater.slice(0, 16),
      eventType: 'focusTime',
    }),
    event({
      key: key('tea'),
      summary: 'Tea with Michael',
      location: 'Royal Institution, 21 Albemarle Street, London',
      start: hourLater.slice(0, 16),
      end: wallTimeAt(Date.parse(`${hourLater}Z`) + 30 * 60_000, 'UTC').slice(0, 16),
      organizer: person('michael'),
      response: 'accepted',
    }),
    event({
      key: key('lunch'),
      summary: 'Lunch with Mary',
      location: 'The Athenaeum, 107 Pall Mall, London',
      start: `${addDays(today, 1)}T12:30`,
      end: `${addDays(today, 1)}T13:30`,
      attendees: [person('mary')],
    }),
    event({
      key: key('day-off'),
      summary: 'Day off',
      start: next,
      end: addDays(next, 1),
      transparency: 'transparent',
    }),
    event({
      key: key('offsite'),
      summary: 'Offsite at Ockham Park',
      location: 'Ockham Park, Surrey',
      start: addDays(next, 2),
      end: addDays(next, 4),
      organizer: person('charles'),
      attendees: [person('mary'), person('augustus'), person('michael')],
      transparency: 'transparent',
    }),
    event({
      key: key('turin'),
      summary: 'Call with Luigi about the translation',
      start: `${next}T16:00`,
      end: `${next}T16:45`,
      timeZone: 'Europe/Rome',
      organizer: person('luigi'),
      meet: true,
    }),
    event({
      key: key('untitled'),
      start: `${addDays(next, 1)}T11:00`,
      end: `${addDays(next, 1)}T11:30`,
    }),
    event({
      key: key('lecture'),
      summary: 'Lecture: on the Bernoulli numbers',
      description: 'Open lecture, followed by questions.',
      location: 'Royal Institution, 21 Albemarle Street, London',
      start: `${addDays(next, 3)}T17:00`,
      end: `${addDays(next, 3)}T18:30`,
      organizer: person('michael'),
      attendees: [person('mary'), person('wheatstone')],
    }),
    event({
      key: key('dinner'),
      summary: 'Dinner at the Babbages',
      location: '1 Dorset Street, Marylebone, London',
      start: `${addDays(next, 5)}T19:00`,
      end: `${addDays(next, 5)}T22:00`,
      organizer: person('charles'),
      response: 'needsAction',
    }),
    event({
      key: key('out-of-office'),
      summary: 'Out of office',
      start: `${addDays(next, 7)}T00:00`,
      end: `${addDays(next, 12)}T00:00`,
      eventType: 'outOfOffice',
      transparency: 'opaque',
    }),
  ];
}

export interface GenerateEventsOptions {
  count: number;
  /** The first event's start (ISO 8601). */
  from: string;
  /** Between two starts; default 90 minutes. */
  stepMinutes?: number;
  seed?: string;
}

/**
 * `count` single events from `from`, every `stepMinutes`, 45 minutes long: every seventh all day (the
 * calendar's next date), every fifth without a location, every eleventh without a title, every third
 * organized by a colleague.
 */
export function generateEvents(owner: CalendarOwner, options: GenerateEventsOptions): GoogleEventJson[] {
  const step = (options.stepMinutes ?? 90) * 60_000;
  const first = Date.parse(options.from);
  const seed = options.seed ?? owner.email;
  const people = colleagues(owner);
  const events: GoogleEventJson[] = [];
  for (let index = 0; index < options.count; index++) {
    const start = first + index * step;
    const person = people[index % people.length] ?? { email: owner.email };
    const wallStart = wallTimeAt(start, owner.timeZone).slice(0, 16);
    const wallEnd = wallTimeAt(start + 45 * 60_000, owner.timeZone).slice(0, 16);
    const nextDate = addDays(wallStart.slice(0, 10), 1);
    const allDay = index % 7 === 6;
    events.push(
      eventJson({
        key: `${seed}:generated:${index}`,
        owner,
        ...(index % 11 === 10 ? {} : { summary: `Meeting ${index + 1} with ${person.displayName}` }),
        ...(index % 5 === 4 ? {} : { location: `Room ${1 + (index % 9)}.${10 + (index % 17)}` }),
        start: allDay ? nextDate : wallStart,
        end: allDay ? addDays(nextDate, 1) : wallEnd,
        ...(index % 3 === 2 ? { organizer: person } : { attendees: [person] }),
        createdAt: first - 30 * DAY_MS,
      }),
    );
  }
  return events;
}
