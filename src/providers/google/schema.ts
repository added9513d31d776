/**
 * Google's fields on `ConnectedAccount` (docs/providers.md#google, "Calendar events" and "Drive files"):
 * `googleCalendarEvents`, the events of the primary calendar in a window, recurring events expanded into
 * their instances, by start time (`GET /calendar/v3/calendars/primary/events`), and `googleDriveFiles`,
 * the files and folders of the account's Drive that are not in the trash, most recently modified first
 * (`GET /drive/v3/files`).
 */
import { z } from 'zod';
import type { CalendarWindow } from '../../schema/calendar-window.js';
import type { KitListRequest, ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { CalendarEventFields, FileFields, Owned } from '../../schema/shared-interfaces.js';
import type { PageStyle } from '../page-styles.js';
import { instantOfWallTime } from './zoned-time.js';

/**
 * Calendar pages: `nextPageToken` in the body, sent back as `pageToken`; `maxResults` up to 2500. A
 * page may be short or empty while `nextPageToken` is set, so only the token says whether more follow.
 */
export const CALENDAR_EVENT_PAGES: PageStyle = {
  kind: 'cursor',
  param: 'pageToken',
  nextAt: 'nextPageToken',
  sizeParam: 'maxResults',
  maxPageSize: 2500,
};

/** Drive pages: the same tokens; `pageSize` 1 to 1000 (more is a 400). */
export const DRIVE_FILE_PAGES: PageStyle = {
  kind: 'cursor',
  param: 'pageToken',
  nextAt: 'nextPageToken',
  sizeParam: 'pageSize',
  maxPageSize: 1000,
};

const FOLDER = 'application/vnd.google-apps.folder';
const SHORTCUT = 'application/vnd.google-apps.shortcut';
const GOOGLE_APPS = 'application/vnd.google-apps.';

/** Only what the event nodes read; `maxAttendees=1` keeps the account's own answer, not every guest. */
const EVENT_FIELDS =
  'nextPageToken,items(id,status,htmlLink,summary,description,location,start,end,recurringEventId,eventType,hangoutLink,conferenceData/entryPoints(entryPointType,uri),organizer(email,displayName,self),attendees(self,responseStatus),updated)';

/** Only what the file nodes read (Drive answers each file's kind, id, name and mimeType without `fields`). */
const FILE_FIELDS =
  'nextPageToken,files(id,name,mimeType,description,size,modifiedTime,createdTime,webViewLink,iconLink,parents,starred,shared,owners(displayName,emailAddress,me),lastModifyingUser(displayName,emailAddress,me),shortcutDetails/targetId)';

/** Empty text is `null`. */
function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** An RFC 3339 time as ISO 8601 UTC; `null` when absent or unreadable. */
function instant(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WITH_OFFSET = /(Z|[+-]\d{2}:\d{2})$/i;
const WALL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * An event's `start` or `end`: `{date}` for an all-day event, `{dateTime, timeZone?}` for a timed one.
 * Calendar writes `dateTime` with an offset; one without is read in `timeZone`, as Google documents for
 * writes ("A time zone offset is required unless a time zone is explicitly specified in timeZone").
 */
const eventTimeSchema = z
  .object({
    date: z.string().regex(DATE).nullish(),
    dateTime: z.string().nullish(),
    timeZone: z.string().nullish(),
  })
  .transform((time, context) => {
    if (time.date) return { allDay: true, at: `${time.date}T00:00:00.000Z` };
    const dateTime = time.dateTime ?? '';
    let at = Number.NaN;
    if (WITH_OFFSET.test(dateTime)) at = Date.parse(dateTime);
    else if (WALL_TIME.test(dateTime) && time.timeZone) {
      try {
        at = instantOfWallTime(dateTime.replace(/\.\d+$/, ''), time.timeZone);
      } catch {
        // An unknown zone: the time cannot be placed.
      }
    }
    if (Number.isNaN(at)) {
      context.addIssue({ code: 'custom', message: 'an event time without a date or a readable dateTime' });
      return z.NEVER;
    }
    return { allDay: false, at: new Date(at).toISOString() };
  });

const EVENT_TYPES = [
  'default',
  'outOfOffice',
  'focusTime',
  'workingLocation',
  'birthday',
  'fromGmail',
] as const;
type EventType = (typeof EVENT_TYPES)[number] | 'other';

const RESPONSE_STATUSES = ['needsAction', 'declined', 'tentative', 'accepted'] as const;
type ResponseStatus = (typeof RESPONSE_STATUSES)[number];

interface GoogleCalendarEvent extends CalendarEventFields {
  readonly description: string | null;
  readonly status: 'confirmed' | 'tentative';
  readonly eventType: EventType;
  readonly recurringEventId: string | null;
  readonly organizer: {
    readonly name: string | null;
    readonly email: string | null;
    readonly isSelf: boolean;
  } | null;
  readonly myResponseStatus: ResponseStatus | null;
  readonly meetUrl: string | null;
  readonly updatedAt: string | null;
}

const eventSchema = z
  .object({
    id: z.string(),
    status: z.string().nullish(),
    htmlLink: z.string().nullish(),
    summary: z.string().nullish(),
    description: z.string().nullish(),
    location: z.string().nullish(),
    // A cancelled instance may come without times.
    start: eventTimeSchema.nullish(),
    end: eventTimeSchema.nullish(),
    recurringEventId: z.string().nullish(),
    eventType: z.string().nullish(),
    hangoutLink: z.string().nullish(),
    conferenceData: z
      .object({
        entryPoints: z
          .array(z.object({ entryPointType: z.string().nullish(), uri: z.string().nullish() }))
          .nullish(),
      })
      .nullish(),
    organizer: z
      .object({ email: z.string().nullish(), displayName: z.string().nullish(), self: z.boolean().nullish() })
      .nullish(),
    attendees: z
      .array(z.object({ self: z.boolean().nullish(), responseStatus: z.string().nullish() }))
      .nullish(),
    updated: z.string().nullish(),
  })
  .transform((event): GoogleCalendarEvent | null => {
    // Cancelled events are listed only with `showDeleted`, which the field does not ask for.
    if (event.status === 'cancelled' || !event.start || !event.end) return null;
    const organizer = event.organizer;
    const mine = event.attendees?.find((attendee) => attendee.self)?.responseStatus;
    const video = event.conferenceData?.entryPoints?.find((entry) => entry.entryPointType === 'video')?.uri;
    return {
      id: event.id,
      title: text(event.summary),
      startsAt: event.start.at,
      endsAt: event.end.at,
      isAllDay: event.start.allDay,
      location: text(event.location),
      url: text(event.htmlLink),
      description: text(event.description),
      status: event.status === 'tentative' ? 'tentative' : 'confirmed',
      eventType: (EVENT_TYPES as readonly string[]).includes(event.eventType ?? 'default')
        ? ((event.eventType ?? 'default') as EventType)
        : 'other',
      recurringEventId: text(event.recurringEventId),
      organizer:
        organizer && (text(organizer.email) || text(organizer.displayName))
          ? {
              name: text(organizer.displayName),
              email: text(organizer.email),
              isSelf: organizer.self === true,
            }
          : null,
      myResponseStatus: (RESPONSE_STATUSES as readonly string[]).includes(mine ?? '')
        ? (mine as ResponseStatus)
        : null,
      meetUrl: text(event.hangoutLink) ?? text(video),
      updatedAt: instant(event.updated),
    };
  });

interface DrivePerson {
  readonly name: string | null;
  readonly email: string | null;
  readonly isMe: boolean;
}

interface GoogleDriveFile extends FileFields {
  readonly description: string | null;
  readonly createdAt: string | null;
  readonly isStarred: boolean;
  readonly isShared: boolean;
  readonly isGoogleWorkspaceFile: boolean;
  readonly parentId: string | null;
  readonly owner: DrivePerson | null;
  readonly lastModifiedBy: DrivePerson | null;
  readonly iconUrl: string | null;
  readonly shortcutTargetId: string | null;
}

const driveUserSchema = z
  .object({
    displayName: z.string().nullish(),
    emailAddress: z.string().nullish(),
    me: z.boolean().nullish(),
  })
  .transform(
    (user): DrivePerson => ({
      name: text(user.displayName),
      email: text(user.emailAddress),
      isMe: user.me === true,
    }),
  );

const fileSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    mimeType: z.string().nullish(),
    description: z.string().nullish(),
    // int64 as a string; absent for folders and shortcuts ("files that have no size").
    size: z.string().regex(/^\d+$/).nullish(),
    modifiedTime: z.string().nullish(),
    createdTime: z.string().nullish(),
    webViewLink: z.string().nullish(),
    iconLink: z.string().nullish(),
    parents: z.array(z.string()).nullish(),
    starred: z.boolean().nullish(),
    shared: z.boolean().nullish(),
    owners: z.array(driveUserSchema).nullish(),
    lastModifyingUser: driveUserSchema.nullish(),
    shortcutDetails: z.object({ targetId: z.string().nullish() }).nullish(),
  })
  .transform((file): GoogleDriveFile => {
    const mimeType = text(file.mimeType);
    return {
      id: file.id,
      name: file.name,
      mimeType,
      sizeBytes: file.size ? Number(file.size) : null,
      isFolder: mimeType === FOLDER,
      modifiedAt: instant(file.modifiedTime),
      url: text(file.webViewLink),
      description: text(file.description),
      createdAt: instant(file.createdTime),
      isStarred: file.starred === true,
      isShared: file.shared === true,
      isGoogleWorkspaceFile:
        mimeType !== null && mimeType !== FOLDER && mimeType !== SHORTCUT && mimeType.startsWith(GOOGLE_APPS),
      parentId: file.parents?.[0] ?? null,
      owner: file.owners?.[0] ?? null,
      lastModifiedBy: file.lastModifyingUser ?? null,
      iconUrl: text(file.iconLink),
      shortcutTargetId: text(file.shortcutDetails?.targetId),
    };
  });

export function googleSchema(kit: ProviderSchemaKit): void {
  addGoogleCalendarEvents(kit);
  addGoogleDriveFiles(kit);
}

/** `GET /calendar/v3/calendars/primary/events` (docs/providers.md#google, "Calendar events"). */
function addGoogleCalendarEvents({
  builder,
  ConnectedAccount,
  connectionArgs,
  interfaces,
  isOwnNode,
  listField,
  calendarWindowArgs,
  resolveCalendarList,
  shareCalendarEvents,
}: ProviderSchemaKit): void {
  const GoogleCalendarEventType = builder.enumType('GoogleCalendarEventType', {
    description: 'The kind of a Google Calendar event (`eventType`).',
    values: {
      DEFAULT: { value: 'default', description: 'A regular event.' },
      OUT_OF_OFFICE: { value: 'outOfOffice', description: 'Out of office.' },
      FOCUS_TIME: { value: 'focusTime', description: 'Focus time.' },
      WORKING_LOCATION: { value: 'workingLocation', description: 'Where the person works that day.' },
      BIRTHDAY: { value: 'birthday', description: 'A birthday: an all-day event every year.' },
      FROM_GMAIL: { value: 'fromGmail', description: 'Created from an email in Gmail.' },
      OTHER: { value: 'other', description: 'A kind Google added since.' },
    } as const,
  });

  const GoogleCalendarEventStatus = builder.enumType('GoogleCalendarEventStatus', {
    description: 'Whether a Google Calendar event is confirmed.',
    values: {
      CONFIRMED: { value: 'confirmed', description: 'Confirmed.' },
      TENTATIVE: { value: 'tentative', description: 'Tentatively confirmed.' },
    } as const,
  });

  const GoogleEventResponseStatus = builder.enumType('GoogleEventResponseStatus', {
    description: "An invited person's answer to a Google Calendar event.",
    values: {
      NEEDS_ACTION: { value: 'needsAction', description: 'Not answered yet.' },
      ACCEPTED: { value: 'accepted', description: 'Accepted.' },
      TENTATIVE: { value: 'tentative', description: 'Maybe.' },
      DECLINED: { value: 'declined', description: 'Declined.' },
    } as const,
  });

  const GoogleEventOrganizer = builder
    .objectRef<NonNullable<GoogleCalendarEvent['organizer']>>('GoogleEventOrganizer')
    .implement({
      description: 'Who organizes a Google Calendar event.',
      fields: (t) => ({
        name: t.exposeString('name', { nullable: true, description: 'Their name, when Google knows it.' }),
        email: t.exposeString('email', {
          nullable: true,
          description: 'Their email address (or calendar id).',
        }),
        isSelf: t.exposeBoolean('isSelf', { description: 'Whether it is the account itself.' }),
      }),
    });

  const GoogleCalendarEventRef = builder
    .objectRef<Owned<GoogleCalendarEvent>>('GoogleCalendarEvent')
    .implement({
      description:
        "An event of the account's primary Google calendar (`GET /calendar/v3/calendars/primary/events`): a single event, or one instance of a recurring event.",
      interfaces: [interfaces.CalendarEvent],
      isTypeOf: isOwnNode,
      fields: (t) => ({
        description: t.exposeString('description', {
          nullable: true,
          description: 'Its description, as written in Google Calendar (it may hold HTML).',
        }),
        status: t.field({
          type: GoogleCalendarEventStatus,
          description: 'Confirmed or tentative.',
          resolve: (event) => event.status,
        }),
        eventType: t.field({
          type: GoogleCalendarEventType,
          description: 'Its kind: a regular event, out of office, focus time, a birthday…',
          resolve: (event) => event.eventType,
        }),
        isRecurring: t.boolean({
          description: 'Whether it is an instance of a recurring event.',
          resolve: (event) => event.recurringEventId !== null,
        }),
        recurringEventId: t.exposeID('recurringEventId', {
          nullable: true,
          description: 'The id of the recurring event it is an instance of; `null` for a single event.',
        }),
        organizer: t.field({
          type: GoogleEventOrganizer,
          nullable: true,
          description: 'Who organizes it.',
          resolve: (event) => event.organizer,
        }),
        myResponseStatus: t.field({
          type: GoogleEventResponseStatus,
          nullable: true,
          description: "The account's answer to the invitation; `null` when it has no guests.",
          resolve: (event) => event.myResponseStatus,
        }),
        meetUrl: t.exposeString('meetUrl', {
          nullable: true,
          description: 'The link to join its video call (Google Meet), when it has one.',
        }),
        updatedAt: t.field({
          type: 'DateTime',
          nullable: true,
          description: 'When it last changed.',
          resolve: (event) => event.updatedAt,
        }),
      }),
    });

  const GoogleCalendarEventConnection = builder.connectionObject(
    {
      type: GoogleCalendarEventRef,
      name: 'GoogleCalendarEventConnection',
      description: 'A page of Google Calendar events.',
    },
    { name: 'GoogleCalendarEventEdge', description: 'A Google Calendar event and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'googleCalendarEvents', (t) =>
    t.field({
      ...listField({ pagination: CALENDAR_EVENT_PAGES }),
      type: GoogleCalendarEventConnection,
      description:
        "The events of the account's primary Google calendar that overlap the window, recurring events expanded into their instances, by start time. `null` on accounts of other providers. Needs `https://www.googleapis.com/auth/calendar.events.readonly` (or `calendar.readonly`, `calendar.events.owned.readonly`, `calendar.events.owned`, `calendar.events`, `calendar`).",
      args: { ...connectionArgs('events'), ...calendarWindowArgs() },
      resolve: (account, args, context) =>
        resolveCalendarList(context, account, args, { field: 'googleCalendarEvents', request: eventsIn }),
    }),
  );
  // `User.calendarEvents`: the same events, in the same order (by start).
  shareCalendarEvents((window) => ({ field: 'googleCalendarEvents', ordered: eventsIn(window) }));
}

/** The primary calendar's events that overlap the window, by start time. */
function eventsIn(window: CalendarWindow): KitListRequest<GoogleCalendarEvent> {
  return {
    path: '/calendar/v3/calendars/primary/events',
    query: {
      // Google's window is exactly the field's: `timeMin` bounds an event's end, `timeMax` its
      // start, both exclusive.
      timeMin: window.from,
      timeMax: window.to,
      singleEvents: 'true',
      orderBy: 'startTime',
      maxAttendees: 1,
      fields: EVENT_FIELDS,
    },
    itemsAt: 'items',
    item: eventSchema,
    pagination: CALENDAR_EVENT_PAGES,
  };
}

/** `GET /drive/v3/files` (docs/providers.md#google, "Drive files"). */
function addGoogleDriveFiles({
  builder,
  ConnectedAccount,
  connectionArgs,
  interfaces,
  isOwnNode,
  listField,
  resolveList,
  shareFiles,
}: ProviderSchemaKit): void {
  const GoogleDriveUser = builder.objectRef<DrivePerson>('GoogleDriveUser').implement({
    description: 'A Google account as Drive names it (an owner, the last to modify a file).',
    fields: (t) => ({
      name: t.exposeString('name', { nullable: true, description: 'Their display name.' }),
      email: t.exposeString('email', {
        nullable: true,
        description: 'Their email address, when Drive shows it to the account.',
      }),
      isMe: t.exposeBoolean('isMe', { description: 'Whether it is the account itself.' }),
    }),
  });

  const GoogleDriveFileRef = builder.objectRef<Owned<GoogleDriveFile>>('GoogleDriveFile').implement({
    description:
      "A file or folder of the account's Google Drive: its own, or shared with it (`GET /drive/v3/files`).",
    interfaces: [interfaces.File],
    isTypeOf: isOwnNode,
    fields: (t) => ({
      description: t.exposeString('description', { nullable: true, description: 'Its description.' }),
      createdAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When it was created in Drive.',
        resolve: (file) => file.createdAt,
      }),
      isStarred: t.exposeBoolean('isStarred', { description: 'Whether the account starred it.' }),
      isShared: t.exposeBoolean('isShared', { description: 'Whether it is shared with other people.' }),
      isGoogleWorkspaceFile: t.exposeBoolean('isGoogleWorkspaceFile', {
        description:
          'Whether it is a Google Docs, Sheets, Slides… file (`application/vnd.google-apps.*`, neither a folder nor a shortcut): it downloads by export to another format.',
      }),
      parentId: t.exposeID('parentId', {
        nullable: true,
        description:
          'The id of the folder it is in; `null` for a file shared with the account that is in none of its folders.',
      }),
      owner: t.field({
        type: GoogleDriveUser,
        nullable: true,
        description: 'Who owns it; `null` in a shared drive (the drive owns its files).',
        resolve: (file) => file.owner,
      }),
      lastModifiedBy: t.field({
        type: GoogleDriveUser,
        nullable: true,
        description: 'Who last changed it.',
        resolve: (file) => file.lastModifiedBy,
      }),
      shortcutTargetId: t.exposeID('shortcutTargetId', {
        nullable: true,
        description:
          'For a shortcut (`application/vnd.google-apps.shortcut`), the id of the file or folder it points to.',
      }),
      iconUrl: t.exposeString('iconUrl', {
        nullable: true,
        description: 'A small icon of its type, as Drive shows it.',
      }),
    }),
  });

  const GoogleDriveFileConnection = builder.connectionObject(
    {
      type: GoogleDriveFileRef,
      name: 'GoogleDriveFileConnection',
      description: 'A page of Google Drive files.',
    },
    { name: 'GoogleDriveFileEdge', description: 'A Google Drive file and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'googleDriveFiles', (t) =>
    t.field({
      ...listField({ pagination: DRIVE_FILE_PAGES }),
      type: GoogleDriveFileConnection,
      description:
        "The files and folders of the account's Google Drive (its own and those shared with it), not those in the trash, most recently modified first. `null` on accounts of other providers. Needs `https://www.googleapis.com/auth/drive.metadata.readonly` (or `drive.readonly`, `drive.metadata`, `drive`).",
      args: connectionArgs('files'),
      resolve: (account, args, context) =>
        resolveList(context, account, args, { field: 'googleDriveFiles', request: DRIVE_FILES }),
    }),
  );
  // `User.files`: the same files, in the same order (most recently modified first).
  shareFiles({ field: 'googleDriveFiles', ordered: DRIVE_FILES });
}

const DRIVE_FILES: KitListRequest<GoogleDriveFile> = {
  path: '/drive/v3/files',
  query: { q: 'trashed = false', orderBy: 'modifiedTime desc', fields: FILE_FIELDS },
  itemsAt: 'files',
  item: fileSchema,
  pagination: DRIVE_FILE_PAGES,
};
