/**
 * Microsoft's fields on `ConnectedAccount` (docs/providers.md#microsoft, "Data endpoints"):
 * `microsoftCalendarEvents`, the events of the default calendar in a window (`GET /v1.0/me/calendarView`,
 * series expanded into their occurrences), and `microsoftDriveItems`, the files and folders of the
 * OneDrive root (`GET /v1.0/me/drive/root/children`).
 */
import { z } from 'zod';
import type { CalendarWindow } from '../../schema/calendar-window.js';
import type { KitListRequest, ProviderSchemaKit } from '../../schema/provider-kit.js';
import type { CalendarEventFields, FileFields, Owned } from '../../schema/shared-interfaces.js';
import type { PageStyle } from '../page-styles.js';

/**
 * The calendar view's pages: its `@odata.nextLink` carries `$skip`, an offset, not OneDrive's
 * `$skiptoken` (unverified for calendarView, as Outlook's lists do: docs/providers.md#microsoft,
 * "Pagination"); `$top` is not documented to have a maximum there, 1000 is Outlook's for messages.
 */
export const CALENDAR_VIEW_PAGES: PageStyle = {
  kind: 'next-url',
  nextAt: ['@odata.nextLink'],
  param: '$skip',
  sizeParam: '$top',
  maxPageSize: 1000,
};

/** What the event nodes read; `body` and `bodyPreview` are left out, which `Calendars.ReadBasic` withholds. */
const EVENT_SELECT = [
  'id',
  'subject',
  'start',
  'end',
  'isAllDay',
  'location',
  'webLink',
  'isCancelled',
  'showAs',
  'type',
  'seriesMasterId',
  'organizer',
  'isOnlineMeeting',
  'onlineMeeting',
].join(',');

const DRIVE_ITEM_SELECT = [
  'id',
  'name',
  'size',
  'webUrl',
  'createdDateTime',
  'lastModifiedDateTime',
  'file',
  'folder',
  'package',
  'remoteItem',
  'parentReference',
  'lastModifiedBy',
].join(',');

/** `dateTimeTimeZone`'s wall time: `2026-01-14T19:00:00.0000000`, no offset. */
const WALL_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?$/;

const dateTimeTimeZone = z.object({ dateTime: z.string().regex(WALL_TIME), timeZone: z.string() });

function isUtc(zone: string): boolean {
  return ['utc', 'etc/utc', 'coordinated universal time'].includes(zone.toLowerCase());
}

/** A UTC wall time as ISO 8601 with `Z`, to the millisecond. */
function utcInstant(dateTime: string): string {
  const [, date, time = '00:00', fraction = ''] = WALL_TIME.exec(dateTime) ?? [];
  const seconds = time.length === 5 ? `${time}:00` : time;
  return `${date}T${seconds}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
}

/** Midnight UTC of a wall time's date: Graph answers all-day events midnight to midnight in any zone. */
function midnightOf(dateTime: string): string {
  return `${dateTime.slice(0, 10)}T00:00:00.000Z`;
}

/** Empty text is `null`; Graph also pads some values with spaces. */
function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

const emailAddress = z.object({ name: z.string().nullish(), address: z.string().nullish() });

const eventSchema = z
  .object({
    id: z.string(),
    subject: z.string().nullish(),
    start: dateTimeTimeZone,
    end: dateTimeTimeZone,
    isAllDay: z.boolean(),
    location: z.object({ displayName: z.string().nullish() }).nullish(),
    webLink: z.string().nullish(),
    isCancelled: z.boolean().nullish(),
    showAs: z.string().nullish(),
    type: z.string().nullish(),
    seriesMasterId: z.string().nullish(),
    organizer: z.object({ emailAddress: emailAddress.nullish() }).nullish(),
    isOnlineMeeting: z.boolean().nullish(),
    onlineMeeting: z.object({ joinUrl: z.string().nullish() }).nullish(),
  })
  // Every request asks for UTC (`Prefer: outlook.timezone`); a timed event in another zone could not be
  // placed without Windows zone data, so it is the provider's failure, not a guess.
  .refine((event) => event.isAllDay || (isUtc(event.start.timeZone) && isUtc(event.end.timeZone)), {
    error: 'event times are not in UTC',
  })
  .transform((event): MicrosoftCalendarEvent => {
    const organizer = event.organizer?.emailAddress;
    return {
      id: event.id,
      title: text(event.subject),
      startsAt: event.isAllDay ? midnightOf(event.start.dateTime) : utcInstant(event.start.dateTime),
      endsAt: event.isAllDay ? midnightOf(event.end.dateTime) : utcInstant(event.end.dateTime),
      isAllDay: event.isAllDay,
      location: text(event.location?.displayName),
      url: text(event.webLink),
      isCancelled: event.isCancelled ?? false,
      showAs: SHOW_AS[event.showAs ?? ''] ?? 'unknown',
      isRecurring: event.type === 'occurrence' || event.type === 'exception',
      seriesMasterId: text(event.seriesMasterId),
      organizer:
        organizer && (text(organizer.name) || text(organizer.address))
          ? { name: text(organizer.name), email: text(organizer.address) }
          : null,
      onlineMeetingUrl: text(event.onlineMeeting?.joinUrl),
    };
  });

/** Graph's `freeBusyStatus` values; any other (`unknownFutureValue`) reads as `unknown`. */
const SHOW_AS: Readonly<Record<string, MicrosoftCalendarEvent['showAs']>> = {
  free: 'free',
  tentative: 'tentative',
  busy: 'busy',
  oof: 'oof',
  workingElsewhere: 'workingElsewhere',
  unknown: 'unknown',
};

interface MicrosoftCalendarEvent extends CalendarEventFields {
  readonly isCancelled: boolean;
  readonly showAs: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
  readonly isRecurring: boolean;
  readonly seriesMasterId: string | null;
  readonly organizer: { readonly name: string | null; readonly email: string | null } | null;
  readonly onlineMeetingUrl: string | null;
}

const facets = {
  file: z.object({ mimeType: z.string().nullish() }).nullish(),
  folder: z.object({ childCount: z.number().nullish() }).nullish(),
};

const driveItemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    size: z.number().nullish(),
    webUrl: z.string().nullish(),
    createdDateTime: z.string().nullish(),
    lastModifiedDateTime: z.string().nullish(),
    ...facets,
    package: z.object({ type: z.string().nullish() }).nullish(),
    // An item shared with the user and added to their OneDrive: its facets are the remote item's.
    remoteItem: z.object(facets).nullish(),
    parentReference: z.object({ driveId: z.string().nullish() }).nullish(),
    lastModifiedBy: z.object({ user: z.object({ displayName: z.string().nullish() }).nullish() }).nullish(),
  })
  .transform((item): MicrosoftDriveItem => {
    const folder = item.folder ?? item.remoteItem?.folder;
    const file = item.file ?? item.remoteItem?.file;
    return {
      id: item.id,
      name: item.name,
      mimeType: text(file?.mimeType),
      sizeBytes: item.size ?? null,
      isFolder: folder != null,
      modifiedAt: instant(item.lastModifiedDateTime),
      url: text(item.webUrl),
      createdAt: instant(item.createdDateTime),
      childCount: folder?.childCount ?? null,
      packageType: text(item.package?.type),
      driveId: text(item.parentReference?.driveId),
      lastModifiedByName: text(item.lastModifiedBy?.user?.displayName),
    };
  });

/** Graph's times (`2026-01-14T18:44:47Z`, up to seven fractional digits) as ISO 8601 UTC. */
function instant(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

interface MicrosoftDriveItem extends FileFields {
  readonly createdAt: string | null;
  readonly childCount: number | null;
  readonly packageType: string | null;
  readonly driveId: string | null;
  readonly lastModifiedByName: string | null;
}

export function microsoftSchema({
  builder,
  ConnectedAccount,
  connectionArgs,
  interfaces,
  isOwnNode,
  listField,
  resolveList,
  calendarWindowArgs,
  resolveCalendarList,
  shareCalendarEvents,
  shareFiles,
}: ProviderSchemaKit): void {
  const MicrosoftFreeBusyStatus = builder.enumType('MicrosoftFreeBusyStatus', {
    description: 'How an Outlook event shows its time (`showAs`).',
    values: {
      FREE: { value: 'free', description: 'Free.' },
      TENTATIVE: { value: 'tentative', description: 'Tentative.' },
      BUSY: { value: 'busy', description: 'Busy.' },
      OOF: { value: 'oof', description: 'Out of office.' },
      WORKING_ELSEWHERE: { value: 'workingElsewhere', description: 'Working elsewhere.' },
      UNKNOWN: { value: 'unknown', description: 'Unknown, or a status Graph added since.' },
    } as const,
  });

  const MicrosoftEventOrganizer = builder
    .objectRef<NonNullable<MicrosoftCalendarEvent['organizer']>>('MicrosoftEventOrganizer')
    .implement({
      description: 'The organizer of an Outlook event.',
      fields: (t) => ({
        name: t.exposeString('name', { nullable: true, description: 'Their display name.' }),
        email: t.exposeString('email', { nullable: true, description: 'Their email address.' }),
      }),
    });

  const MicrosoftCalendarEventRef = builder
    .objectRef<Owned<MicrosoftCalendarEvent>>('MicrosoftCalendarEvent')
    .implement({
      description:
        "An event of the account's default Outlook calendar (`GET /v1.0/me/calendarView`): a single event, or one occurrence of a series.",
      interfaces: [interfaces.CalendarEvent],
      isTypeOf: isOwnNode,
      fields: (t) => ({
        isCancelled: t.exposeBoolean('isCancelled', {
          description: 'Whether the organizer cancelled it (it stays on the calendar until removed).',
        }),
        showAs: t.field({
          type: MicrosoftFreeBusyStatus,
          description: 'How it shows the time on the calendar (free, busy, out of office…).',
          resolve: (event) => event.showAs,
        }),
        isRecurring: t.exposeBoolean('isRecurring', {
          description: 'Whether it is an occurrence (or a changed occurrence) of a recurring series.',
        }),
        seriesMasterId: t.exposeID('seriesMasterId', {
          nullable: true,
          description: "The id of its series' master event, for an occurrence; `null` for a single event.",
        }),
        organizer: t.field({
          type: MicrosoftEventOrganizer,
          nullable: true,
          description: 'Who organizes it.',
          resolve: (event) => event.organizer,
        }),
        onlineMeetingUrl: t.exposeString('onlineMeetingUrl', {
          nullable: true,
          description: 'The link to join its online meeting (Teams), when it has one.',
        }),
      }),
    });

  const MicrosoftDriveItemRef = builder.objectRef<Owned<MicrosoftDriveItem>>('MicrosoftDriveItem').implement({
    description:
      "A file, folder or OneNote notebook at the root of the account's OneDrive (`GET /v1.0/me/drive/root/children`).",
    interfaces: [interfaces.File],
    isTypeOf: isOwnNode,
    fields: (t) => ({
      createdAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When it was created in OneDrive.',
        resolve: (item) => item.createdAt,
      }),
      childCount: t.exposeInt('childCount', {
        nullable: true,
        description: 'How many items a folder holds; `null` for files.',
      }),
      packageType: t.exposeString('packageType', {
        nullable: true,
        description:
          'For an item OneDrive handles as a whole though it is stored as a folder, its kind (`oneNote` for a notebook); `null` otherwise.',
      }),
      driveId: t.exposeID('driveId', {
        nullable: true,
        description:
          'The id of the drive it is in (with `id`, it addresses the item in Graph: `/drives/{driveId}/items/{id}`).',
      }),
      lastModifiedByName: t.exposeString('lastModifiedByName', {
        nullable: true,
        description: 'The display name of who last changed it.',
      }),
    }),
  });

  const MicrosoftCalendarEventConnection = builder.connectionObject(
    {
      type: MicrosoftCalendarEventRef,
      name: 'MicrosoftCalendarEventConnection',
      description: 'A page of Outlook calendar events.',
    },
    { name: 'MicrosoftCalendarEventEdge', description: 'An Outlook calendar event and its cursor.' },
  );

  const MicrosoftDriveItemConnection = builder.connectionObject(
    {
      type: MicrosoftDriveItemRef,
      name: 'MicrosoftDriveItemConnection',
      description: 'A page of OneDrive items.',
    },
    { name: 'MicrosoftDriveItemEdge', description: 'A OneDrive item and its cursor.' },
  );

  builder.objectField(ConnectedAccount, 'microsoftCalendarEvents', (t) =>
    t.field({
      ...listField({ pagination: CALENDAR_VIEW_PAGES }),
      type: MicrosoftCalendarEventConnection,
      description:
        "The events of the account's default Outlook calendar that overlap the window, recurring series expanded into their occurrences, by start time. `null` on accounts of other providers. Needs `Calendars.ReadBasic` (or `Calendars.Read`, `Calendars.ReadWrite`).",
      args: { ...connectionArgs('events'), ...calendarWindowArgs() },
      resolve: (account, args, context) =>
        resolveCalendarList(context, account, args, { field: 'microsoftCalendarEvents', request: eventsIn }),
    }),
  );
  // `User.calendarEvents`: the same events, in the same order (by start).
  shareCalendarEvents((window) => ({ field: 'microsoftCalendarEvents', ordered: eventsIn(window) }));

  builder.objectField(ConnectedAccount, 'microsoftDriveItems', (t) =>
    t.field({
      ...listField(),
      type: MicrosoftDriveItemConnection,
      description:
        "The files and folders at the root of the account's OneDrive, in OneDrive's order. `null` on accounts of other providers. Needs `Files.Read` (or `Files.ReadWrite`, `Files.Read.All`…).",
      args: connectionArgs('items'),
      resolve: (account, args, context) =>
        resolveList(context, account, args, { field: 'microsoftDriveItems', request: DRIVE_ROOT }),
    }),
  );
  // `User.files`: the root read whole and sorted by the gateway. `$orderby=lastModifiedDateTime` works on
  // personal drives only: "in OneDrive for Business … the orderby query string only works with name and
  // url" (https://learn.microsoft.com/onedrive/developer/rest-api/concepts/optional-query-parameters).
  shareFiles({ field: 'microsoftDriveItems', unordered: DRIVE_ROOT });
}

/** The default calendar's events that overlap the window, by start time. */
function eventsIn(window: CalendarWindow): KitListRequest<MicrosoftCalendarEvent> {
  return {
    path: '/v1.0/me/calendarView',
    query: {
      startDateTime: window.from,
      endDateTime: window.to,
      $select: EVENT_SELECT,
      $orderby: 'start/dateTime',
    },
    itemsAt: 'value',
    item: eventSchema,
    pagination: CALENDAR_VIEW_PAGES,
  };
}

/** The OneDrive root's children. */
const DRIVE_ROOT = {
  path: '/v1.0/me/drive/root/children',
  query: { $select: DRIVE_ITEM_SELECT },
  itemsAt: 'value',
  item: driveItemSchema,
} satisfies KitListRequest<MicrosoftDriveItem>;
