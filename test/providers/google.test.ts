import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import {
  addDays,
  type CalendarOwner,
  eventJson,
  type GoogleEventJson,
} from '../../src/providers/google/calendar-fixtures.js';
import { FOLDER_MIME_TYPE, fileJson, SHORTCUT_MIME_TYPE } from '../../src/providers/google/drive-fixtures.js';
import type { GoogleEmulator } from '../../src/providers/google/emulator.js';
import { scopeDetails } from '../../src/providers/scope-requirements.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';

/** The Google example account of docs/providers.md#google (a Workspace account: its domain is not gmail.com). */
const JANE = { firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com' };
const USERINFO_EMAIL = 'https://www.googleapis.com/auth/userinfo.email';
const USERINFO_PROFILE = 'https://www.googleapis.com/auth/userinfo.profile';
const CLERK_DEFAULT_SCOPES = ['openid', USERINFO_EMAIL, USERINFO_PROFILE];
const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar.events.readonly';
const DRIVE_SCOPE = 'https://www.googleapis.com/auth/drive.metadata.readonly';
const WITH_CALENDAR = [...CLERK_DEFAULT_SCOPES, CALENDAR_SCOPE];
const WITH_DRIVE = [...CLERK_DEFAULT_SCOPES, DRIVE_SCOPE];
const DAY_MS = 24 * 60 * 60 * 1000;

/** The window of the calendar contract: 430 events every 30 minutes fit in it. */
const WINDOW = { from: '2026-03-02T00:00:00Z', to: '2026-07-01T00:00:00Z' };

const EVENT_FIELDS = `id title startsAt endsAt isAllDay location url provider accountId
  description status eventType isRecurring recurringEventId organizer { name email isSelf }
  myResponseStatus meetUrl updatedAt`;
const FILE_FIELDS = `id name mimeType sizeBytes isFolder modifiedAt url provider accountId
  description createdAt isStarred isShared isGoogleWorkspaceFile parentId owner { name email isMe }
  lastModifiedBy { name email isMe } shortcutTargetId iconUrl`;

function googleOf(emulator: Emulator): GoogleEmulator {
  return emulator.providers.google as GoogleEmulator;
}

interface ListAnswer {
  nodes: Record<string, unknown>[];
  hasNextPage: boolean;
  endCursor: string | null;
  errors: Record<string, unknown>[];
}

function apiError(code: number, status: string, reason: string, message = 'Refused', details?: unknown[]) {
  return {
    error: {
      code,
      message,
      errors: [{ message, domain: 'usageLimits', reason }],
      status,
      ...(details ? { details } : {}),
    },
  };
}

describeProvider(
  {
    provider: 'google',
    account: JANE,
    // The list contracts walk over 5000 events 37 at a time: more queries than the gateway lets one user
    // make in a minute.
    env: { GATEWAY_USER_RATE_LIMIT: '0' },
    expected: (account) => ({
      id: account.providerUserId,
      name: 'Jane Doe',
      email: 'jane@example.com',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    const userinfo = (token: string) => t.callApi('/oauth2/v3/userinfo', { token });

    describe('the emulator', () => {
      it("answers the claims of the token's scopes, hd for a Workspace domain", async () => {
        const { account } = t.connect();
        const response = await userinfo(account.accessToken);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({
          sub: account.providerUserId,
          name: 'Jane Doe',
          given_name: 'Jane',
          family_name: 'Doe',
          picture: account.imageUrl,
          email: 'jane@example.com',
          email_verified: true,
          hd: 'example.com',
        });
        const { account: consumer } = t.connect({ email: 'jane.doe@gmail.com', scopes: ['openid', 'email'] });
        expect(await (await userinfo(consumer.accessToken)).json()).toEqual({
          sub: consumer.providerUserId,
          email: 'jane.doe@gmail.com',
          email_verified: true,
        });
        const { account: bare } = t.connect({ scopes: ['openid'] });
        expect(await (await userinfo(bare.accessToken)).json()).toEqual({ sub: bare.providerUserId });
      });

      it('answers a refused token OAuth-style, with a WWW-Authenticate challenge', async () => {
        const response = await userinfo('ya29.not-a-token');
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe(
          'Bearer realm="https://accounts.google.com/", error="invalid_token"',
        );
        expect(await response.json()).toEqual({
          error: 'invalid_request',
          error_description: 'Invalid Credentials',
        });
      });

      it('answers a token without any identity scope with ACCESS_TOKEN_SCOPE_INSUFFICIENT', async () => {
        const { account } = t.connect({ scopes: ['https://www.googleapis.com/auth/calendar.readonly'] });
        const response = await userinfo(account.accessToken);
        expect(response.status).toBe(403);
        expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
        expect(await response.json()).toMatchObject({
          error: {
            code: 403,
            status: 'PERMISSION_DENIED',
            errors: [{ reason: 'insufficientPermissions' }],
            details: [{ reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' }],
          },
        });
      });

      it('names the moment a rate limit ends in its message, as Gmail does', async () => {
        const { account } = t.connect();
        t.emulator.providers.google?.rateLimit(account.id, { retryAfterSeconds: 30 });
        const response = await userinfo(account.accessToken);
        expect(response.status).toBe(403);
        expect(response.headers.get('retry-after')).toBeNull();
        const body = (await response.json()) as { error: { message: string } };
        expect(body).toMatchObject({ error: { code: 403, errors: [{ reason: 'rateLimitExceeded' }] } });
        const retryAt = /Retry after (\S+)$/.exec(body.error.message)?.[1] ?? '';
        expect(Date.parse(retryAt) - Date.now()).toBeGreaterThan(25_000);
      });
    });

    describe('the gateway', () => {
      it('reads a profile of an openid-only account: just its id', async () => {
        const { account, token } = t.connect({ scopes: ['openid'] });
        const { profile, errors } = await t.profileOf(token);
        expect(errors).toEqual([]);
        expect(profile).toMatchObject({
          id: account.providerUserId,
          name: null,
          email: null,
          avatarUrl: null,
        });
      });

      it('reads the short scope names too (email, profile)', async () => {
        const { account, token } = t.connect({ scopes: ['openid', 'email', 'profile'] });
        expect((await t.profileOf(token)).profile).toMatchObject({
          id: account.providerUserId,
          name: 'Jane Doe',
          email: 'jane@example.com',
          avatarUrl: account.imageUrl,
        });
      });

      it('answers the API envelope 401 (the other reading of an invalid token) with REAUTH_REQUIRED', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          status: 401,
          body: apiError(401, 'UNAUTHENTICATED', 'authError', 'Invalid Credentials'),
          headers: {
            'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
          },
        });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'REAUTH_REQUIRED', provider: 'google', accountId: account.id },
        ]);
        expect(t.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId: account.userId })).toBe(
          2,
        );
      });

      it.each([
        [
          'the API envelope',
          apiError(403, 'PERMISSION_DENIED', 'insufficientPermissions', 'Insufficient Permission', [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
            },
          ]),
          {},
        ],
        [
          'an OAuth-style body',
          { error: 'insufficient_scope' },
          { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="insufficient_scope"' },
        ],
        [
          'only the WWW-Authenticate challenge',
          undefined,
          { 'www-authenticate': 'Bearer error="insufficient_scope"' },
        ],
      ])('answers a missing scope in %s with MISSING_SCOPES', async (_case, body, headers) => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, { status: 403, body, headers });
        expect((await t.profileOf(token)).errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'google',
            accountId: account.id,
            ...scopeDetails(t.provider.fieldScopes.profile ?? [], CLERK_DEFAULT_SCOPES),
          },
        ]);
        expect(scopeDetails(t.provider.fieldScopes.profile ?? [], []).requiredScopes).toEqual(['openid']);
      });

      it.each([
        [
          "the reference's 403 rateLimitExceeded, no wait stated",
          403,
          apiError(403, 'PERMISSION_DENIED', 'rateLimitExceeded'),
          {},
          60,
        ],
        [
          'a 403 userRateLimitExceeded',
          403,
          apiError(403, 'PERMISSION_DENIED', 'userRateLimitExceeded'),
          {},
          60,
        ],
        ['a 403 quotaExceeded', 403, apiError(403, 'PERMISSION_DENIED', 'quotaExceeded'), {}, 60],
        [
          'a 429 with a RetryInfo detail',
          429,
          apiError(429, 'RESOURCE_EXHAUSTED', 'rateLimitExceeded', 'Quota exceeded', [
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' },
          ]),
          {},
          12,
        ],
        ['a bare 429 with Retry-After', 429, undefined, { 'retry-after': '5' }, 5],
      ])('answers %s with RATE_LIMITED', async (_case, status, body, headers, retryAfter) => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, { status, body, headers });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'RATE_LIMITED', provider: 'google', accountId: account.id, retryAfter },
        ]);
      });

      it('answers another 403 with PROVIDER_ERROR', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          status: 403,
          body: apiError(403, 'PERMISSION_DENIED', 'forbidden', 'The caller does not have permission'),
        });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'PROVIDER_ERROR', provider: 'google', accountId: account.id },
        ]);
      });
    });
    // Calendar pages hold up to 2500 events and Drive's 1000 files: walking two full pages and a
    // partial one 37 items at a time takes some 150 queries.
    describe('the list contracts', { timeout: 240_000 }, () => {
      describeListField(t, {
        field: 'googleCalendarEvents',
        selection: 'id title startsAt endsAt isAllDay location url provider accountId',
        args: {
          from: { type: 'DateTime', value: WINDOW.from },
          to: { type: 'DateTime', value: WINDOW.to },
        },
        // Pages of at most 120 (asked 2500: Google may serve fewer), short and empty ones among them as
        // Google allows: several provider pages without thousands of events to walk.
        seed: (emulator, account) => {
          const google = googleOf(emulator);
          google.setEvents(
            account.id,
            { count: 430, from: WINDOW.from, stepMinutes: 30 },
            { unevenPages: true, pageLimit: 120 },
          );
          return google
            .events(account.id, { timeMin: WINDOW.from, timeMax: WINDOW.to })
            .map((event) => event.id);
        },
        route: 'google.listEvents',
      });

      describeListField(t, {
        field: 'googleDriveFiles',
        selection: 'id name mimeType sizeBytes isFolder modifiedAt url provider accountId',
        seed: (emulator, account) => {
          const google = googleOf(emulator);
          google.setFiles(account.id, { count: 430 }, { unevenPages: true, pageLimit: 120 });
          return google
            .listedFiles(account.id, { q: 'trashed = false', orderBy: 'modifiedTime desc' })
            .map((file) => file.id);
        },
        route: 'google.listFiles',
      });
    });

    /** One page of a list field, through the gateway. */
    async function listPage(
      token: string,
      accountId: string,
      field: 'googleCalendarEvents' | 'googleDriveFiles',
      args: { first?: number; after?: string | null; from?: string; to?: string } = {},
    ): Promise<ListAnswer> {
      const calendar = field === 'googleCalendarEvents';
      const query = `query List($account: ID!, $first: Int, $after: String${calendar ? ', $from: DateTime, $to: DateTime' : ''}) {
        me { connectedAccount(id: $account) {
          ${field}(first: $first, after: $after${calendar ? ', from: $from, to: $to' : ''}) {
            edges { node { ${calendar ? EVENT_FIELDS : FILE_FIELDS} } }
            pageInfo { hasNextPage endCursor }
          }
        } }
      }`;
      const response = await t.stack.post({ query, variables: { account: accountId, ...args } }, { token });
      const body = response.body as {
        data?: { me?: { connectedAccount?: Record<string, unknown> | null } | null } | null;
        errors?: { extensions?: Record<string, unknown> }[];
      };
      const list = body.data?.me?.connectedAccount?.[field] as
        | {
            edges: { node: Record<string, unknown> }[];
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
          }
        | null
        | undefined;
      return {
        nodes: list?.edges.map((edge) => edge.node) ?? [],
        hasNextPage: list?.pageInfo.hasNextPage ?? false,
        endCursor: list?.pageInfo.endCursor ?? null,
        errors: (body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    }

    function listCalls(accountId: string, route: string) {
      return t.emulator.calls.all().filter((call) => call.route === route && call.accountId === accountId);
    }

    /** The emulator's own refusal of a token without the scope, to replay to an account that has it. */
    async function realScopeRefusal(path: string) {
      const { account } = t.connect({ scopes: ['openid'] });
      const response = await t.callApi(path, { token: account.accessToken });
      expect(response.status).toBe(403);
      return {
        status: 403,
        body: (await response.json()) as never,
        headers: { 'www-authenticate': response.headers.get('www-authenticate') ?? '' },
      };
    }

    const JANE_BERLIN: CalendarOwner = {
      email: JANE.email,
      displayName: 'Jane Doe',
      timeZone: 'Europe/Berlin',
    };
    const CHARLES = { email: 'charles.babbage@example.com', displayName: 'Charles Babbage' };

    describe('googleCalendarEvents', () => {
      it('maps events: times in UTC with Z, all-day events from midnight to midnight, instances of recurring events, empty text as null', async () => {
        const { account, token } = t.connect({ scopes: WITH_CALENDAR });
        const timed = eventJson({
          key: 'timed',
          owner: JANE_BERLIN,
          summary: 'Design review',
          description: 'Agenda: the mill',
          location: 'Room 4.12, Babbage Hall',
          // 10:30 in Berlin (UTC+1 in March).
          start: '2026-03-03T10:30',
          end: '2026-03-03T11:15',
          organizer: CHARLES,
          attendees: [{ email: 'mary.somerville@example.com' }, { email: 'augustus@example.com' }],
          response: 'tentative',
          meet: true,
        });
        const allDay = {
          ...eventJson({ key: 'all-day', owner: JANE_BERLIN, start: '2026-03-04', end: '2026-03-06' }),
          // Google's empty text, as a client that cleared the fields leaves it.
          location: '',
          description: '',
        };
        // Every Monday at 8:00 in New York, twice: across the change to daylight saving time (8 March).
        const series = eventJson({
          key: 'series',
          owner: JANE_BERLIN,
          summary: 'Call with New York',
          start: '2026-03-02T08:00',
          end: '2026-03-02T08:30',
          timeZone: 'America/New_York',
          recurrence: ['RRULE:FREQ=WEEKLY;COUNT=2;BYDAY=MO'],
          eventType: 'focusTime',
        });
        googleOf(t.emulator).setEvents(account.id, [timed, allDay, series], { timeZone: 'Europe/Berlin' });
        const page = await listPage(token, account.id, 'googleCalendarEvents', {
          first: 10,
          from: '2026-03-02T00:00:00Z',
          to: '2026-03-16T00:00:00Z',
        });
        expect(page.errors).toEqual([]);
        const owned = { provider: 'GOOGLE', accountId: account.id };
        const me = { name: 'Jane Doe', email: JANE.email, isSelf: true };
        const instance = (date: string, startsAt: string, endsAt: string) => ({
          id: `${series.id}_${date}`,
          title: 'Call with New York',
          startsAt,
          endsAt,
          isAllDay: false,
          location: null,
          url: expect.stringMatching(/^https:\/\/www\.google\.com\/calendar\/event\?eid=/),
          ...owned,
          description: null,
          status: 'CONFIRMED',
          eventType: 'FOCUS_TIME',
          isRecurring: true,
          recurringEventId: series.id,
          organizer: me,
          myResponseStatus: null,
          meetUrl: null,
          updatedAt: series.updated,
        });
        expect(page.nodes).toEqual([
          instance('20260302T130000Z', '2026-03-02T13:00:00.000Z', '2026-03-02T13:30:00.000Z'),
          {
            id: timed.id,
            title: 'Design review',
            startsAt: '2026-03-03T09:30:00.000Z',
            endsAt: '2026-03-03T10:15:00.000Z',
            isAllDay: false,
            location: 'Room 4.12, Babbage Hall',
            url: timed.htmlLink,
            ...owned,
            description: 'Agenda: the mill',
            status: 'CONFIRMED',
            eventType: 'DEFAULT',
            isRecurring: false,
            recurringEventId: null,
            organizer: { name: 'Charles Babbage', email: CHARLES.email, isSelf: false },
            myResponseStatus: 'TENTATIVE',
            meetUrl: timed.hangoutLink,
            updatedAt: timed.updated,
          },
          {
            id: allDay.id,
            title: null,
            startsAt: '2026-03-04T00:00:00.000Z',
            endsAt: '2026-03-06T00:00:00.000Z',
            isAllDay: true,
            location: null,
            url: allDay.htmlLink,
            ...owned,
            description: null,
            status: 'CONFIRMED',
            eventType: 'DEFAULT',
            isRecurring: false,
            recurringEventId: null,
            organizer: me,
            myResponseStatus: null,
            meetUrl: null,
            updatedAt: allDay.updated,
          },
          // 8:00 in New York is 12:00Z once daylight saving time has begun.
          instance('20260309T120000Z', '2026-03-09T12:00:00.000Z', '2026-03-09T12:30:00.000Z'),
        ]);
      });

      it("lists the events that overlap the window: Google's timeMin bounds their end, timeMax their start", async () => {
        const { account, token } = t.connect({ scopes: WITH_CALENDAR });
        const utc: CalendarOwner = { ...JANE_BERLIN, timeZone: 'UTC' };
        const at = (key: string, start: string, end: string) =>
          eventJson({ key, owner: utc, summary: key, start, end });
        googleOf(t.emulator).setEvents(
          account.id,
          [
            at('ends-at-from', '2026-03-02T08:00', '2026-03-02T09:00'),
            at('spans-from', '2026-03-02T08:30', '2026-03-02T09:30'),
            at('inside', '2026-03-02T10:00', '2026-03-02T11:00'),
            at('spans-to', '2026-03-02T11:30', '2026-03-02T12:30'),
            at('starts-at-to', '2026-03-02T12:00', '2026-03-02T13:00'),
          ],
          { timeZone: 'UTC' },
        );
        const page = await listPage(token, account.id, 'googleCalendarEvents', {
          from: '2026-03-02T09:00:00Z',
          to: '2026-03-02T12:00:00Z',
        });
        expect(page.errors).toEqual([]);
        expect(page.nodes.map((node) => node.title)).toEqual(['spans-from', 'inside', 'spans-to']);
      });

      it('asks the primary calendar for the window in UTC, instances by start time, at the largest page, only the fields it reads', async () => {
        const { account, token } = t.connect({ scopes: WITH_CALENDAR });
        googleOf(t.emulator).setEvents(account.id, { count: 2600, from: WINDOW.from, stepMinutes: 30 });
        const first = await listPage(token, account.id, 'googleCalendarEvents', { first: 100, ...WINDOW });
        expect(first.errors).toEqual([]);
        const calls = listCalls(account.id, 'google.listEvents');
        expect(calls[0]?.path).toBe('/calendar/v3/calendars/primary/events');
        const query = {
          timeMin: '2026-03-02T00:00:00.000Z',
          timeMax: '2026-07-01T00:00:00.000Z',
          singleEvents: 'true',
          orderBy: 'startTime',
          maxAttendees: '1',
          maxResults: '2500',
          fields:
            'nextPageToken,items(id,status,htmlLink,summary,description,location,start,end,recurringEventId,eventType,hangoutLink,conferenceData/entryPoints(entryPointType,uri),organizer(email,displayName,self),attendees(self,responseStatus),updated)',
        };
        expect(calls[0]?.query).toEqual(query);
        // Walking past the first 2500 events sends Google's own page token back.
        let after = first.endCursor;
        for (let pages = 0; pages < 25; pages++) {
          after = (
            await listPage(token, account.id, 'googleCalendarEvents', { first: 100, ...WINDOW, after })
          ).endCursor;
        }
        const later = listCalls(account.id, 'google.listEvents').at(-1);
        expect(later?.query).toEqual({ ...query, pageToken: expect.any(String) });
      });

      it('lists from now to 30 days on by default: events right now, recurring ones, all-day ones next week', async () => {
        const { account, token } = t.connect({ scopes: WITH_CALENDAR });
        const before = Date.now();
        const page = await listPage(token, account.id, 'googleCalendarEvents', { first: 100 });
        expect(page.errors).toEqual([]);
        const [call] = listCalls(account.id, 'google.listEvents');
        const start = Date.parse(call?.query.timeMin ?? '');
        expect(start).toBeGreaterThanOrEqual(before - 1000);
        expect(start).toBeLessThanOrEqual(Date.now());
        expect(Date.parse(call?.query.timeMax ?? '')).toBe(start + 30 * DAY_MS);
        const nextWeek = (node: Record<string, unknown>) => {
          const at = Date.parse(String(node.startsAt));
          return at > Date.now() + DAY_MS && at < Date.now() + 15 * DAY_MS;
        };
        expect(page.nodes.some((node) => node.title === 'Focus time: Note G')).toBe(true);
        expect(page.nodes.some((node) => node.isAllDay === true && nextWeek(node))).toBe(true);
        expect(page.nodes.some((node) => node.isRecurring === true && nextWeek(node))).toBe(true);
        expect(page.nodes.some((node) => node.meetUrl !== null)).toBe(true);
        expect(page.nodes.length).toBeGreaterThan(20);
        const timed = page.nodes.filter((node) => node.isAllDay === false);
        const starts = timed.map((node) => Date.parse(String(node.startsAt)));
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
      });

      it('refuses a window that is empty, too long or without an offset with BAD_USER_INPUT, before any call', async () => {
        const { account, token } = t.connect({ scopes: WITH_CALENDAR });
        t.emulator.calls.reset();
        for (const window of [
          { from: '2026-03-02T00:00:00Z', to: '2026-03-02T00:00:00Z' },
          { from: '2026-03-02T00:00:00Z', to: '2027-03-04T00:00:00Z' },
          { from: '2026-03-02T00:00:00', to: '2026-03-09T00:00:00Z' },
        ]) {
          const page = await listPage(token, account.id, 'googleCalendarEvents', window);
          expect(page.errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        }
        expect(t.emulator.calls.count({ service: 'google' })).toBe(0);
      });

      it("answers Google's own refusal for want of a scope with MISSING_SCOPES", async () => {
        const refusal = await realScopeRefusal('/calendar/v3/calendars/primary/events');
        const { account, token } = t.connect({ scopes: WITH_CALENDAR });
        t.answerOnce(account.id, { route: 'google.listEvents', ...refusal, times: 1 });
        const page = await listPage(token, account.id, 'googleCalendarEvents', WINDOW);
        expect(page.errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'google',
            accountId: account.id,
            ...scopeDetails(t.provider.fieldScopes.googleCalendarEvents ?? [], WITH_CALENDAR),
          },
        ]);
      });

      it('accepts any scope that reads the primary calendar, and names them all when none is granted', async () => {
        for (const scope of [
          'https://www.googleapis.com/auth/calendar.readonly',
          'https://www.googleapis.com/auth/calendar',
          'https://www.googleapis.com/auth/calendar.events.owned.readonly',
        ]) {
          const { account, token } = t.connect({ scopes: [...CLERK_DEFAULT_SCOPES, scope] });
          expect((await listPage(token, account.id, 'googleCalendarEvents')).errors).toEqual([]);
        }
        const scopes = [...CLERK_DEFAULT_SCOPES, 'https://www.googleapis.com/auth/calendar.events.freebusy'];
        const { account, token } = t.connect({ scopes });
        const page = await listPage(token, account.id, 'googleCalendarEvents');
        expect(page.errors).toEqual([
          expect.objectContaining({
            code: 'MISSING_SCOPES',
            requiredScopes: [CALENDAR_SCOPE],
            acceptedScopes: [
              expect.arrayContaining([CALENDAR_SCOPE, 'https://www.googleapis.com/auth/calendar']),
            ],
          }),
        ]);
      });
    });

    describe('googleDriveFiles', () => {
      it('maps files: folders, Google Docs, shortcuts without a size, sizes from strings, files shared with the account', async () => {
        const { account, token } = t.connect({ scopes: WITH_DRIVE });
        const owner = { email: JANE.email, displayName: 'Jane Doe' };
        const now = Date.parse('2026-03-10T12:00:00Z');
        const folder = fileJson({
          key: 'folder',
          owner,
          name: 'Projects',
          mimeType: FOLDER_MIME_TYPE,
          parentId: '0AExampleRootUk9PVA',
          modifiedTime: now - 1000,
          starred: true,
        });
        const doc = fileJson({
          key: 'doc',
          owner,
          name: 'Meeting notes',
          mimeType: 'application/vnd.google-apps.document',
          size: 5_120,
          parentId: folder.id,
          modifiedTime: now - 2000,
          description: 'Weekly notes',
          lastModifiedBy: CHARLES,
        });
        const pdf = {
          ...fileJson({
            key: 'pdf',
            owner,
            name: 'Report.pdf',
            mimeType: 'application/pdf',
            size: 3_221_225_472,
            parentId: folder.id,
            modifiedTime: now - 3000,
          }),
          description: '',
        };
        const shared = fileJson({
          key: 'shared',
          owner,
          name: 'Drawings.pdf',
          mimeType: 'application/pdf',
          size: 0,
          sharedBy: CHARLES,
          modifiedTime: now - 4000,
        });
        const trashed = fileJson({
          key: 'trashed',
          owner,
          name: 'Old.txt',
          mimeType: 'text/plain',
          size: 12,
          modifiedTime: now,
          trashed: true,
        });
        const shortcut = fileJson({
          key: 'shortcut',
          owner,
          name: 'Drawings.pdf',
          mimeType: SHORTCUT_MIME_TYPE,
          parentId: folder.id,
          modifiedTime: now - 5000,
          shortcutTo: { id: shared.id, mimeType: 'application/pdf' },
        });
        googleOf(t.emulator).setFiles(account.id, [pdf, trashed, shortcut, shared, doc, folder]);
        const page = await listPage(token, account.id, 'googleDriveFiles', { first: 10 });
        expect(page.errors).toEqual([]);
        const owned = { provider: 'GOOGLE', accountId: account.id };
        const jane = { name: 'Jane Doe', email: JANE.email, isMe: true };
        expect(page.nodes).toEqual([
          {
            id: folder.id,
            name: 'Projects',
            mimeType: FOLDER_MIME_TYPE,
            sizeBytes: null,
            isFolder: true,
            modifiedAt: folder.modifiedTime,
            url: `https://drive.google.com/drive/folders/${folder.id}`,
            ...owned,
            description: null,
            createdAt: folder.createdTime,
            isStarred: true,
            isShared: false,
            isGoogleWorkspaceFile: false,
            parentId: '0AExampleRootUk9PVA',
            owner: jane,
            lastModifiedBy: jane,
            shortcutTargetId: null,
            iconUrl: folder.iconLink,
          },
          expect.objectContaining({
            id: doc.id,
            mimeType: 'application/vnd.google-apps.document',
            sizeBytes: 5_120,
            isFolder: false,
            isGoogleWorkspaceFile: true,
            description: 'Weekly notes',
            url: `https://docs.google.com/document/d/${doc.id}/edit?usp=drivesdk`,
            parentId: folder.id,
            lastModifiedBy: { name: 'Charles Babbage', email: CHARLES.email, isMe: false },
          }),
          expect.objectContaining({
            id: pdf.id,
            sizeBytes: 3_221_225_472,
            isGoogleWorkspaceFile: false,
            description: null,
          }),
          expect.objectContaining({
            id: shared.id,
            sizeBytes: 0,
            isShared: true,
            parentId: null,
            owner: { name: 'Charles Babbage', email: CHARLES.email, isMe: false },
          }),
          expect.objectContaining({
            id: shortcut.id,
            mimeType: SHORTCUT_MIME_TYPE,
            sizeBytes: null,
            isFolder: false,
            isGoogleWorkspaceFile: false,
            shortcutTargetId: shared.id,
          }),
        ]);
      });

      it('asks for the files not in the trash, most recently modified first, at the largest page, only the fields it reads', async () => {
        const { account, token } = t.connect({ scopes: WITH_DRIVE });
        googleOf(t.emulator).setFiles(account.id, { count: 1100 });
        let after: string | null = null;
        for (let pages = 0; pages < 11; pages++) {
          const page: ListAnswer = await listPage(token, account.id, 'googleDriveFiles', {
            first: 100,
            after,
          });
          expect(page.errors).toEqual([]);
          after = page.endCursor;
        }
        const calls = listCalls(account.id, 'google.listFiles');
        const query = {
          q: 'trashed = false',
          orderBy: 'modifiedTime desc',
          pageSize: '1000',
          fields:
            'nextPageToken,files(id,name,mimeType,description,size,modifiedTime,createdTime,webViewLink,iconLink,parents,starred,shared,owners(displayName,emailAddress,me),lastModifyingUser(displayName,emailAddress,me),shortcutDetails/targetId)',
        };
        expect(calls[0]?.path).toBe('/drive/v3/files');
        expect(calls[0]?.query).toEqual(query);
        expect(calls.at(-1)?.query).toEqual({ ...query, pageToken: expect.stringMatching(/^~!!~/) });
      });

      it('lists a Drive of over 1000 files by default, folders and Google Docs among them', async () => {
        const { account, token } = t.connect({ scopes: WITH_DRIVE });
        const page = await listPage(token, account.id, 'googleDriveFiles', { first: 100 });
        expect(page.errors).toEqual([]);
        expect(page.hasNextPage).toBe(true);
        const listed = googleOf(t.emulator).listedFiles(account.id, {
          q: 'trashed = false',
          orderBy: 'modifiedTime desc',
        });
        expect(listed.length).toBeGreaterThan(1000);
        expect(page.nodes.map((node) => node.id)).toEqual(listed.slice(0, 100).map((file) => file.id));
        expect(listed.some((file) => file.mimeType === FOLDER_MIME_TYPE)).toBe(true);
        expect(listed.some((file) => file.mimeType === 'application/vnd.google-apps.document')).toBe(true);
        expect(
          googleOf(t.emulator)
            .files(account.id)
            .some((file) => file.trashed),
        ).toBe(true);
      });

      it("answers Google's own refusal for want of a scope with MISSING_SCOPES", async () => {
        const refusal = await realScopeRefusal('/drive/v3/files');
        const { account, token } = t.connect({ scopes: WITH_DRIVE });
        t.answerOnce(account.id, { route: 'google.listFiles', ...refusal, times: 1 });
        const page = await listPage(token, account.id, 'googleDriveFiles');
        expect(page.errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'google',
            accountId: account.id,
            ...scopeDetails(t.provider.fieldScopes.googleDriveFiles ?? [], WITH_DRIVE),
          },
        ]);
      });

      it('refuses `drive.file` alone (only the files the app made) with MISSING_SCOPES, before any call', async () => {
        const scopes = [...CLERK_DEFAULT_SCOPES, 'https://www.googleapis.com/auth/drive.file'];
        const { account, token } = t.connect({ scopes });
        t.emulator.calls.reset();
        const page = await listPage(token, account.id, 'googleDriveFiles');
        expect(page.errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'google',
            accountId: account.id,
            ...scopeDetails(t.provider.fieldScopes.googleDriveFiles ?? [], scopes),
          },
        ]);
        expect(t.emulator.calls.count({ service: 'google' })).toBe(0);
        for (const scope of ['drive.readonly', 'drive']) {
          const other = t.connect({
            scopes: [...CLERK_DEFAULT_SCOPES, `https://www.googleapis.com/auth/${scope}`],
          });
          expect((await listPage(other.token, other.account.id, 'googleDriveFiles')).errors).toEqual([]);
        }
      });
    });

    describe('the Calendar and Drive emulators', () => {
      const events = (token: string, query: string) =>
        t.callApi(`/calendar/v3/calendars/primary/events?${query}`, { token });
      const files = (token: string, query: string) => t.callApi(`/drive/v3/files?${query}`, { token });

      it('refuse a token without their scopes with ACCESS_TOKEN_SCOPE_INSUFFICIENT, and a refused token with the API envelope', async () => {
        const { account } = t.connect();
        for (const response of [
          await events(account.accessToken, ''),
          await files(account.accessToken, ''),
        ]) {
          expect(response.status).toBe(403);
          expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope", scope="/);
          expect(await response.json()).toMatchObject({
            error: {
              code: 403,
              status: 'PERMISSION_DENIED',
              errors: [{ reason: 'insufficientPermissions' }],
              details: [{ reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' }],
            },
          });
        }
        const refused = await files('ya29.not-a-token', '');
        expect(refused.status).toBe(401);
        expect(await refused.json()).toMatchObject({
          error: { code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'authError' }] },
        });
      });

      it('Calendar: expands recurring events with singleEvents, serves at most 2500 a page, refuses an empty range and an ordering it cannot give', async () => {
        const { account } = t.connect({ scopes: WITH_CALENDAR });
        const token = account.accessToken;
        const today = new Date().toISOString().slice(0, 10);
        const window = `timeMin=${today}T00:00:00Z&timeMax=${addDays(today, 28)}T00:00:00Z`;
        const expanded = (await (await events(token, `${window}&singleEvents=true`)).json()) as {
          items: GoogleEventJson[];
        };
        const instances = expanded.items.filter((event) => event.recurringEventId !== undefined);
        expect(instances.length).toBeGreaterThan(10);
        expect(instances[0]?.id).toMatch(/^[a-v0-9]{26}_\d{8}(T\d{6}Z)?$/);
        const masters = (await (await events(token, window)).json()) as { items: GoogleEventJson[] };
        expect(masters.items.some((event) => event.recurrence !== undefined)).toBe(true);

        googleOf(t.emulator).setEvents(account.id, { count: 2600, from: WINDOW.from, stepMinutes: 30 });
        const range = `timeMin=${WINDOW.from}&timeMax=${WINDOW.to}&singleEvents=true&orderBy=startTime`;
        const page = (await (await events(token, `${range}&maxResults=5000`)).json()) as {
          items: unknown[];
          nextPageToken?: string;
        };
        expect(page.items).toHaveLength(2500);
        const last = (await (
          await events(
            token,
            `${range}&maxResults=2500&pageToken=${encodeURIComponent(page.nextPageToken ?? '')}`,
          )
        ).json()) as { items: unknown[]; nextPageToken?: string; nextSyncToken?: string };
        expect(last.items).toHaveLength(100);
        expect(last.nextPageToken).toBeUndefined();
        expect(last.nextSyncToken).toEqual(expect.any(String));

        const empty = await events(token, `timeMin=${WINDOW.from}&timeMax=${WINDOW.from}`);
        expect(empty.status).toBe(400);
        expect(await empty.json()).toMatchObject({
          error: {
            code: 400,
            errors: [{ domain: 'calendar', reason: 'timeRangeEmpty', location: 'timeMax' }],
          },
        });
        const unordered = await events(token, 'orderBy=startTime');
        expect(unordered.status).toBe(400);
        expect(await unordered.json()).toMatchObject({
          error: { message: 'The requested ordering is not available for the particular query.' },
        });
      });

      it('Calendar: serves short and empty pages that still carry nextPageToken, when asked to', async () => {
        const { account } = t.connect({ scopes: WITH_CALENDAR });
        googleOf(t.emulator).setEvents(account.id, { count: 30, from: WINDOW.from }, { unevenPages: true });
        const sizes: number[] = [];
        let pageToken: string | undefined;
        do {
          const response = await events(
            account.accessToken,
            `timeMin=${WINDOW.from}&timeMax=${WINDOW.to}&singleEvents=true&orderBy=startTime&maxResults=10${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`,
          );
          const body = (await response.json()) as { items: unknown[]; nextPageToken?: string };
          sizes.push(body.items.length);
          pageToken = body.nextPageToken;
        } while (pageToken !== undefined);
        expect(sizes).toEqual([7, 0, 9, 10, 4]);
      });

      it("Drive: refuses a pageSize over 1000 in Google's words, answers only kind, id, name and mimeType without fields, refuses an unknown field", async () => {
        const { account } = t.connect({ scopes: WITH_DRIVE });
        const token = account.accessToken;
        const tooLarge = await files(token, 'pageSize=1001');
        expect(tooLarge.status).toBe(400);
        expect(await tooLarge.json()).toMatchObject({
          error: {
            code: 400,
            message: "Invalid value '1001'. Values must be within the range: [1, 1000]",
            errors: [{ reason: 'invalid', location: 'pageSize', locationType: 'parameter' }],
          },
        });
        expect((await files(token, 'pageSize=0')).status).toBe(400);

        const plain = (await (await files(token, 'pageSize=2')).json()) as Record<string, unknown>;
        expect(Object.keys(plain).sort()).toEqual(['files', 'incompleteSearch', 'kind', 'nextPageToken']);
        expect(Object.keys((plain.files as Record<string, unknown>[])[0] ?? {}).sort()).toEqual([
          'id',
          'kind',
          'mimeType',
          'name',
        ]);
        const unknown = await files(token, 'fields=files(id,capabilities,canAddChildren)');
        expect(unknown.status).toBe(400);
        expect(await unknown.json()).toMatchObject({
          error: { message: 'Invalid field selection canAddChildren' },
        });
      });

      it('Drive: lists trashed files unless q leaves them out, and sorts by orderBy', async () => {
        const { account } = t.connect({ scopes: WITH_DRIVE });
        googleOf(t.emulator).setFiles(account.id, { count: 40 });
        const fields = 'fields=files(id,trashed,modifiedTime)&pageSize=1000';
        const all = (await (await files(account.accessToken, fields)).json()) as {
          files: { trashed: boolean; modifiedTime: string }[];
        };
        expect(all.files.some((file) => file.trashed)).toBe(true);
        const kept = (await (
          await files(
            account.accessToken,
            `${fields}&q=${encodeURIComponent('trashed = false')}&orderBy=${encodeURIComponent('modifiedTime desc')}`,
          )
        ).json()) as { files: { trashed: boolean; modifiedTime: string }[] };
        expect(kept.files).toHaveLength(all.files.length - 2);
        expect(kept.files.every((file) => !file.trashed)).toBe(true);
        const times = kept.files.map((file) => Date.parse(file.modifiedTime));
        expect(times).toEqual([...times].sort((a, b) => b - a));
        expect(
          (await files(account.accessToken, `q=${encodeURIComponent('fullText contains "x"')}`)).status,
        ).toBe(400);
      });
    });
  },
);
