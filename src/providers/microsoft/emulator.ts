/**
 * Microsoft Graph as the gateway reads it (docs/providers.md#microsoft): `GET /v1.0/me`, which needs
 * `User.Read`, the OpenID Connect `GET /oidc/userinfo`, the calendar view `GET /v1.0/me/calendarView`
 * (`Calendars.ReadBasic` or more) and the OneDrive root's `GET /v1.0/me/drive/root/children`
 * (`Files.Read` or more), with Graph's error envelope, its 401 messages and `WWW-Authenticate`, its 429
 * with `Retry-After`, its `@odata.nextLink` paging (`$skip` for the calendar view, `$skiptoken` for
 * OneDrive) and its 403 for a missing permission.
 *
 * Every account has a realistic calendar (the past two weeks and the next eight) and OneDrive root by
 * default, seeded from its id; `setEvents` and `setDriveItems` replace them.
 */
import { createHash } from 'node:crypto';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import {
  type DriveItemJson,
  defaultCalendar,
  defaultDrive,
  type GraphEventJson,
  type GraphOwner,
  generateDriveItems,
  generateEvents,
} from './fixtures.js';
import { CALENDAR_VIEW_SCOPES, DRIVE_CHILDREN_SCOPES, grantsAnyOf, grantsGraphMe } from './graph-scopes.js';

const GRAPH_URL = 'https://graph.microsoft.com';
/** What Graph sends with its entities; its error answers are plain `application/json`. */
const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
/** Graph's 401 challenge (the client id is Graph's application id): unverified, no source cited gives it. */
const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

/** Graph's error envelope; `innerError` carries the request ids also sent as headers. */
function graphError(
  request: EmulatorRequest,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorReply {
  const innerError = {
    date: new Date().toISOString().slice(0, 19),
    'request-id': request.id,
    'client-request-id': clientRequestIdOf(request),
  };
  return jsonReply(
    status,
    { error: { code, message, innerError } },
    { 'content-type': 'application/json', ...headers },
  );
}

function clientRequestIdOf(request: EmulatorRequest): string {
  return request.header('client-request-id') ?? request.id;
}

/** How a list answers its pages. */
export interface MicrosoftListOptions {
  /**
   * Pages hold fewer items than `$top` while more follow, as Graph allows ("a page of results may
   * contain zero or more results", Graph paging): the calendar view's never empty (its `$skip` must
   * move on), OneDrive's second page empty.
   */
  unevenPages?: boolean;
  /**
   * Serves at most this many items a page whatever `$top` asks, as Graph may ("a page of results may
   * contain zero or more results"): a test walks several pages without thousands of items.
   */
  pageLimit?: number;
}

export interface MicrosoftEmulator extends ProviderEmulatorApi {
  /**
   * Replaces the account's calendar: events as calendarView lists them (occurrences expanded, times in
   * UTC; all-day events from midnight to midnight). A count generates plain events from `from` (default
   * the start of today, UTC), every `stepMinutes` (default 90): every seventh all-day, every fifth
   * without a location, every eleventh without a subject.
   */
  setEvents(
    accountId: string,
    events: GraphEventJson[] | { count: number; from?: string; stepMinutes?: number },
    options?: MicrosoftListOptions,
  ): void;
  /** The account's events, in the order `$orderby=start/dateTime` lists them. */
  events(accountId: string): GraphEventJson[];
  /** Replaces the items of the account's OneDrive root. A count generates files and folders, by name. */
  setDriveItems(
    accountId: string,
    items: DriveItemJson[] | { count: number },
    options?: MicrosoftListOptions,
  ): void;
  /** The account's OneDrive root, in the order `children` lists it. */
  driveItems(accountId: string): DriveItemJson[];
  /** The `Prefer` header of the account's last 100 calendarView calls (`undefined` when absent). */
  calendarViewPreferences(accountId: string): (string | undefined)[];
}

/** calendarView's default page; the most `$top` gives (Outlook's, unverified for calendarView). */
const CALENDAR_VIEW_DEFAULT_TOP = 10;
export const CALENDAR_VIEW_MAX_TOP = 1000;
/** OneDrive's default page ("List children"); the most `$top` gives (unverified). */
const DRIVE_CHILDREN_DEFAULT_TOP = 200;
export const DRIVE_CHILDREN_MAX_TOP = 1000;

interface Listed<Item> {
  items: Item[];
  unevenPages: boolean;
  pageLimit?: number;
}

export function createMicrosoftEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<MicrosoftEmulator> {
  const { identities } = deps;
  const calendars = new Map<string, Listed<GraphEventJson>>();
  const drives = new Map<string, Listed<DriveItemJson>>();
  const preferences = new Map<string, (string | undefined)[]>();

  function requireMicrosoftAccount(accountId: string): StoredAccount {
    const account = identities.getAccount(accountId);
    if (account?.provider !== 'microsoft') throw new Error(`Emulator: no Microsoft account ${accountId}`);
    return account;
  }

  /** The default data is made on first use, around that moment, and then kept. */
  function calendarOf(account: StoredAccount): Listed<GraphEventJson> {
    let calendar = calendars.get(account.id);
    if (!calendar) {
      calendar = { items: defaultCalendar(ownerOf(account), Date.now()), unevenPages: false };
      calendars.set(account.id, calendar);
    }
    return calendar;
  }

  function driveOfAccount(account: StoredAccount): Listed<DriveItemJson> {
    let drive = drives.get(account.id);
    if (!drive) {
      drive = { items: defaultDrive(ownerOf(account), Date.now()), unevenPages: false };
      drives.set(account.id, drive);
    }
    return drive;
  }

  /** The messages of docs/providers.md#microsoft ("Errors"), by what is wrong with the token. */
  function unauthorized(request: EmulatorRequest): EmulatorReply {
    const token = bearerTokenOf(request);
    const account = token === undefined ? undefined : identities.accountOfToken(token);
    const expired = account?.accessTokenExpiresAt != null && account.accessTokenExpiresAt <= Date.now();
    const message =
      token === undefined
        ? 'Access token is empty.'
        : expired
          ? 'Lifetime validation failed, the token is expired.'
          : // Emulated tokens are opaque strings, not JWTs: what Graph says of a token it cannot parse.
            'IDX14100: JWT is not well formed, there are no dots (.).';
    return graphError(request, 401, 'InvalidAuthenticationToken', message, {
      'www-authenticate': WWW_AUTHENTICATE,
    });
  }

  /**
   * `GET /v1.0/me/calendarView`: the events overlapping `[startDateTime, endDateTime)`, paged with
   * `$top` and `$skip`, times in the zone of `Prefer: outlook.timezone` (UTC without it).
   */
  function listCalendarView(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    const seen = preferences.get(account.id) ?? [];
    seen.push(request.header('prefer'));
    preferences.set(account.id, seen.slice(-100));
    if (!grantsAnyOf(account.scopes, CALENDAR_VIEW_SCOPES)) {
      return graphError(
        request,
        403,
        'ErrorAccessDenied',
        'Access is denied. Check credentials and try again.',
      );
    }
    const startParam = queryParam(request, 'startDateTime');
    const endParam = queryParam(request, 'endDateTime');
    if (startParam === undefined || endParam === undefined) {
      return graphError(
        request,
        400,
        'ErrorInvalidParameter',
        'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
      );
    }
    const windowStart = windowInstant(startParam);
    const windowEnd = windowInstant(endParam);
    if (windowStart === undefined || windowEnd === undefined) {
      const [name, value] =
        windowStart === undefined ? ['StartDateTime', startParam] : ['EndDateTime', endParam];
      return graphError(
        request,
        400,
        'ErrorInvalidParameter',
        `The value '${value}' of parameter '${name}' is invalid.`,
      );
    }
    const top = countParam(queryParam(request, '$top'), CALENDAR_VIEW_DEFAULT_TOP);
    const skip = countParam(queryParam(request, '$skip'), 0);
    if (top === undefined || top < 1 || skip === undefined) {
      return graphError(request, 400, 'ErrorInvalidParameter', 'The value of $top or $skip is invalid.');
    }
    const calendar = calendarOf(account);
    let timed = calendar.items
      .map((event) => ({ event, start: instantOf(event.start), end: instantOf(event.end) }))
      .filter(({ start, end }) => start < windowEnd && end > windowStart);
    const orderBy = queryParam(request, '$orderby')?.trim().toLowerCase();
    if (orderBy?.startsWith('start/datetime')) {
      timed = timed.sort((a, b) => a.start - b.start);
      if (orderBy.endsWith(' desc')) timed.reverse();
    }
    const events = timed.map(({ event }) => event);
    // A `$top` past the largest page is served at the largest, not refused (unverified).
    const size = Math.min(top, CALENDAR_VIEW_MAX_TOP);
    const served = Math.min(size, calendar.pageLimit ?? size);
    const take = calendar.unevenPages ? Math.max(1, served - 1 - (skip % 4)) : served;
    const page = events.slice(skip, skip + take);
    const zone = preferredTimeZone(request.header('prefer'));
    // `Calendars.ReadBasic` reads events without their bodies.
    const basic = !grantsAnyOf(account.scopes, CALENDAR_VIEW_SCOPES.slice(1));
    const select = selectOf(request);
    const value = page.map((event) =>
      project(withoutBody(inTimeZone(event, zone ?? 'UTC'), basic), select, ['@odata.etag', 'id']),
    );
    const next = skip + page.length < events.length ? skip + page.length : undefined;
    return jsonReply(
      200,
      {
        '@odata.context': `${GRAPH_URL}/v1.0/$metadata#users('${account.providerUserId}')/calendarView${selectSuffix(select)}`,
        value,
        ...(next === undefined
          ? {}
          : {
              '@odata.nextLink': nextLinkOf(
                request,
                '/v1.0/me/calendarView',
                { $top: String(size), $skip: String(next) },
                ['$skip'],
              ),
            }),
      },
      zone === undefined ? {} : { 'preference-applied': `outlook.timezone="${zone}"` },
    );
  }

  /** `GET /v1.0/me/drive/root/children`: paged with `$top` (at most 1000) and an opaque `$skiptoken`. */
  function listDriveChildren(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    if (!grantsAnyOf(account.scopes, DRIVE_CHILDREN_SCOPES)) {
      return graphError(
        request,
        403,
        'accessDenied',
        'The caller does not have permission to perform the action.',
      );
    }
    const topParam = queryParam(request, '$top');
    const top = countParam(topParam, DRIVE_CHILDREN_DEFAULT_TOP);
    if (top === undefined || top < 1) {
      return graphError(
        request,
        400,
        'invalidRequest',
        `Invalid value '${topParam}' for query parameter '$top'.`,
      );
    }
    if (top > DRIVE_CHILDREN_MAX_TOP) {
      return graphError(
        request,
        400,
        'invalidRequest',
        `The limit of '${DRIVE_CHILDREN_MAX_TOP}' for Top query has been exceeded. The value from the incoming request is '${top}'.`,
      );
    }
    const tokenParam = queryParam(request, '$skiptoken');
    const position = tokenParam === undefined ? { offset: 0, page: 0 } : readSkipToken(tokenParam);
    if (position === undefined) {
      return graphError(request, 400, 'invalidRequest', 'Invalid paging token.');
    }
    const drive = driveOfAccount(account);
    const served = Math.min(top, drive.pageLimit ?? top);
    const take = drive.unevenPages
      ? ([Math.max(1, served - 3), 0, Math.max(1, served - 1), served][position.page % 4] ?? served)
      : served;
    const page = drive.items.slice(position.offset, position.offset + take);
    const offset = position.offset + page.length;
    const select = selectOf(request);
    const token = skipTokenOf(offset, position.page + 1);
    return jsonReply(200, {
      '@odata.context': `${GRAPH_URL}/v1.0/$metadata#users('${account.providerUserId}')/drive/root/children${selectSuffix(select)}`,
      value: page.map((item) => project(item, select, ['id'])),
      ...(offset < drive.items.length
        ? {
            '@odata.nextLink': nextLinkOf(
              request,
              '/v1.0/me/drive/root/children',
              { $top: String(top), $skiptoken: token },
              ['$skiptoken'],
            ),
          }
        : {}),
    });
  }

  /** A next page's URL: the request's parameters, the page's ones replaced, `$` written `%24` as Graph does. */
  function nextLinkOf(
    request: EmulatorRequest,
    path: string,
    set: Record<string, string>,
    drop: readonly string[],
  ): string {
    const replaced = new Set([...Object.keys(set), ...drop].map((name) => name.toLowerCase()));
    const params = new URLSearchParams();
    for (const [name, value] of request.searchParams) {
      if (!replaced.has(name.toLowerCase())) params.append(name, value);
    }
    for (const [name, value] of Object.entries(set)) params.append(name, value);
    return `${deps.baseUrl()}${path}?${params.toString()}`;
  }

  const emulator = createBearerApiEmulator(
    {
      id: 'microsoft',
      jsonContentType: ODATA_JSON,
      responseHeaders: (request) => ({
        'request-id': request.id,
        'client-request-id': clientRequestIdOf(request),
      }),
      unauthorized,
      rateLimited: (request, retryAfterSeconds) =>
        graphError(request, 429, 'TooManyRequests', 'Please retry after', {
          'retry-after': String(retryAfterSeconds),
        }),
      notFound: (request) =>
        graphError(
          request,
          400,
          'BadRequest',
          `Resource not found for the segment '${request.path.split('/').pop()}'.`,
        ),
      routes: (router) =>
        router
          .get('/v1.0/me', 'microsoft.getMe', (request, account) =>
            grantsGraphMe(account.scopes)
              ? jsonReply(200, graphUserOf(account))
              : graphError(
                  request,
                  403,
                  'Authorization_RequestDenied',
                  'Insufficient privileges to complete the operation.',
                ),
          )
          .get('/v1.0/me/calendarView', 'microsoft.listCalendarView', listCalendarView)
          .get('/v1.0/me/drive/root/children', 'microsoft.listDriveChildren', listDriveChildren)
          .get('/oidc/userinfo', 'microsoft.userInfo', (_request, account) =>
            jsonReply(200, userInfoOf(account), { 'content-type': 'application/json; charset=utf-8' }),
          ),
    },
    deps,
  );

  const api: MicrosoftEmulator = {
    ...emulator.api,
    setEvents(accountId, events, options = {}) {
      const account = requireMicrosoftAccount(accountId);
      const items = Array.isArray(events)
        ? events
        : generateEvents(ownerOf(account), {
            count: events.count,
            from:
              events.from === undefined
                ? Math.floor(Date.now() / 86_400_000) * 86_400_000
                : Date.parse(events.from),
            ...(events.stepMinutes === undefined ? {} : { stepMinutes: events.stepMinutes }),
          });
      calendars.set(accountId, { items: structuredClone(items), ...listOptions(options) });
    },
    events: (accountId) => {
      const items = calendarOf(requireMicrosoftAccount(accountId)).items;
      return structuredClone([...items].sort((a, b) => instantOf(a.start) - instantOf(b.start)));
    },
    setDriveItems(accountId, items, options = {}) {
      const account = requireMicrosoftAccount(accountId);
      const listed = Array.isArray(items)
        ? items
        : generateDriveItems(ownerOf(account), { count: items.count, now: Date.now() });
      drives.set(accountId, { items: structuredClone(listed), ...listOptions(options) });
    },
    driveItems: (accountId) => structuredClone(driveOfAccount(requireMicrosoftAccount(accountId)).items),
    calendarViewPreferences: (accountId) => [
      ...(preferences.get(requireMicrosoftAccount(accountId).id) ?? []),
    ],
  };

  return { service: emulator.service, api };
}

/** Whose calendar and drive the account's are. */
function ownerOf(account: StoredAccount): GraphOwner {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  const email = account.email ?? account.username ?? `${account.providerUserId}@example.com`;
  return { id: account.providerUserId, displayName: name || account.username || email, email };
}

/** A query parameter; Graph reads their names in any case (`startdatetime`). */
function queryParam(request: EmulatorRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of request.searchParams) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** A non-negative integer parameter; `undefined` when it is not one. */
function countParam(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/** A window bound: ISO 8601 with its offset, or UTC without one. */
function windowInstant(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(value))
    return undefined;
  const withTime = value.includes('T') ? value : `${value}T00:00:00`;
  const withOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(withTime) ? withTime : `${withTime}Z`;
  const time = Date.parse(withOffset.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(time) ? undefined : time;
}

/** A stored time (UTC wall time with seven fractional digits) as epoch milliseconds. */
function instantOf(value: { dateTime: string }): number {
  return Date.parse(`${value.dateTime.slice(0, 23)}Z`);
}

/** The zone of `Prefer: outlook.timezone="…"` when the emulator knows it (UTC or an IANA name). */
function preferredTimeZone(prefer: string | undefined): string | undefined {
  const zone = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(prefer ?? '')?.[1];
  if (zone === undefined) return undefined;
  if (zone.toUpperCase() === 'UTC') return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    // Windows zone names (`Pacific Standard Time`) are not emulated: UTC, as without the header.
    return undefined;
  }
}

/** The event with its times in `zone`; all-day events stay midnight to midnight whatever the zone. */
function inTimeZone(event: GraphEventJson, zone: string): GraphEventJson {
  if (zone === 'UTC') return event;
  if (event.isAllDay) {
    return { ...event, start: { ...event.start, timeZone: zone }, end: { ...event.end, timeZone: zone } };
  }
  return {
    ...event,
    start: { dateTime: wallTimeIn(instantOf(event.start), zone), timeZone: zone },
    end: { dateTime: wallTimeIn(instantOf(event.end), zone), timeZone: zone },
  };
}

function wallTimeIn(epochMs: number, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(epochMs))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.0000000`;
}

function withoutBody(event: GraphEventJson, basic: boolean): Record<string, unknown> {
  if (!basic) return event as unknown as Record<string, unknown>;
  const { body: _body, bodyPreview: _bodyPreview, ...rest } = event;
  return rest;
}

/** The properties of `$select` (`undefined`: every one). */
function selectOf(request: EmulatorRequest): string[] | undefined {
  const select = queryParam(request, '$select');
  if (select === undefined) return undefined;
  return select
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

function selectSuffix(select: string[] | undefined): string {
  return select === undefined ? '' : `(${select.join(',')})`;
}

/** Only the selected properties (in any case), plus those Graph always sends. */
function project(
  item: object,
  select: string[] | undefined,
  always: readonly string[],
): Record<string, unknown> {
  const record = item as Record<string, unknown>;
  if (select === undefined) return record;
  const wanted = new Set(select.map((name) => name.toLowerCase()));
  return Object.fromEntries(
    Object.entries(record).filter(([key]) => always.includes(key) || wanted.has(key.toLowerCase())),
  );
}

/**
 * OneDrive for Business's skip tokens are base64 of SharePoint paging parameters; the emulator's carry
 * the offset and the page number (for uneven pages).
 */
function listOptions(options: MicrosoftListOptions): { unevenPages: boolean; pageLimit?: number } {
  return {
    unevenPages: options.unevenPages ?? false,
    ...(options.pageLimit === undefined ? {} : { pageLimit: options.pageLimit }),
  };
}

function skipTokenOf(offset: number, page: number): string {
  return Buffer.from(`Paged=TRUE&p_SortBehavior=1&p_ID=${offset}&p_Page=${page}`).toString('base64');
}

function readSkipToken(token: string): { offset: number; page: number } | undefined {
  const params = new URLSearchParams(Buffer.from(token, 'base64').toString('utf8'));
  const offset = Number(params.get('p_ID'));
  const page = Number(params.get('p_Page'));
  if (params.get('Paged') !== 'TRUE' || !Number.isInteger(offset) || offset < 0 || !Number.isInteger(page)) {
    return undefined;
  }
  return { offset, page };
}

/**
 * The shape of the example of docs/providers.md#microsoft ("Profile"); the fields the account has no data
 * for are null, as for personal accounts.
 */
function graphUserOf(account: StoredAccount): Record<string, unknown> {
  return {
    '@odata.context': `${GRAPH_URL}/v1.0/$metadata#users/$entity`,
    businessPhones: [],
    displayName: [account.firstName, account.lastName].filter(Boolean).join(' ') || null,
    givenName: account.firstName,
    jobTitle: null,
    mail: account.email,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: account.lastName,
    userPrincipalName: account.username ?? account.email,
    id: account.providerUserId,
  };
}

/** Userinfo's claims: `name`, `given_name`, `family_name`, `picture` with `profile`, `email` with `email`. */
function userInfoOf(account: StoredAccount): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  return {
    sub: userInfoSubjectOf(account),
    ...(account.scopes.includes('profile')
      ? {
          ...(name ? { name } : {}),
          ...(account.lastName ? { family_name: account.lastName } : {}),
          ...(account.firstName ? { given_name: account.firstName } : {}),
          picture: `${GRAPH_URL}/v1.0/me/photo/$value`,
        }
      : {}),
    ...(account.scopes.includes('email') && account.email !== null ? { email: account.email } : {}),
  };
}

/**
 * Userinfo's `sub`: pairwise (one per user and application), 43 base64url characters, unlike Graph's
 * object id (Microsoft identity platform, ID token claims).
 */
export function userInfoSubjectOf(account: StoredAccount): string {
  return createHash('sha256').update(`pairwise:${account.providerUserId}`).digest('base64url');
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createMicrosoftEmulator;
