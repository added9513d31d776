/**
 * Google's APIs on www.googleapis.com as the gateway uses them (docs/providers.md#google): the userinfo
 * endpoint `GET /oauth2/v3/userinfo`, whose claims depend on the token's scopes; Calendar's
 * `GET /calendar/v3/calendars/{calendarId}/events`, recurring events expanded with `singleEvents=true`, in
 * a window, by start time; Drive's `GET /drive/v3/files` with its `q`, `orderBy` and `fields`. Both
 * lists page with `pageToken`/`nextPageToken` (at most 2500 events, 1000 files a page) and may serve
 * short or empty pages that still announce a next one, as Google documents. Errors are Google's: the
 * OAuth-style 401 of userinfo, the API error envelope elsewhere, `ACCESS_TOKEN_SCOPE_INSUFFICIENT` for a
 * missing scope, a rate limit that names the moment it ends.
 *
 * Every account has a realistic calendar (events around now and next week, recurring ones among them)
 * and a Drive of over 1200 files by default, seeded from the account; `setEvents` and `setFiles` replace
 * them.
 */
import { createHash } from 'node:crypto';
import {
  type EmulatorReply,
  type EmulatorRequest,
  jsonReply,
  textReply,
} from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import {
  type CalendarOwner,
  DEFAULT_CALENDAR_TIME_ZONE,
  defaultCalendar,
  type GoogleEventJson,
  generateEvents,
} from './calendar-fixtures.js';
import { type DriveFileJson, defaultDrive, generateFiles } from './drive-fixtures.js';
import { byStartTime, inZone, type ListedEvent, listEvents } from './emulator-calendar-expansion.js';
import { DriveQueryError, parseDriveOrder, parseDriveQuery } from './emulator-drive-query.js';
import { applyFieldMask, FieldMaskError, type MaskSchema, parseFieldMask } from './emulator-field-mask.js';
import {
  CALENDAR_EVENTS_SCOPES,
  CALENDAR_OTHER_SCOPES,
  DRIVE_FILES_SCOPES,
  DRIVE_PARTIAL_SCOPES,
  grantsAnyOf,
  USERINFO_EMAIL,
  USERINFO_PROFILE,
  USERINFO_SCOPES,
} from './google-scopes.js';
import { isTimeZone } from './zoned-time.js';

export type { GoogleEventJson } from './calendar-fixtures.js';
export type { DriveFileJson } from './drive-fixtures.js';

const REALM = 'Bearer realm="https://accounts.google.com/"';
const EMAIL_SCOPES: readonly string[] = ['email', USERINFO_EMAIL];
const PROFILE_SCOPES: readonly string[] = ['profile', USERINFO_PROFILE];
/** Consumer domains; an account of any other domain is a Workspace account, with `hd`. */
const CONSUMER_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/** `maxResults` of `events.list`: default 250; "the page size can never be larger than 2500". */
const EVENTS_DEFAULT_PAGE = 250;
export const EVENTS_MAX_PAGE = 2500;
/** `pageSize` of `files.list`: default 100, 1 to 1000. */
const FILES_DEFAULT_PAGE = 100;
export const FILES_MAX_PAGE = 1000;

/** How a list answers its pages. */
export interface GoogleListOptions {
  /**
   * Pages hold fewer items than asked while more follow, and every fourth page from the second is
   * empty yet carries `nextPageToken`: "The number of events in the resulting page may be less than this
   * value, or none at all" (Calendar), "Partial or empty result pages are possible" (Drive).
   */
  unevenPages?: boolean;
  /**
   * Serves at most this many items a page whatever the request asks, as Google may ("may be less than
   * this value"): a test walks several provider pages without thousands of items.
   */
  pageLimit?: number;
}

export interface GoogleEmulator extends ProviderEmulatorApi {
  /**
   * Replaces the account's primary calendar with stored events (single ones, recurring masters with
   * their `recurrence`, exceptions under their instance's id). A count generates single events from
   * `from` (default the start of today, UTC), every `stepMinutes` (default 90): every seventh all day,
   * every fifth without a location, every eleventh without a title. `timeZone`: the calendar's, default
   * Europe/London.
   */
  setEvents(
    accountId: string,
    events: GoogleEventJson[] | { count: number; from?: string; stepMinutes?: number },
    options?: GoogleListOptions & { timeZone?: string },
  ): void;
  /** The account's calendar as stored. */
  storedEvents(accountId: string): GoogleEventJson[];
  /**
   * What `singleEvents=true&orderBy=startTime` lists in the window (ISO 8601 bounds), times written in
   * the calendar's zone.
   */
  events(accountId: string, window: { timeMin: string; timeMax: string }): GoogleEventJson[];
  /** Whose calendar it is and its time zone. */
  calendarOwner(accountId: string): CalendarOwner;
  /** Replaces the account's Drive. A count generates files in My Drive (`generateFiles`). */
  setFiles(accountId: string, files: DriveFileJson[] | { count: number }, options?: GoogleListOptions): void;
  /** The account's Drive as stored, trashed files included. */
  files(accountId: string): DriveFileJson[];
  /** What `files.list` answers with this `q` and `orderBy` (every field), across its pages. */
  listedFiles(accountId: string, query?: { q?: string; orderBy?: string }): DriveFileJson[];
}

/** The Google API error envelope (docs/providers.md#google, "Errors"). */
function googleApiError(
  code: number,
  status: string,
  message: string,
  errors: Record<string, string>[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { error: { code, message, errors, status, ...extra } };
}

/** A 400 for a parameter Google cannot take. */
function invalidParameter(
  message: string,
  location: string,
  reason = 'invalid',
  domain = 'global',
): EmulatorReply {
  return jsonReply(
    400,
    googleApiError(400, 'INVALID_ARGUMENT', message, [
      { message, domain, reason, location, locationType: 'parameter' },
    ]),
  );
}

interface ScopedMethod {
  /** The method Google names in the `ErrorInfo` of a missing scope. */
  readonly method: string;
  readonly service: string;
  /** What the `WWW-Authenticate` challenge lists. */
  readonly scopes: readonly string[];
}

const USERINFO_METHOD: ScopedMethod = {
  method: 'oauth2.v3.userinfo',
  service: 'www.googleapis.com',
  scopes: USERINFO_SCOPES,
};
const EVENTS_METHOD: ScopedMethod = {
  method: 'calendar.v3.Events.List',
  service: 'calendar-json.googleapis.com',
  scopes: [...CALENDAR_EVENTS_SCOPES, ...CALENDAR_OTHER_SCOPES],
};
const FILES_METHOD: ScopedMethod = {
  method: 'google.apps.drive.v3.DriveFiles.List',
  service: 'drive.googleapis.com',
  scopes: [...DRIVE_FILES_SCOPES, ...DRIVE_PARTIAL_SCOPES],
};

/**
 * A missing scope: a 403 envelope with `insufficientPermissions` and an `ErrorInfo` detail
 * `ACCESS_TOKEN_SCOPE_INSUFFICIENT`, and a `WWW-Authenticate` challenge naming the scopes that would do
 * (docs/providers.md#google, "Errors"). The method and service names are the emulator's reading of
 * Google's (unverified).
 */
function insufficientScope(scoped: ScopedMethod): EmulatorReply {
  const body = googleApiError(
    403,
    'PERMISSION_DENIED',
    'Request had insufficient authentication scopes.',
    [{ message: 'Insufficient Permission', domain: 'global', reason: 'insufficientPermissions' }],
    {
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
          domain: 'googleapis.com',
          metadata: { service: scoped.service, method: scoped.method },
        },
      ],
    },
  );
  return jsonReply(403, body, {
    'www-authenticate': `${REALM}, error="insufficient_scope", scope="${scoped.scopes.join(' ')}"`,
  });
}

/** Calendar's known top-level fields of an events list, and of an event, for `fields`. */
const EVENTS_MASK: MaskSchema = {
  fields: new Set([
    'kind',
    'etag',
    'summary',
    'description',
    'updated',
    'timeZone',
    'accessRole',
    'defaultReminders',
    'nextPageToken',
    'nextSyncToken',
    'items',
  ]),
  nested: {
    items: {
      fields: new Set([
        'kind',
        'etag',
        'id',
        'status',
        'htmlLink',
        'created',
        'updated',
        'summary',
        'description',
        'location',
        'colorId',
        'creator',
        'organizer',
        'start',
        'end',
        'endTimeUnspecified',
        'recurrence',
        'recurringEventId',
        'originalStartTime',
        'transparency',
        'visibility',
        'iCalUID',
        'sequence',
        'attendees',
        'attendeesOmitted',
        'extendedProperties',
        'hangoutLink',
        'conferenceData',
        'gadget',
        'anyoneCanAddSelf',
        'guestsCanInviteOthers',
        'guestsCanModify',
        'guestsCanSeeOtherGuests',
        'privateCopy',
        'locked',
        'reminders',
        'source',
        'workingLocationProperties',
        'outOfOfficeProperties',
        'focusTimeProperties',
        'attachments',
        'birthdayProperties',
        'eventType',
      ]),
    },
  },
};

/** Drive's known fields of a file list, and of a file (the Files resource), for `fields`. */
const FILES_MASK: MaskSchema = {
  fields: new Set(['kind', 'nextPageToken', 'incompleteSearch', 'files']),
  nested: {
    files: {
      fields: new Set([
        'kind',
        'id',
        'name',
        'mimeType',
        'description',
        'starred',
        'trashed',
        'explicitlyTrashed',
        'trashingUser',
        'trashedTime',
        'parents',
        'properties',
        'appProperties',
        'spaces',
        'version',
        'webContentLink',
        'webViewLink',
        'iconLink',
        'hasThumbnail',
        'thumbnailLink',
        'thumbnailVersion',
        'viewedByMe',
        'viewedByMeTime',
        'createdTime',
        'modifiedTime',
        'modifiedByMeTime',
        'modifiedByMe',
        'sharedWithMeTime',
        'sharingUser',
        'owners',
        'driveId',
        'lastModifyingUser',
        'shared',
        'ownedByMe',
        'capabilities',
        'viewersCanCopyContent',
        'copyRequiresWriterPermission',
        'writersCanShare',
        'permissions',
        'permissionIds',
        'hasAugmentedPermissions',
        'folderColorRgb',
        'originalFilename',
        'fullFileExtension',
        'fileExtension',
        'md5Checksum',
        'sha1Checksum',
        'sha256Checksum',
        'size',
        'quotaBytesUsed',
        'headRevisionId',
        'contentHints',
        'imageMediaMetadata',
        'videoMediaMetadata',
        'isAppAuthorized',
        'exportLinks',
        'shortcutDetails',
        'contentRestrictions',
        'resourceKey',
        'linkShareMetadata',
        'labelInfo',
        'inheritedPermissionsDisabled',
      ]),
    },
  },
};

/** What `files.list` answers without `fields` (the Drive fields guide). */
const FILES_DEFAULT_FIELDS = 'kind,nextPageToken,incompleteSearch,files(kind,id,name,mimeType)';

interface Listed<Item> {
  items: Item[];
  unevenPages: boolean;
  pageLimit?: number;
}

interface Calendar extends Listed<GoogleEventJson> {
  timeZone: string;
  /** Listings by query, while the calendar is unchanged: walking 5000 events asks the same one often. */
  listings: Map<string, ListedEvent[]>;
}

/** Where a page starts, and what list it belongs to. */
interface PagePosition {
  readonly offset: number;
  readonly page: number;
  readonly fingerprint: string;
}

function fingerprintOf(parts: readonly (string | undefined)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);
}

/** How many items the page at `position` holds, when pages are uneven. */
function pageSizeOf(size: number, page: number, uneven: boolean): number {
  if (!uneven) return size;
  return [Math.max(1, size - 3), 0, Math.max(1, size - 1), size][page % 4] ?? size;
}

/** A whole number, or the default when absent; `undefined` when malformed. */
function integerParam(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  return /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/** RFC 3339 "with mandatory time zone offset", as `timeMin` and `timeMax` must be. */
function rfc3339Instant(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value)) return undefined;
  const time = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(time) ? undefined : time;
}

export function createGoogleEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<GoogleEmulator> {
  const { identities } = deps;
  const calendars = new Map<string, Calendar>();
  const drives = new Map<string, Listed<DriveFileJson>>();

  function requireGoogleAccount(accountId: string): StoredAccount {
    const account = identities.getAccount(accountId);
    if (account?.provider !== 'google') throw new Error(`Emulator: no Google account ${accountId}`);
    return account;
  }

  function ownerOf(account: StoredAccount, timeZone: string): CalendarOwner {
    const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
    const email = account.email ?? `${account.providerUserId}@gmail.com`;
    return { email, displayName: name || email, timeZone };
  }

  /** The default data is made on first use, around that moment, and then kept. */
  function calendarOf(account: StoredAccount): Calendar {
    let calendar = calendars.get(account.id);
    if (!calendar) {
      const owner = ownerOf(account, DEFAULT_CALENDAR_TIME_ZONE);
      calendar = {
        items: defaultCalendar(owner, Date.now()),
        unevenPages: false,
        timeZone: owner.timeZone,
        listings: new Map(),
      };
      calendars.set(account.id, calendar);
    }
    return calendar;
  }

  function driveOf(account: StoredAccount): Listed<DriveFileJson> {
    let drive = drives.get(account.id);
    if (!drive) {
      drive = {
        items: defaultDrive(ownerOf(account, DEFAULT_CALENDAR_TIME_ZONE), Date.now()),
        unevenPages: false,
      };
      drives.set(account.id, drive);
    }
    return drive;
  }

  /** The events listed for a query, in Calendar's order (`orderBy`), or in the stored one. */
  function listedEvents(
    account: StoredAccount,
    query: { timeMin?: number; timeMax?: number; singleEvents: boolean; orderBy?: string },
  ): ListedEvent[] {
    const calendar = calendarOf(account);
    // Without `timeMax`, endless series are expanded up to a horizon that moves with the clock.
    const key = query.timeMax === undefined ? undefined : JSON.stringify(query);
    const kept = key === undefined ? undefined : calendar.listings.get(key);
    if (kept) return kept;
    const listed = listEvents(calendar.items, {
      calendarId: ownerOf(account, calendar.timeZone).email,
      calendarZone: calendar.timeZone,
      singleEvents: query.singleEvents,
      now: Date.now(),
      ...(query.timeMin === undefined ? {} : { timeMin: query.timeMin }),
      ...(query.timeMax === undefined ? {} : { timeMax: query.timeMax }),
    });
    if (query.orderBy === 'startTime') listed.sort(byStartTime);
    if (query.orderBy === 'updated') {
      listed.sort((a, b) => Date.parse(a.event.updated) - Date.parse(b.event.updated));
    }
    if (key !== undefined) {
      if (calendar.listings.size > 20) calendar.listings.clear();
      calendar.listings.set(key, listed);
    }
    return listed;
  }

  /**
   * `GET /calendar/v3/calendars/{calendarId}/events` (docs/providers.md#google, "Calendar events").
   * Refusals in Google's words where its documentation (`timeRangeEmpty`) or its clients (the ordering
   * that needs `singleEvents`) give them; the wording of the others is the emulator's. A `maxResults`
   * over 2500 is served at 2500, as Google's "can never be larger" reads. `q` is not emulated.
   */
  function listCalendarEvents(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    if (!grantsAnyOf(account.scopes, CALENDAR_EVENTS_SCOPES)) return insufficientScope(EVENTS_METHOD);
    const calendar = calendarOf(account);
    const owner = ownerOf(account, calendar.timeZone);
    const calendarId = request.params.calendarId;
    if (calendarId !== 'primary' && calendarId !== owner.email) {
      return jsonReply(
        404,
        googleApiError(404, 'NOT_FOUND', 'Not Found', [
          { domain: 'global', reason: 'notFound', message: 'Not Found' },
        ]),
      );
    }
    const { query } = request;
    const maxResults = integerParam(query.maxResults, EVENTS_DEFAULT_PAGE);
    if (maxResults === undefined || maxResults < 1) {
      return invalidParameter(
        `Invalid value '${query.maxResults}'. Values must be at least 1.`,
        'maxResults',
      );
    }
    const bounds: { timeMin?: number; timeMax?: number } = {};
    for (const name of ['timeMin', 'timeMax'] as const) {
      const value = query[name];
      if (value === undefined) continue;
      const instant = rfc3339Instant(value);
      if (instant === undefined) return invalidParameter('Bad Request', name, 'badRequest');
      bounds[name] = instant;
    }
    if (bounds.timeMin !== undefined && bounds.timeMax !== undefined && bounds.timeMax <= bounds.timeMin) {
      return invalidParameter('The specified time range is empty.', 'timeMax', 'timeRangeEmpty', 'calendar');
    }
    const singleEvents = query.singleEvents === 'true';
    const orderBy = query.orderBy;
    if (orderBy !== undefined && orderBy !== 'startTime' && orderBy !== 'updated') {
      return invalidParameter('Invalid Value', 'orderBy');
    }
    if (orderBy === 'startTime' && !singleEvents) {
      return invalidParameter('The requested ordering is not available for the particular query.', 'orderBy');
    }
    const maxAttendees = integerParam(query.maxAttendees, Number.POSITIVE_INFINITY);
    if (maxAttendees === undefined || maxAttendees < 1) {
      return invalidParameter(
        `Invalid value '${query.maxAttendees}'. Values must be at least 1.`,
        'maxAttendees',
      );
    }
    const zone = query.timeZone ?? calendar.timeZone;
    if (!isTimeZone(zone)) return invalidParameter('Invalid time zone definition for timeZone.', 'timeZone');
    let mask: ReturnType<typeof parseFieldMask> | undefined;
    try {
      mask = query.fields === undefined ? undefined : parseFieldMask(query.fields, EVENTS_MASK);
    } catch (error) {
      if (error instanceof FieldMaskError) {
        return invalidParameter(error.message, 'fields', 'invalidParameter');
      }
      throw error;
    }
    const fingerprint = fingerprintOf([query.timeMin, query.timeMax, String(singleEvents), orderBy, query.q]);
    const position = readPageToken(query.pageToken, fingerprint);
    if (position === undefined) return invalidParameter('Invalid Value', 'pageToken');

    const events = listedEvents(account, { ...bounds, singleEvents, ...(orderBy ? { orderBy } : {}) });
    // A larger `maxResults` is served at the largest page, not refused.
    const size = Math.min(maxResults, EVENTS_MAX_PAGE);
    const take = pageSizeOf(Math.min(size, calendar.pageLimit ?? size), position.page, calendar.unevenPages);
    const page = events.slice(position.offset, position.offset + take);
    const offset = position.offset + page.length;
    const more = offset < events.length;
    const updated = calendar.items.reduce((latest, event) => Math.max(latest, Date.parse(event.updated)), 0);
    const body = {
      kind: 'calendar#events',
      etag: `"${updated * 1000}"`,
      summary: owner.email,
      updated: new Date(updated).toISOString(),
      timeZone: calendar.timeZone,
      accessRole: 'owner',
      defaultReminders: [{ method: 'popup', minutes: 10 }],
      ...(more
        ? { nextPageToken: calendarPageToken({ offset, page: position.page + 1, fingerprint }) }
        : { nextSyncToken: Buffer.from(`sync:${fingerprint}`).toString('base64') }),
      items: page.map(({ event }) => withAttendees(inZone(event, zone), maxAttendees)),
    };
    return jsonReply(200, mask === undefined ? body : applyFieldMask(body, mask));
  }

  /** The files `files.list` lists with these parameters, in its order; throws on what Drive refuses. */
  function listFiles(
    account: StoredAccount,
    q: string | undefined,
    orderBy: string | undefined,
  ): DriveFileJson[] {
    const predicate = q === undefined || q.trim() === '' ? () => true : parseDriveQuery(q);
    const order = parseDriveOrder(orderBy ?? 'folder,modifiedTime desc,name');
    // Tokens with only the partial scopes see the files the app created or was given: none of the
    // emulator's.
    const visible = grantsAnyOf(account.scopes, DRIVE_FILES_SCOPES) ? driveOf(account).items : [];
    return visible.filter(predicate).sort(order);
  }

  /**
   * `GET /drive/v3/files` (docs/providers.md#google, "Drive files"): `pageSize` 1 to 1000 (a 400 in
   * Google's words outside), `q`, `orderBy`, `fields` (by default each file's kind, id, name and
   * mimeType), `pageToken`. Trashed files are listed unless `q` leaves them out, as Drive does.
   */
  function listDriveFiles(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    if (!grantsAnyOf(account.scopes, [...DRIVE_FILES_SCOPES, ...DRIVE_PARTIAL_SCOPES])) {
      return insufficientScope(FILES_METHOD);
    }
    const { query } = request;
    const pageSize = integerParam(query.pageSize, FILES_DEFAULT_PAGE);
    if (pageSize === undefined || pageSize < 1 || pageSize > FILES_MAX_PAGE) {
      return invalidParameter(
        `Invalid value '${query.pageSize}'. Values must be within the range: [1, ${FILES_MAX_PAGE}]`,
        'pageSize',
      );
    }
    let mask: ReturnType<typeof parseFieldMask>;
    try {
      mask = parseFieldMask(query.fields ?? FILES_DEFAULT_FIELDS, FILES_MASK);
    } catch (error) {
      if (error instanceof FieldMaskError) {
        return invalidParameter(error.message, 'fields', 'invalidParameter');
      }
      throw error;
    }
    let files: DriveFileJson[];
    try {
      files = listFiles(account, query.q, query.orderBy);
    } catch (error) {
      if (error instanceof DriveQueryError) {
        return invalidParameter(
          'Invalid Value',
          query.q !== undefined && isBadQuery(query.q) ? 'q' : 'orderBy',
        );
      }
      throw error;
    }
    const fingerprint = fingerprintOf([query.q, query.orderBy, query.corpora, query.spaces]);
    const position = readPageToken(query.pageToken, fingerprint, DRIVE_TOKEN_PREFIX);
    if (position === undefined) return invalidParameter('Invalid Value', 'pageToken');
    const drive = driveOf(account);
    const take = pageSizeOf(
      Math.min(pageSize, drive.pageLimit ?? pageSize),
      position.page,
      drive.unevenPages,
    );
    const page = files.slice(position.offset, position.offset + take);
    const offset = position.offset + page.length;
    const body = {
      kind: 'drive#fileList',
      ...(offset < files.length
        ? { nextPageToken: drivePageToken({ offset, page: position.page + 1, fingerprint }) }
        : {}),
      incompleteSearch: false,
      files: page,
    };
    return jsonReply(200, applyFieldMask(body, mask));
  }

  const emulator = createBearerApiEmulator(
    {
      id: 'google',
      jsonContentType: 'application/json; charset=utf-8',
      // The userinfo endpoint answers an OAuth-style body; the APIs their error envelope
      // (docs/providers.md#google, "Errors").
      unauthorized: (request) =>
        request.path.startsWith('/oauth2/')
          ? jsonReply(
              401,
              { error: 'invalid_request', error_description: 'Invalid Credentials' },
              { 'www-authenticate': `${REALM}, error="invalid_token"` },
            )
          : jsonReply(
              401,
              googleApiError(
                401,
                'UNAUTHENTICATED',
                'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
                [
                  {
                    message: 'Invalid Credentials',
                    domain: 'global',
                    reason: 'authError',
                    location: 'Authorization',
                    locationType: 'header',
                  },
                ],
              ),
              { 'www-authenticate': `${REALM}, error="invalid_token"` },
            ),
      // Google's per-user limit as Gmail words it: a 403 naming the moment it ends, and no header.
      rateLimited: (_request, retryAfterSeconds) => {
        const retryAt = new Date(Date.now() + retryAfterSeconds * 1000).toISOString();
        return jsonReply(
          403,
          googleApiError(403, 'PERMISSION_DENIED', `User-rate limit exceeded.  Retry after ${retryAt}`, [
            { message: 'User-rate limit exceeded.', domain: 'usageLimits', reason: 'rateLimitExceeded' },
          ]),
        );
      },
      notFound: () => textReply(404, 'Not Found', 'text/html; charset=UTF-8'),
      routes: (router) =>
        router
          .get('/oauth2/v3/userinfo', 'google.userinfo', (_request, account) =>
            grantsAnyOf(account.scopes, USERINFO_SCOPES)
              ? jsonReply(200, userinfoJson(account))
              : insufficientScope(USERINFO_METHOD),
          )
          .get('/calendar/v3/calendars/:calendarId/events', 'google.listEvents', listCalendarEvents)
          .get('/drive/v3/files', 'google.listFiles', listDriveFiles),
    },
    deps,
  );

  const api: GoogleEmulator = {
    ...emulator.api,
    setEvents(accountId, events, options = {}) {
      const account = requireGoogleAccount(accountId);
      const timeZone = options.timeZone ?? calendars.get(accountId)?.timeZone ?? DEFAULT_CALENDAR_TIME_ZONE;
      const items = Array.isArray(events)
        ? structuredClone(events)
        : generateEvents(ownerOf(account, timeZone), {
            count: events.count,
            from: events.from ?? new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString(),
            ...(events.stepMinutes === undefined ? {} : { stepMinutes: events.stepMinutes }),
          });
      calendars.set(accountId, {
        items,
        unevenPages: options.unevenPages ?? false,
        ...(options.pageLimit === undefined ? {} : { pageLimit: options.pageLimit }),
        timeZone,
        listings: new Map(),
      });
    },
    storedEvents: (accountId) => structuredClone(calendarOf(requireGoogleAccount(accountId)).items),
    events(accountId, window) {
      const account = requireGoogleAccount(accountId);
      const zone = calendarOf(account).timeZone;
      return listedEvents(account, {
        timeMin: Date.parse(window.timeMin),
        timeMax: Date.parse(window.timeMax),
        singleEvents: true,
        orderBy: 'startTime',
      }).map(({ event }) => structuredClone(inZone(event, zone)));
    },
    calendarOwner(accountId) {
      const account = requireGoogleAccount(accountId);
      return ownerOf(account, calendarOf(account).timeZone);
    },
    setFiles(accountId, files, options = {}) {
      const account = requireGoogleAccount(accountId);
      const items = Array.isArray(files)
        ? structuredClone(files)
        : generateFiles(ownerOf(account, DEFAULT_CALENDAR_TIME_ZONE), {
            count: files.count,
            now: Date.now(),
          });
      drives.set(accountId, {
        items,
        unevenPages: options.unevenPages ?? false,
        ...(options.pageLimit === undefined ? {} : { pageLimit: options.pageLimit }),
      });
    },
    files: (accountId) => structuredClone(driveOf(requireGoogleAccount(accountId)).items),
    listedFiles(accountId, query = {}) {
      return structuredClone(listFiles(requireGoogleAccount(accountId), query.q, query.orderBy));
    },
  };

  return { service: emulator.service, api };
}

/**
 * `maxAttendees`: "If there are more than the specified number of attendees, only the participant is
 * returned", and the event says some were left out.
 */
function withAttendees(event: GoogleEventJson, maxAttendees: number): GoogleEventJson {
  if (!event.attendees || event.attendees.length <= maxAttendees) return event;
  const participant = event.attendees.filter((attendee) => attendee.self);
  return { ...event, attendees: participant, attendeesOmitted: true };
}

/** Whether `q` is what Drive cannot read (rather than `orderBy`). */
function isBadQuery(q: string): boolean {
  try {
    parseDriveQuery(q);
    return false;
  } catch {
    return true;
  }
}

/**
 * Page tokens are opaque: Calendar's base64, Drive's `~!!~`-prefixed. The emulator's carry where the next
 * page starts and a fingerprint of the list's parameters: a token of another list is refused, as Drive
 * says a token may be "rejected for any reason".
 */
const DRIVE_TOKEN_PREFIX = '~!!~AI9FV7';

function calendarPageToken(position: PagePosition): string {
  return Buffer.from(`${position.offset}:${position.page}:${position.fingerprint}`).toString('base64');
}

function drivePageToken(position: PagePosition): string {
  return `${DRIVE_TOKEN_PREFIX}${Buffer.from(`${position.offset}:${position.page}:${position.fingerprint}`).toString('base64url')}`;
}

function readPageToken(
  token: string | undefined,
  fingerprint: string,
  prefix?: string,
): PagePosition | undefined {
  if (token === undefined) return { offset: 0, page: 0, fingerprint };
  let decoded: string;
  if (prefix !== undefined) {
    if (!token.startsWith(prefix)) return undefined;
    decoded = Buffer.from(token.slice(prefix.length), 'base64url').toString('utf8');
  } else {
    decoded = Buffer.from(token, 'base64').toString('utf8');
  }
  const [offset, page, kept] = decoded.split(':');
  const position = { offset: Number(offset), page: Number(page), fingerprint: kept ?? '' };
  if (!Number.isInteger(position.offset) || position.offset < 0 || !Number.isInteger(position.page)) {
    return undefined;
  }
  return position.fingerprint === fingerprint ? position : undefined;
}

/** `sub` always; name and picture with the profile scope; email (and `hd`) with the email scope. */
function userinfoJson(account: StoredAccount): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: account.providerUserId };
  if (grantsAnyOf(account.scopes, PROFILE_SCOPES)) {
    const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
    Object.assign(claims, {
      name: name || undefined,
      given_name: account.firstName ?? undefined,
      family_name: account.lastName ?? undefined,
      picture: account.imageUrl,
    });
  }
  if (grantsAnyOf(account.scopes, EMAIL_SCOPES) && account.email) {
    const domain = account.email.split('@')[1]?.toLowerCase();
    Object.assign(claims, {
      email: account.email,
      email_verified: true,
      hd: domain && !CONSUMER_DOMAINS.has(domain) ? domain : undefined,
    });
  }
  return claims;
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createGoogleEmulator;
