/**
 * Deterministic Microsoft Graph data in the shapes of `GET /v1.0/me/calendarView` (Outlook `event`s,
 * occurrences of series expanded) and `GET /v1.0/me/drive/root/children` (OneDrive `driveItem`s)
 * (docs/providers.md#microsoft, "Data endpoints"). The same seed always yields the same items, so the
 * sandbox looks the same from one run to the next and tests can rely on ids and order.
 *
 * Times are stored in UTC, as Graph answers without a `Prefer: outlook.timezone` header; the emulator
 * converts them when a request asks for another zone.
 */
import { createHash } from 'node:crypto';

export interface GraphDateTimeTimeZone {
  /** Local wall time with seven fractional digits (`2026-01-14T19:00:00.0000000`), no offset. */
  dateTime: string;
  timeZone: string;
}

export interface GraphEmailAddress {
  name: string;
  address: string;
}

export interface GraphLocationJson {
  displayName: string;
  locationType: 'default' | 'conferenceRoom' | 'businessAddress' | 'streetAddress';
  uniqueIdType: 'unknown' | 'private' | 'directory';
  uniqueId?: string;
  address: Record<string, string>;
  coordinates: Record<string, number>;
}

export interface GraphAttendeeJson {
  type: 'required' | 'optional' | 'resource';
  status: { response: string; time: string };
  emailAddress: GraphEmailAddress;
}

/** An Outlook `event` as calendarView lists it (every property, as without `$select`). */
export interface GraphEventJson {
  '@odata.etag': string;
  id: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
  categories: string[];
  transactionId: string | null;
  originalStartTimeZone: string;
  originalEndTimeZone: string;
  iCalUId: string;
  reminderMinutesBeforeStart: number;
  isReminderOn: boolean;
  hasAttachments: boolean;
  subject: string;
  bodyPreview: string;
  importance: 'low' | 'normal' | 'high';
  sensitivity: 'normal' | 'personal' | 'private' | 'confidential';
  isAllDay: boolean;
  isCancelled: boolean;
  isOrganizer: boolean;
  responseRequested: boolean;
  seriesMasterId: string | null;
  showAs: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
  type: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
  webLink: string;
  onlineMeetingUrl: string | null;
  isOnlineMeeting: boolean;
  onlineMeetingProvider: 'unknown' | 'teamsForBusiness' | 'skypeForBusiness' | 'skypeForConsumer';
  allowNewTimeProposals: boolean;
  occurrenceId: string | null;
  isDraft: boolean;
  hideAttendees: boolean;
  responseStatus: { response: string; time: string };
  body: { contentType: 'html' | 'text'; content: string };
  /** Stored in UTC; all-day events at midnight of their first day. */
  start: GraphDateTimeTimeZone;
  /** Stored in UTC; all-day events at midnight of the day after their last. */
  end: GraphDateTimeTimeZone;
  location: GraphLocationJson;
  locations: GraphLocationJson[];
  recurrence: null;
  attendees: GraphAttendeeJson[];
  organizer: { emailAddress: GraphEmailAddress };
  onlineMeeting: { joinUrl: string } | null;
}

export interface GraphIdentityJson {
  user: { email?: string; id: string; displayName: string };
}

/** A OneDrive `driveItem` as `children` lists it: a `file`, a `folder` or a `package` (OneNote). */
export interface DriveItemJson {
  createdDateTime: string;
  eTag: string;
  id: string;
  lastModifiedDateTime: string;
  name: string;
  webUrl: string;
  cTag: string;
  /** Bytes; for a folder, the total of its contents. */
  size: number;
  createdBy: GraphIdentityJson;
  lastModifiedBy: GraphIdentityJson;
  parentReference: { driveType: 'business' | 'personal'; driveId: string; id: string; path: string };
  fileSystemInfo: { createdDateTime: string; lastModifiedDateTime: string };
  file?: { mimeType: string; hashes: { quickXorHash: string } };
  folder?: { childCount: number };
  package?: { type: string };
}

/** Whose calendar or drive it is: the account's person. */
export interface GraphOwner {
  /** The Graph user id (`/me`'s `id`). */
  id: string;
  displayName: string;
  email: string;
}

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** A stream of deterministic numbers in [0, 1) from a seed. */
function randomOf(seed: string): () => number {
  let counter = 0;
  return () => {
    const digest = createHash('sha256').update(`${seed}:${counter++}`).digest();
    return digest.readUInt32BE(0) / 0x1_0000_0000;
  };
}

function digestOf(seed: string, encoding: 'hex' | 'base64' | 'base64url'): string {
  return createHash('sha256').update(seed).digest(encoding);
}

/** Graph's seven fractional digits of a creation time. */
function sevenDigitsOf(seed: string): string {
  return String(createHash('sha256').update(`ms:${seed}`).digest().readUInt32BE(0) % 10_000_000).padStart(
    7,
    '0',
  );
}

/** Outlook item ids are long base64 strings starting `AAMkAG`. */
export function outlookIdOf(seed: string): string {
  const body = (digestOf(`a:${seed}`, 'base64url') + digestOf(`b:${seed}`, 'base64url')).slice(0, 80);
  return `AAMkAG${body}AAA=`;
}

/** The wall-time format of `dateTimeTimeZone` (seven fractional digits, no offset), in UTC. */
export function graphDateTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}.0000000`;
}

/** Seconds precision with `Z`, as Graph writes `createdDateTime` and the OneDrive times. */
function isoSeconds(epochMs: number): string {
  return `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

function emptyLocation(): GraphLocationJson {
  return { displayName: '', locationType: 'default', uniqueIdType: 'unknown', address: {}, coordinates: {} };
}

function locationOf(displayName: string): GraphLocationJson {
  if (displayName === '') return emptyLocation();
  return {
    displayName,
    locationType: 'default',
    uniqueId: displayName,
    uniqueIdType: 'private',
    address: {},
    coordinates: {},
  };
}

export interface EventInput {
  /** Seeds the id and the other derived fields. */
  key: string;
  subject: string;
  start: number;
  end: number;
  isAllDay?: boolean;
  location?: string;
  bodyPreview?: string;
  organizer: GraphEmailAddress;
  owner: GraphOwner;
  attendees?: GraphEmailAddress[];
  seriesMasterId?: string | null;
  type?: GraphEventJson['type'];
  showAs?: GraphEventJson['showAs'];
  isCancelled?: boolean;
  teams?: boolean;
  timeZone?: string;
}

/** One event in calendarView's shape; an all-day event's `start` and `end` must be midnights (UTC). */
export function eventJson(input: EventInput): GraphEventJson {
  const id = outlookIdOf(input.key);
  const changeKey = digestOf(`ck:${input.key}`, 'base64').slice(0, 28);
  const created = input.start - 9 * DAY - 3 * HOUR;
  const isOrganizer = input.organizer.address.toLowerCase() === input.owner.email.toLowerCase();
  const body = input.bodyPreview ?? '';
  const joinUrl = input.teams
    ? `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${digestOf(`t:${input.key}`, 'base64url').slice(0, 40)}%40thread.v2/0`
    : null;
  const location = locationOf(input.location ?? '');
  const timeZone = input.timeZone ?? 'GMT Standard Time';
  return {
    '@odata.etag': `W/"${changeKey}"`,
    id,
    createdDateTime: `${new Date(created).toISOString().slice(0, 19)}.${sevenDigitsOf(input.key)}Z`,
    lastModifiedDateTime: `${new Date(created + 2 * HOUR).toISOString().slice(0, 19)}.0000000Z`,
    changeKey,
    categories: [],
    transactionId: null,
    originalStartTimeZone: input.isAllDay ? 'UTC' : timeZone,
    originalEndTimeZone: input.isAllDay ? 'UTC' : timeZone,
    iCalUId: `040000008200E00074C5B7101A82E00800000000${digestOf(
      `ical:${input.seriesMasterId ?? input.key}`,
      'hex',
    )
      .slice(0, 72)
      .toUpperCase()}`,
    reminderMinutesBeforeStart: input.isAllDay ? 1080 : 15,
    isReminderOn: !input.isAllDay,
    hasAttachments: false,
    subject: input.subject,
    bodyPreview: body,
    importance: 'normal',
    sensitivity: 'normal',
    isAllDay: input.isAllDay ?? false,
    isCancelled: input.isCancelled ?? false,
    isOrganizer,
    responseRequested: true,
    seriesMasterId: input.seriesMasterId ?? null,
    showAs: input.showAs ?? (input.isAllDay ? 'free' : 'busy'),
    type: input.type ?? (input.seriesMasterId ? 'occurrence' : 'singleInstance'),
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: joinUrl !== null,
    onlineMeetingProvider: joinUrl !== null ? 'teamsForBusiness' : 'unknown',
    allowNewTimeProposals: true,
    occurrenceId: null,
    isDraft: false,
    hideAttendees: false,
    responseStatus: {
      response: isOrganizer ? 'organizer' : 'accepted',
      time: isOrganizer ? '0001-01-01T00:00:00Z' : isoSeconds(created + HOUR),
    },
    body: {
      contentType: 'html',
      content: body === '' ? '' : `<html><head></head><body><p>${body}</p></body></html>`,
    },
    start: { dateTime: graphDateTime(input.start), timeZone: 'UTC' },
    end: { dateTime: graphDateTime(input.end), timeZone: 'UTC' },
    location,
    locations: location.displayName === '' ? [] : [{ ...location, uniqueIdType: 'unknown' }],
    recurrence: null,
    attendees: (input.attendees ?? []).map((emailAddress) => ({
      type: 'required',
      status: { response: 'none', time: '0001-01-01T00:00:00Z' },
      emailAddress,
    })),
    organizer: { emailAddress: input.organizer },
    onlineMeeting: joinUrl === null ? null : { joinUrl },
  };
}

const COLLEAGUES = [
  'Charles Babbage',
  'Mary Somerville',
  'Augustus De Morgan',
  'Luigi Menabrea',
  'Michael Faraday',
  'Charles Wheatstone',
  'Andrew Crosse',
];

function colleague(name: string, domain: string): GraphEmailAddress {
  const [first = name, last = ''] = name.split(' ');
  return { name, address: `${first.toLowerCase()}.${last.toLowerCase().replaceAll(' ', '')}@${domain}` };
}

function domainOf(owner: GraphOwner): string {
  return owner.email.split('@')[1] ?? 'example.com';
}

/** Monday 00:00 UTC of the week of `now`. */
export function weekStartOf(now: number): number {
  const day = new Date(Math.floor(now / DAY) * DAY);
  return day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY;
}

/**
 * A realistic calendar around `now`: the past two weeks and the next eight, with a weekday stand-up
 * and weekly meetings (occurrences of series), one-off meetings (today's included), all-day events next
 * week and later, a cancelled occurrence and events without a location.
 */
export function defaultCalendar(owner: GraphOwner, now: number): GraphEventJson[] {
  const random = randomOf(`calendar:${owner.id}`);
  const domain = domainOf(owner);
  const me: GraphEmailAddress = { name: owner.displayName, address: owner.email };
  const people = COLLEAGUES.map((name) => colleague(name, domain));
  const pick = () => people[Math.floor(random() * people.length)] ?? me;
  const week = weekStartOf(now);
  const first = week - 14 * DAY;
  const events: GraphEventJson[] = [];
  const add = (input: Omit<EventInput, 'owner'>) => events.push(eventJson({ ...input, owner }));

  const standupMaster = outlookIdOf(`${owner.id}:standup`);
  const lead = pick();
  const reviewMaster = outlookIdOf(`${owner.id}:review`);
  const oneOnOneMaster = outlookIdOf(`${owner.id}:one-on-one`);
  const mentor = people[0] ?? me;
  const cancelledWeek = 1 + Math.floor(random() * 3);
  for (let day = 0; day < 70; day++) {
    const midnight = first + day * DAY;
    const weekday = (day % 7) + 1; // 1 = Monday
    if (weekday <= 5) {
      add({
        key: `${owner.id}:standup:${day}`,
        subject: 'Engine team stand-up',
        start: midnight + 9 * HOUR + 30 * 60_000,
        end: midnight + 9 * HOUR + 45 * 60_000,
        organizer: lead,
        attendees: [me, ...people.slice(1, 4)],
        seriesMasterId: standupMaster,
        teams: true,
        location: 'Microsoft Teams Meeting',
      });
    }
    if (weekday === 2) {
      add({
        key: `${owner.id}:one-on-one:${day}`,
        subject: `1:1 ${owner.displayName.split(' ')[0]} / ${mentor.name.split(' ')[0]}`,
        start: midnight + 14 * HOUR,
        end: midnight + 14 * HOUR + 30 * 60_000,
        organizer: me,
        attendees: [mentor],
        seriesMasterId: oneOnOneMaster,
        location: '',
      });
    }
    if (weekday === 4) {
      const cancelled = Math.floor(day / 7) === 2 + cancelledWeek;
      add({
        key: `${owner.id}:review:${day}`,
        subject: cancelled ? 'Canceled: Analytical Engine design review' : 'Analytical Engine design review',
        start: midnight + 15 * HOUR,
        end: midnight + 16 * HOUR,
        organizer: mentor,
        attendees: [me, ...people.slice(2, 6)],
        seriesMasterId: reviewMaster,
        location: 'Room 4.12, Babbage Hall',
        bodyPreview: 'Agenda: the store, the mill, and the punched-card reader.',
        isCancelled: cancelled,
        showAs: cancelled ? 'free' : 'busy',
      });
    }
  }

  const today = Math.floor(now / DAY) * DAY;
  const hourNow = Math.floor(now / HOUR) * HOUR;
  add({
    key: `${owner.id}:focus`,
    subject: 'Focus time: Note G',
    start: hourNow - HOUR,
    end: hourNow + HOUR,
    organizer: me,
    showAs: 'busy',
  });
  add({
    key: `${owner.id}:lunch`,
    subject: `Lunch with ${pick().name.split(' ')[0]}`,
    start: today + DAY + 12 * HOUR + 30 * 60_000,
    end: today + DAY + 13 * HOUR + 30 * 60_000,
    organizer: me,
    location: 'The Athenaeum, Pall Mall',
  });
  const nextWeek = week + 7 * DAY;
  add({
    key: `${owner.id}:offsite`,
    subject: 'Team offsite',
    start: nextWeek + 2 * DAY,
    end: nextWeek + 4 * DAY,
    isAllDay: true,
    organizer: lead,
    attendees: [me, ...people.slice(1, 5)],
    location: 'Ockham Park, Surrey',
    showAs: 'workingElsewhere',
  });
  add({
    key: `${owner.id}:holiday`,
    subject: 'Bank holiday',
    start: nextWeek,
    end: nextWeek + DAY,
    isAllDay: true,
    organizer: me,
    showAs: 'free',
  });
  add({
    key: `${owner.id}:lecture`,
    subject: 'Lecture: on the Bernoulli numbers',
    start: nextWeek + 3 * DAY + 17 * HOUR,
    end: nextWeek + 3 * DAY + 18 * HOUR + 30 * 60_000,
    organizer: pick(),
    location: 'Royal Institution, Albemarle Street',
    bodyPreview: 'Open lecture, followed by questions.',
  });
  add({
    key: `${owner.id}:translation`,
    subject: 'Menabrea translation: review notes',
    start: nextWeek + 4 * DAY + 10 * HOUR,
    end: nextWeek + 4 * DAY + 11 * HOUR,
    organizer: me,
    attendees: [people[3] ?? me],
    teams: true,
    location: 'Microsoft Teams Meeting',
  });
  add({
    key: `${owner.id}:leave`,
    subject: 'Out of office',
    start: week + 21 * DAY,
    end: week + 26 * DAY,
    isAllDay: true,
    organizer: me,
    showAs: 'oof',
  });
  add({
    key: `${owner.id}:dentist`,
    subject: 'Dentist',
    start: week - 3 * DAY + 8 * HOUR,
    end: week - 3 * DAY + 9 * HOUR,
    organizer: me,
    location: '',
    showAs: 'oof',
  });
  return sortByStart(events);
}

/**
 * `count` plain events from `from`, every `stepMinutes` (default 90): every seventh lasts all day (at
 * the next midnight), every fifth has no location, every eleventh no subject.
 */
export function generateEvents(
  owner: GraphOwner,
  options: { count: number; from: number; stepMinutes?: number; seed?: string },
): GraphEventJson[] {
  const step = (options.stepMinutes ?? 90) * 60_000;
  const seed = options.seed ?? owner.id;
  const domain = domainOf(owner);
  const me: GraphEmailAddress = { name: owner.displayName, address: owner.email };
  const events: GraphEventJson[] = [];
  for (let index = 0; index < options.count; index++) {
    const start = options.from + index * step;
    const allDay = index % 7 === 6;
    const midnight = Math.ceil(start / DAY) * DAY;
    const person = colleague(COLLEAGUES[index % COLLEAGUES.length] ?? 'Charles Babbage', domain);
    events.push(
      eventJson({
        key: `${seed}:generated:${index}`,
        owner,
        subject: index % 11 === 10 ? '' : `Meeting ${index + 1} with ${person.name}`,
        start: allDay ? midnight : start,
        end: allDay ? midnight + DAY : start + 45 * 60_000,
        isAllDay: allDay,
        location: index % 5 === 4 ? '' : `Room ${1 + (index % 9)}.${10 + (index % 17)}`,
        organizer: index % 2 === 0 ? me : person,
        attendees: index % 2 === 0 ? [person] : [me],
      }),
    );
  }
  return sortByStart(events);
}

/** By start, the order `$orderby=start/dateTime` gives; ties keep their order. */
export function sortByStart(events: GraphEventJson[]): GraphEventJson[] {
  return [...events].sort((a, b) => a.start.dateTime.localeCompare(b.start.dateTime));
}

/** OneDrive for Business item ids: 34 characters of base32, starting `01`. */
function driveItemIdOf(seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(`item:${seed}`).digest();
  let id = '01';
  for (let index = 0; id.length < 34; index++) id += alphabet[(digest[index % digest.length] ?? 0) % 32];
  return id;
}

/** What the account's OneDrive (for Business) is called in its URLs. */
export function driveOf(owner: GraphOwner): { driveId: string; rootId: string; baseUrl: string } {
  const [local = 'user', domain = 'example.com'] = owner.email.toLowerCase().split('@');
  const tenant = domain.split('.')[0] ?? 'contoso';
  const personal = `${local}_${domain}`.replace(/[^a-z0-9_]/g, '_');
  return {
    driveId: `b!${digestOf(`drive:${owner.id}`, 'base64url').slice(0, 40)}${digestOf(`drive2:${owner.id}`, 'base64url').slice(0, 24)}`,
    rootId: driveItemIdOf(`${owner.id}:root`),
    baseUrl: `https://${tenant}-my.sharepoint.com/personal/${personal}/Documents`,
  };
}

interface DriveEntry {
  name: string;
  /** Folder: its child count; file: its media type; `oneNote`: a notebook package. */
  kind: { folder: number } | { mimeType: string } | { package: string };
  size: number;
  /** Days before `now` it last changed. */
  daysAgo: number;
}

/** Stands for the owner's notebook, named after them. */
const NOTEBOOK = '<notebook>';

const DEFAULT_DRIVE: DriveEntry[] = [
  { name: 'Apps', kind: { folder: 1 }, size: 18_430, daysAgo: 240 },
  { name: 'Attachments', kind: { folder: 0 }, size: 0, daysAgo: 300 },
  { name: 'Desktop', kind: { folder: 3 }, size: 1_204_332, daysAgo: 12 },
  { name: 'Documents', kind: { folder: 14 }, size: 9_845_120, daysAgo: 2 },
  { name: 'Microsoft Teams Chat Files', kind: { folder: 4 }, size: 2_210_004, daysAgo: 6 },
  { name: 'Notes', kind: { folder: 6 }, size: 48_211, daysAgo: 1 },
  { name: 'Pictures', kind: { folder: 24 }, size: 86_409_216, daysAgo: 30 },
  { name: 'Recordings', kind: { folder: 2 }, size: 152_043_520, daysAgo: 9 },
  { name: NOTEBOOK, kind: { package: 'oneNote' }, size: 1_318_912, daysAgo: 4 },
  {
    name: 'Analytical Engine - Note G.docx',
    kind: { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
    size: 48_732,
    daysAgo: 0,
  },
  {
    name: 'Bernoulli numbers.xlsx',
    kind: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    size: 23_190,
    daysAgo: 3,
  },
  {
    name: 'Budget 2026.xlsx',
    kind: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    size: 31_877,
    daysAgo: 15,
  },
  { name: 'Difference Engine sketch.png', kind: { mimeType: 'image/png' }, size: 734_112, daysAgo: 44 },
  { name: 'Ideas.md', kind: { mimeType: 'text/markdown' }, size: 2_318, daysAgo: 1 },
  {
    name: 'Lecture slides - Turin 1840.pptx',
    kind: { mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' },
    size: 2_904_551,
    daysAgo: 20,
  },
  { name: 'Menabrea translation.pdf', kind: { mimeType: 'application/pdf' }, size: 1_140_988, daysAgo: 60 },
  { name: 'Portrait.jpg', kind: { mimeType: 'image/jpeg' }, size: 389_004, daysAgo: 120 },
  { name: 'Reading list.txt', kind: { mimeType: 'text/plain' }, size: 1_024, daysAgo: 8 },
  { name: 'Untitled.txt', kind: { mimeType: 'text/plain' }, size: 0, daysAgo: 0 },
];

function driveItemOf(owner: GraphOwner, seed: string, entry: DriveEntry, now: number): DriveItemJson {
  const drive = driveOf(owner);
  const id = driveItemIdOf(`${seed}:${entry.name}`);
  const modified =
    Math.floor((now - entry.daysAgo * DAY - (digestOf(`t:${id}`, 'hex').charCodeAt(0) % 9) * HOUR) / 1000) *
    1000;
  const created = modified - (30 + entry.daysAgo) * DAY;
  const guid = digestOf(`guid:${id}`, 'hex').toUpperCase();
  const etagGuid = `${guid.slice(0, 8)}-${guid.slice(8, 12)}-${guid.slice(12, 16)}-${guid.slice(16, 20)}-${guid.slice(20, 32)}`;
  const identity: GraphIdentityJson = {
    user: { email: owner.email, id: owner.id, displayName: owner.displayName },
  };
  const item: DriveItemJson = {
    createdDateTime: isoSeconds(created),
    eTag: `"{${etagGuid}},2"`,
    id,
    lastModifiedDateTime: isoSeconds(modified),
    name: entry.name,
    webUrl: `${drive.baseUrl}/${encodeURIComponent(entry.name)}`,
    cTag: `"c:{${etagGuid}},2"`,
    size: entry.size,
    createdBy: identity,
    lastModifiedBy: identity,
    parentReference: {
      driveType: 'business',
      driveId: drive.driveId,
      id: drive.rootId,
      path: '/drive/root:',
    },
    fileSystemInfo: { createdDateTime: isoSeconds(created), lastModifiedDateTime: isoSeconds(modified) },
  };
  if ('folder' in entry.kind) item.folder = { childCount: entry.kind.folder };
  else if ('package' in entry.kind) item.package = { type: entry.kind.package };
  else {
    item.file = {
      mimeType: entry.kind.mimeType,
      hashes: { quickXorHash: createHash('sha1').update(id).digest('base64').slice(0, 27).concat('=') },
    };
  }
  return item;
}

/** A realistic OneDrive root: the usual folders, a OneNote notebook and a dozen files, by name. */
export function defaultDrive(owner: GraphOwner, now: number): DriveItemJson[] {
  const firstName = owner.displayName.split(' ')[0] || 'My';
  return DEFAULT_DRIVE.map((entry) =>
    driveItemOf(
      owner,
      owner.id,
      entry.name === NOTEBOOK ? { ...entry, name: `${firstName}'s Notebook` } : entry,
      now,
    ),
  );
}

/** `count` items: every fourth a folder, every ninth an empty file, the others files of a few types. */
export function generateDriveItems(
  owner: GraphOwner,
  options: { count: number; now: number; seed?: string },
): DriveItemJson[] {
  const types: [string, string][] = [
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['pdf', 'application/pdf'],
    ['png', 'image/png'],
    ['txt', 'text/plain'],
  ];
  const seed = options.seed ?? owner.id;
  const items: DriveItemJson[] = [];
  for (let index = 0; index < options.count; index++) {
    const number = String(index + 1).padStart(4, '0');
    const [extension, mimeType] = types[index % types.length] ?? ['txt', 'text/plain'];
    const entry: DriveEntry =
      index % 4 === 3
        ? { name: `Folder ${number}`, kind: { folder: index % 13 }, size: index * 1_000, daysAgo: index % 40 }
        : {
            name: `File ${number}.${extension}`,
            kind: { mimeType },
            size: index % 9 === 8 ? 0 : 1_000 + index * 37,
            daysAgo: index % 40,
          };
    items.push(driveItemOf(owner, `${seed}:generated`, entry, options.now));
  }
  return items;
}
