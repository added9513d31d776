import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { type MicrosoftEmulator, userInfoSubjectOf } from '../../src/providers/microsoft/emulator.js';
import { eventJson, type GraphEventJson } from '../../src/providers/microsoft/fixtures.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';

const CLERK_DEFAULT_SCOPES = ['openid', 'email', 'profile', 'offline_access'];
const WITH_USER_READ = [...CLERK_DEFAULT_SCOPES, 'User.Read'];
const WITH_CALENDAR = [...CLERK_DEFAULT_SCOPES, 'Calendars.Read'];
const WITH_FILES = [...CLERK_DEFAULT_SCOPES, 'Files.Read'];
const DAY_MS = 24 * 60 * 60 * 1000;

const EVENT_FIELDS = `id title startsAt endsAt isAllDay location url provider accountId
  isCancelled showAs isRecurring seriesMasterId organizer { name email } onlineMeetingUrl`;
const DRIVE_FIELDS = `id name mimeType sizeBytes isFolder modifiedAt url provider accountId
  createdAt childCount packageType driveId lastModifiedByName`;

interface ListAnswer {
  nodes: Record<string, unknown>[];
  hasNextPage: boolean;
  endCursor: string | null;
  errors: Record<string, unknown>[];
}
/** The test window of the calendar contract: 430 events every 30 minutes fit in it. */
const WINDOW = { from: '2026-03-02T00:00:00Z', to: '2026-05-01T00:00:00Z' };

function graphOf(emulator: Emulator): MicrosoftEmulator {
  return emulator.providers.microsoft as MicrosoftEmulator;
}

const ORGANIZER = { name: 'Charles Babbage', address: 'charles.babbage@contoso.com' };

/** An event of Megan's calendar, in calendarView's shape. */
function event(key: string, overrides: Partial<Parameters<typeof eventJson>[0]> = {}): GraphEventJson {
  return eventJson({
    key,
    subject: 'Design review',
    start: Date.parse('2026-03-03T09:30:00Z'),
    end: Date.parse('2026-03-03T10:15:00Z'),
    organizer: ORGANIZER,
    owner: { id: MEGAN.providerUserId, displayName: 'Megan Bowen', email: MEGAN.email },
    ...overrides,
  });
}

const MEGAN = {
  providerUserId: '48d31887-5fad-4d73-a9f5-3c356e68a038',
  username: 'MeganB@contoso.com',
  firstName: 'Megan',
  lastName: 'Bowen',
  email: 'MeganB@contoso.com',
};

// With Clerk's default scopes (no `User.Read`): the OpenID Connect userinfo, whose `sub` is pairwise.
describeProvider(
  {
    provider: 'microsoft',
    account: MEGAN,
    // The list contracts walk 2300 items (two full pages of 1000 and a partial one) seven at a time:
    // more queries than the gateway lets one user make in a minute.
    env: { GATEWAY_USER_RATE_LIMIT: '0' },
    expected: (account) => ({
      id: userInfoSubjectOf(account),
      name: 'Megan Bowen',
      email: 'MeganB@contoso.com',
    }),
  },
  (t) => {
    // Graph's pages hold up to 1000 items, and Graph may serve fewer: the emulator serves at most 120,
    // short ones among them, so the walks cross several provider pages in a few dozen queries.
    describe('the list contracts', () => {
      describeListField(t, {
        field: 'microsoftCalendarEvents',
        selection: 'id title startsAt endsAt isAllDay location url provider accountId',
        args: {
          from: { type: 'DateTime', value: WINDOW.from },
          to: { type: 'DateTime', value: WINDOW.to },
        },
        seed: (emulator, account) => {
          graphOf(emulator).setEvents(
            account.id,
            { count: 430, from: WINDOW.from, stepMinutes: 30 },
            { unevenPages: true, pageLimit: 120 },
          );
          return graphOf(emulator)
            .events(account.id)
            .map((event) => event.id);
        },
        route: 'microsoft.listCalendarView',
      });

      describeListField(t, {
        field: 'microsoftDriveItems',
        selection: 'id name mimeType sizeBytes isFolder modifiedAt url provider accountId',
        seed: (emulator, account) => {
          graphOf(emulator).setDriveItems(account.id, { count: 430 }, { unevenPages: true, pageLimit: 120 });
          return graphOf(emulator)
            .driveItems(account.id)
            .map((item) => item.id);
        },
        route: 'microsoft.listDriveChildren',
      });
    });

    function routeCalls(accountId: string) {
      return {
        me: t.emulator.calls.count({ service: 'microsoft', route: 'microsoft.getMe', accountId }),
        userInfo: t.emulator.calls.count({ service: 'microsoft', route: 'microsoft.userInfo', accountId }),
      };
    }

    // With `User.Read` added to the connection: Graph's `/v1.0/me`, with the directory object id. The
    // provider contract again, for this reading.
    describe('the provider contract, with User.Read', () => {
      it("reads the profile from the provider's API", async () => {
        const { token } = t.connect({ scopes: WITH_USER_READ });
        t.emulator.calls.reset();
        const { profile, errors } = await t.profileOf(token);
        expect(errors).toEqual([]);
        expect(profile).toEqual({
          id: '48d31887-5fad-4d73-a9f5-3c356e68a038',
          username: 'MeganB@contoso.com',
          name: 'Megan Bowen',
          email: 'MeganB@contoso.com',
          avatarUrl: null,
          url: null,
          source: 'PROVIDER',
        });
        const calls = t.emulator.calls.count({ service: 'microsoft' });
        expect(calls).toBeGreaterThan(0);
        expect(calls).toBeLessThanOrEqual(t.provider.profile?.calls ?? 0);
      });

      it("answers the provider's invalid-token signal with REAUTH_REQUIRED after one fresh token", async () => {
        const { account, token } = t.connect({ scopes: WITH_USER_READ });
        t.emulator.clerk.revokeAtProvider(account.id);
        const { profile, errors } = await t.profileOf(token);
        expect(profile).toBeNull();
        expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: 'microsoft', accountId: account.id }]);
      });

      it("answers the provider's rate-limit signal with RATE_LIMITED and retryAfter", async () => {
        const { account, token } = t.connect({ scopes: WITH_USER_READ });
        t.emulator.providers.microsoft?.rateLimit(account.id, { retryAfterSeconds: 30 });
        const { errors } = await t.profileOf(token);
        expect(errors[0]).toMatchObject({
          code: 'RATE_LIMITED',
          provider: 'microsoft',
          accountId: account.id,
        });
        expect(errors[0]?.retryAfter).toBeGreaterThanOrEqual(1);
        expect(errors[0]?.retryAfter).toBeLessThanOrEqual(31);
      });
    });

    it("reads only userinfo with Clerk's default scopes", async () => {
      const { account, token } = t.connect();
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(routeCalls(account.id)).toEqual({ me: 0, userInfo: 1 });
    });

    it.each(['User.Read', 'user.read', 'https://graph.microsoft.com/User.Read', 'User.ReadWrite'])(
      'reads only `/v1.0/me` when the granted scopes hold %s',
      async (scope) => {
        const { account, token } = t.connect({ scopes: [...CLERK_DEFAULT_SCOPES, scope] });
        const { profile, errors } = await t.profileOf(token);
        expect(errors).toEqual([]);
        expect(profile?.id).toBe(MEGAN.providerUserId);
        expect(routeCalls(account.id)).toEqual({ me: 1, userInfo: 0 });
      },
    );

    it('falls back to userinfo when Graph refuses `/v1.0/me` for lack of permission', async () => {
      const { account, token } = t.connect({ scopes: WITH_USER_READ });
      t.answerOnce(account.id, {
        route: 'microsoft.getMe',
        status: 403,
        body: {
          error: {
            code: 'Authorization_RequestDenied',
            message: 'Insufficient privileges to complete the operation.',
          },
        },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ id: userInfoSubjectOf(account), name: 'Megan Bowen' });
      expect(routeCalls(account.id)).toEqual({ me: 1, userInfo: 1 });
    });

    it('has no email for a personal account whose Graph `mail` is null', async () => {
      const { account, token } = t.connect({ scopes: WITH_USER_READ });
      t.answerOnce(account.id, {
        route: 'microsoft.getMe',
        status: 200,
        body: {
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity',
          displayName: 'Sam Personal',
          mail: null,
          userPrincipalName: 'sam@outlook.com',
          id: '2a4b6c8d0e1f2a3b',
        },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toEqual({
        id: '2a4b6c8d0e1f2a3b',
        username: 'sam@outlook.com',
        name: 'Sam Personal',
        email: null,
        avatarUrl: null,
        url: null,
        source: 'PROVIDER',
      });
    });

    it('has no email from userinfo when the token lacks the `email` scope', async () => {
      const { account, token } = t.connect({ scopes: ['openid', 'profile'] });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ id: userInfoSubjectOf(account), name: 'Megan Bowen', email: null });
    });

    /** One page of a list field, through the gateway. */
    async function listPage(
      token: string,
      accountId: string,
      field: 'microsoftCalendarEvents' | 'microsoftDriveItems',
      args: { first?: number; after?: string | null; from?: string; to?: string } = {},
    ): Promise<ListAnswer> {
      const calendar = field === 'microsoftCalendarEvents';
      const query = `query List($account: ID!, $first: Int, $after: String${calendar ? ', $from: DateTime, $to: DateTime' : ''}) {
        me { connectedAccount(id: $account) {
          ${field}(first: $first, after: $after${calendar ? ', from: $from, to: $to' : ''}) {
            edges { node { ${calendar ? EVENT_FIELDS : DRIVE_FIELDS} } }
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

    async function walkIds(
      token: string,
      accountId: string,
      field: 'microsoftCalendarEvents' | 'microsoftDriveItems',
      args: { from?: string; to?: string } = {},
    ): Promise<string[]> {
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: ListAnswer = await listPage(token, accountId, field, { ...args, first: 100, after });
        expect(page.errors).toEqual([]);
        ids.push(...page.nodes.map((node) => String(node.id)));
        if (!page.hasNextPage) return ids;
        after = page.endCursor;
      }
    }

    function listCalls(accountId: string, route: string) {
      return t.emulator.calls.all().filter((call) => call.route === route && call.accountId === accountId);
    }

    describe('microsoftCalendarEvents', () => {
      it('maps events: UTC times with Z, all-day events from midnight to midnight, empty text as null', async () => {
        const { account, token } = t.connect({ scopes: WITH_CALENDAR });
        const timed = event('timed', {
          location: 'Room 4.12, Babbage Hall',
          seriesMasterId: 'AAMkAGmaster=',
          teams: true,
        });
        const allDay = {
          ...event('all-day', {
            subject: '',
            start: Date.parse('2026-03-04T00:00:00Z'),
            end: Date.parse('2026-03-06T00:00:00Z'),
            isAllDay: true,
            showAs: 'oof',
            organizer: { name: 'Megan Bowen', address: MEGAN.email },
          }),
          webLink: '',
        };
        const cancelled = event('cancelled', {
          subject: 'Canceled: Budget sync',
          start: Date.parse('2026-03-05T16:00:00Z'),
          end: Date.parse('2026-03-05T16:30:00Z'),
          isCancelled: true,
          showAs: 'free',
        });
        graphOf(t.emulator).setEvents(account.id, [timed, allDay, cancelled]);
        const page = await listPage(token, account.id, 'microsoftCalendarEvents', {
          from: '2026-03-02T00:00:00Z',
          to: '2026-03-09T00:00:00Z',
        });
        expect(page.errors).toEqual([]);
        const owned = { provider: 'MICROSOFT', accountId: account.id };
        expect(page.nodes).toEqual([
          {
            id: timed.id,
            title: 'Design review',
            startsAt: '2026-03-03T09:30:00.000Z',
            endsAt: '2026-03-03T10:15:00.000Z',
            isAllDay: false,
            location: 'Room 4.12, Babbage Hall',
            url: timed.webLink,
            ...owned,
            isCancelled: false,
            showAs: 'BUSY',
            isRecurring: true,
            seriesMasterId: 'AAMkAGmaster=',
            organizer: { name: 'Charles Babbage', email: 'charles.babbage@contoso.com' },
            onlineMeetingUrl: timed.onlineMeeting?.joinUrl,
          },
          {
            id: allDay.id,
            title: null,
            startsAt: '2026-03-04T00:00:00.000Z',
            endsAt: '2026-03-06T00:00:00.000Z',
            isAllDay: true,
            location: null,
            url: null,
            ...owned,
            isCancelled: false,
            showAs: 'OOF',
            isRecurring: false,
            seriesMasterId: null,
            organizer: { name: 'Megan Bowen', email: MEGAN.email },
            onlineMeetingUrl: null,
          },
          expect.objectContaining({ id: cancelled.id, isCancelled: true, showAs: 'FREE', location: null }),
        ]);
      });

      it('places an all-day event on its dates in any zone, and refuses a timed one outside UTC', async () => {
        const { account, token } = t.connect({ scopes: WITH_CALENDAR });
        const inZone = (value: GraphEventJson) => ({
          ...value,
          start: { ...value.start, timeZone: 'Pacific Standard Time' },
          end: { ...value.end, timeZone: 'Pacific Standard Time' },
        });
        const allDay = event('zoned-all-day', {
          start: Date.parse('2026-03-04T00:00:00Z'),
          end: Date.parse('2026-03-05T00:00:00Z'),
          isAllDay: true,
        });
        t.answerOnce(account.id, {
          route: 'microsoft.listCalendarView',
          status: 200,
          body: { value: [inZone(allDay)] } as never,
          times: 1,
        });
        const window = { from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z' };
        const first = await listPage(token, account.id, 'microsoftCalendarEvents', window);
        expect(first.errors).toEqual([]);
        expect(first.nodes).toMatchObject([
          { startsAt: '2026-03-04T00:00:00.000Z', endsAt: '2026-03-05T00:00:00.000Z', isAllDay: true },
        ]);

        t.answerOnce(account.id, {
          route: 'microsoft.listCalendarView',
          status: 200,
          body: { value: [inZone(event('zoned'))] } as never,
          times: 1,
        });
        const second = await listPage(token, account.id, 'microsoftCalendarEvents', window);
        expect(second.errors).toEqual([
          { code: 'PROVIDER_ERROR', provider: 'microsoft', accountId: account.id },
        ]);
      });

      it('asks calendarView for the window in UTC, at the largest page, by start time, and pages with $skip', async () => {
        const { account, token } = t.connect({ scopes: WITH_CALENDAR });
        graphOf(t.emulator).setEvents(account.id, { count: 1200, from: WINDOW.from, stepMinutes: 30 });
        const expected = graphOf(t.emulator)
          .events(account.id)
          .map((item) => item.id);
        expect(await walkIds(token, account.id, 'microsoftCalendarEvents', WINDOW)).toEqual(expected);
        const calls = listCalls(account.id, 'microsoft.listCalendarView');
        const select =
          'id,subject,start,end,isAllDay,location,webLink,isCancelled,showAs,type,seriesMasterId,organizer,isOnlineMeeting,onlineMeeting';
        const window = {
          startDateTime: '2026-03-02T00:00:00.000Z',
          endDateTime: '2026-05-01T00:00:00.000Z',
          $select: select,
          $orderby: 'start/dateTime',
          $top: '1000',
        };
        expect(calls[0]?.query).toEqual(window);
        expect(calls.at(-1)?.query).toEqual({ ...window, $skip: '1000' });
        expect(new Set(graphOf(t.emulator).calendarViewPreferences(account.id))).toEqual(
          new Set(['outlook.timezone="UTC"']),
        );
      });

      it('lists from now to 30 days on by default: next week holds all-day events', async () => {
        const { account, token } = t.connect({ scopes: WITH_CALENDAR });
        const before = Date.now();
        const page = await listPage(token, account.id, 'microsoftCalendarEvents', { first: 100 });
        expect(page.errors).toEqual([]);
        const [call] = listCalls(account.id, 'microsoft.listCalendarView');
        const start = Date.parse(call?.query.startDateTime ?? '');
        expect(start).toBeGreaterThanOrEqual(before - 1000);
        expect(start).toBeLessThanOrEqual(Date.now());
        expect(Date.parse(call?.query.endDateTime ?? '')).toBe(start + 30 * DAY_MS);
        const titles = page.nodes.map((node) => node.title);
        expect(titles).toEqual(
          expect.arrayContaining(['Team offsite', 'Bank holiday', 'Engine team stand-up']),
        );
        expect(page.nodes.filter((node) => node.isAllDay).length).toBeGreaterThanOrEqual(2);
        for (const node of page.nodes) {
          expect(String(node.startsAt)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
          expect(Date.parse(String(node.endsAt))).toBeGreaterThan(start);
        }
      });

      it('walks pages shorter than $top', async () => {
        const { account, token } = t.connect({ scopes: WITH_CALENDAR });
        graphOf(t.emulator).setEvents(
          account.id,
          { count: 2100, from: WINDOW.from, stepMinutes: 30 },
          { unevenPages: true },
        );
        const expected = graphOf(t.emulator)
          .events(account.id)
          .map((item) => item.id);
        expect(await walkIds(token, account.id, 'microsoftCalendarEvents', WINDOW)).toEqual(expected);
        expect(listCalls(account.id, 'microsoft.listCalendarView').length).toBeGreaterThan(3);
      });

      it.each([
        ['`to` before `from`', { from: '2026-03-09T00:00:00Z', to: '2026-03-02T00:00:00Z' }],
        ['a window of more than 366 days', { from: '2026-01-01T00:00:00Z', to: '2027-01-03T00:00:00Z' }],
        ['a time without an offset', { from: '2026-03-02T00:00:00', to: '2026-03-09T00:00:00Z' }],
        ['`first` over 100', { first: 101 }],
        ['`first` under 1', { first: 0 }],
      ])('refuses %s with BAD_USER_INPUT, before any call', async (_case, args) => {
        const { account, token } = t.connect({ scopes: WITH_CALENDAR });
        t.emulator.calls.reset();
        const page = await listPage(token, account.id, 'microsoftCalendarEvents', args);
        expect(page.errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        expect(t.emulator.calls.count({ service: 'microsoft' })).toBe(0);
      });

      it.each(['Calendars.ReadBasic', 'Calendars.ReadWrite'])(
        'lists with %s instead of Calendars.Read',
        async (scope) => {
          const { account, token } = t.connect({ scopes: [...CLERK_DEFAULT_SCOPES, scope] });
          const page = await listPage(token, account.id, 'microsoftCalendarEvents', { first: 5 });
          expect(page.errors).toEqual([]);
          expect(page.nodes).toHaveLength(5);
        },
      );

      it("answers Graph's `ErrorAccessDenied` with MISSING_SCOPES", async () => {
        const { account, token } = t.connect({ scopes: WITH_CALENDAR });
        t.answerOnce(account.id, {
          route: 'microsoft.listCalendarView',
          status: 403,
          body: {
            error: {
              code: 'ErrorAccessDenied',
              message: 'Access is denied. Check credentials and try again.',
            },
          },
        });
        const page = await listPage(token, account.id, 'microsoftCalendarEvents', { first: 5 });
        expect(page.nodes).toEqual([]);
        expect(page.errors).toEqual([
          expect.objectContaining({ code: 'MISSING_SCOPES', provider: 'microsoft', accountId: account.id }),
        ]);
      });
    });

    describe('microsoftDriveItems', () => {
      it('maps folders, files and notebooks of the OneDrive root', async () => {
        const { account, token } = t.connect({ scopes: WITH_FILES });
        const page = await listPage(token, account.id, 'microsoftDriveItems', { first: 100 });
        expect(page.errors).toEqual([]);
        const byName = new Map(page.nodes.map((node) => [node.name, node]));
        const items = new Map(
          graphOf(t.emulator)
            .driveItems(account.id)
            .map((item) => [item.name, item]),
        );
        expect(page.nodes.map((node) => node.id)).toEqual([...items.values()].map((item) => item.id));
        const documents = items.get('Documents');
        expect(byName.get('Documents')).toEqual({
          id: documents?.id,
          name: 'Documents',
          mimeType: null,
          sizeBytes: documents?.size,
          isFolder: true,
          modifiedAt: new Date(documents?.lastModifiedDateTime ?? '').toISOString(),
          url: documents?.webUrl,
          provider: 'MICROSOFT',
          accountId: account.id,
          createdAt: new Date(documents?.createdDateTime ?? '').toISOString(),
          childCount: 14,
          packageType: null,
          driveId: documents?.parentReference.driveId,
          lastModifiedByName: 'Megan Bowen',
        });
        expect(byName.get('Bernoulli numbers.xlsx')).toMatchObject({
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          sizeBytes: 23_190,
          isFolder: false,
          childCount: null,
          packageType: null,
        });
        expect(byName.get('Untitled.txt')).toMatchObject({ mimeType: 'text/plain', sizeBytes: 0 });
        expect(byName.get("Megan's Notebook")).toMatchObject({
          isFolder: false,
          mimeType: null,
          packageType: 'oneNote',
        });
        expect(page.nodes.filter((node) => node.isFolder).length).toBeGreaterThanOrEqual(5);
        expect(page.nodes.filter((node) => node.mimeType !== null).length).toBeGreaterThanOrEqual(5);
      });

      it('asks for the largest page with the fields it reads, and pages with $skiptoken', async () => {
        const { account, token } = t.connect({ scopes: WITH_FILES });
        graphOf(t.emulator).setDriveItems(account.id, { count: 1100 });
        const expected = graphOf(t.emulator)
          .driveItems(account.id)
          .map((item) => item.id);
        expect(await walkIds(token, account.id, 'microsoftDriveItems')).toEqual(expected);
        const calls = listCalls(account.id, 'microsoft.listDriveChildren');
        const select =
          'id,name,size,webUrl,createdDateTime,lastModifiedDateTime,file,folder,package,remoteItem,parentReference,lastModifiedBy';
        expect(calls[0]?.query).toEqual({ $select: select, $top: '1000' });
        expect(calls.at(-1)?.query).toEqual({
          $select: select,
          $top: '1000',
          $skiptoken: expect.any(String),
        });
      });

      it('walks pages shorter than $top, an empty one included', async () => {
        const { account, token } = t.connect({ scopes: WITH_FILES });
        graphOf(t.emulator).setDriveItems(account.id, { count: 2500 }, { unevenPages: true });
        const expected = graphOf(t.emulator)
          .driveItems(account.id)
          .map((item) => item.id);
        expect(await walkIds(token, account.id, 'microsoftDriveItems')).toEqual(expected);
      });

      it.each(['Files.ReadWrite', 'Files.Read.All', 'Sites.Read.All'])(
        'lists with %s instead of Files.Read',
        async (scope) => {
          const { account, token } = t.connect({ scopes: [...CLERK_DEFAULT_SCOPES, scope] });
          const page = await listPage(token, account.id, 'microsoftDriveItems', { first: 5 });
          expect(page.errors).toEqual([]);
          expect(page.nodes).toHaveLength(5);
        },
      );

      it("answers OneDrive's `accessDenied` with MISSING_SCOPES", async () => {
        const { account, token } = t.connect({ scopes: WITH_FILES });
        t.answerOnce(account.id, {
          route: 'microsoft.listDriveChildren',
          status: 403,
          body: {
            error: {
              code: 'accessDenied',
              message: 'The caller does not have permission to perform the action.',
            },
          },
        });
        const page = await listPage(token, account.id, 'microsoftDriveItems', { first: 5 });
        expect(page.errors).toEqual([
          expect.objectContaining({ code: 'MISSING_SCOPES', provider: 'microsoft', accountId: account.id }),
        ]);
      });

      it('refuses `first` over 100 with BAD_USER_INPUT, before any call', async () => {
        const { account, token } = t.connect({ scopes: WITH_FILES });
        t.emulator.calls.reset();
        const page = await listPage(token, account.id, 'microsoftDriveItems', { first: 101 });
        expect(page.errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        expect(t.emulator.calls.count({ service: 'microsoft' })).toBe(0);
      });
    });

    describe('the emulator', () => {
      async function get(path: string, token?: string) {
        const response = await t.callApi(path, token === undefined ? {} : { token });
        return { response, body: (await response.json()) as { error?: Record<string, unknown> } };
      }

      it("answers `/v1.0/me` in the reference's shape", async () => {
        const { account } = t.connect({ scopes: ['User.Read'] });
        const { response, body } = await get('/v1.0/me', t.emulator.clerk.currentAccessToken(account.id));
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^application\/json;odata\.metadata=minimal/);
        expect(body).toEqual({
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity',
          businessPhones: [],
          displayName: 'Megan Bowen',
          givenName: 'Megan',
          jobTitle: null,
          mail: 'MeganB@contoso.com',
          mobilePhone: null,
          officeLocation: null,
          preferredLanguage: null,
          surname: 'Bowen',
          userPrincipalName: 'MeganB@contoso.com',
          id: '48d31887-5fad-4d73-a9f5-3c356e68a038',
        });
      });

      it('answers userinfo with the OpenID claims', async () => {
        const { account } = t.connect();
        const { body } = await get('/oidc/userinfo', t.emulator.clerk.currentAccessToken(account.id));
        expect(body).toEqual({
          sub: userInfoSubjectOf(account),
          name: 'Megan Bowen',
          family_name: 'Bowen',
          given_name: 'Megan',
          picture: 'https://graph.microsoft.com/v1.0/me/photo/$value',
          email: 'MeganB@contoso.com',
        });
        expect(userInfoSubjectOf(account)).toMatch(/^[\w-]{43}$/);
      });

      it('refuses `/v1.0/me` without `User.Read` with 403 `Authorization_RequestDenied`', async () => {
        const { account } = t.connect();
        const { response, body } = await get('/v1.0/me', t.emulator.clerk.currentAccessToken(account.id));
        expect(response.status).toBe(403);
        expect(body.error).toMatchObject({
          code: 'Authorization_RequestDenied',
          message: 'Insufficient privileges to complete the operation.',
        });
      });

      it('answers a missing, an unparseable and an expired token with 401 `InvalidAuthenticationToken`', async () => {
        const { account } = t.connect();
        const expiredToken = t.emulator.clerk.currentAccessToken(account.id);
        t.emulator.clerk.expireAccessToken(account.id);
        const answers = await Promise.all([
          get('/v1.0/me'),
          get('/v1.0/me', 'opaque'),
          get('/v1.0/me', expiredToken),
        ]);
        expect(answers.map(({ body }) => body.error?.message)).toEqual([
          'Access token is empty.',
          'IDX14100: JWT is not well formed, there are no dots (.).',
          'Lifetime validation failed, the token is expired.',
        ]);
        for (const { response, body } of answers) {
          expect(response.status).toBe(401);
          expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm=""/);
          expect(body.error).toMatchObject({
            code: 'InvalidAuthenticationToken',
            innerError: { 'request-id': response.headers.get('request-id') },
          });
        }
      });

      describe('calendarView', () => {
        const window = 'startDateTime=2026-03-02T00:00:00Z&endDateTime=2026-05-01T00:00:00Z';

        it('refuses a request without its window with 400 `ErrorInvalidParameter`', async () => {
          const { account } = t.connect({ scopes: WITH_CALENDAR });
          const token = t.emulator.clerk.currentAccessToken(account.id);
          const { response, body } = await get(
            '/v1.0/me/calendarView?startDateTime=2026-03-02T00:00:00Z',
            token,
          );
          expect(response.status).toBe(400);
          expect(body.error).toMatchObject({
            code: 'ErrorInvalidParameter',
            message:
              'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
          });
        });

        it('refuses a token without a calendar permission with 403 `ErrorAccessDenied`', async () => {
          const { account } = t.connect({ scopes: WITH_FILES });
          const token = t.emulator.clerk.currentAccessToken(account.id);
          const { response, body } = await get(`/v1.0/me/calendarView?${window}`, token);
          expect(response.status).toBe(403);
          expect(body.error).toMatchObject({
            code: 'ErrorAccessDenied',
            message: 'Access is denied. Check credentials and try again.',
          });
        });

        it('serves at most 1000 events a page, the next one announced with `$skip`', async () => {
          const { account } = t.connect({ scopes: WITH_CALENDAR });
          graphOf(t.emulator).setEvents(account.id, {
            count: 1500,
            from: '2026-03-02T00:00:00Z',
            stepMinutes: 30,
          });
          const token = t.emulator.clerk.currentAccessToken(account.id);
          const { body } = await get(`/v1.0/me/calendarView?${window}&$top=5000`, token);
          const page = body as unknown as { value: unknown[]; '@odata.nextLink': string };
          expect(page.value).toHaveLength(1000);
          const next = new URL(page['@odata.nextLink']);
          expect(next.pathname).toMatch(/\/v1\.0\/me\/calendarView$/);
          expect(Object.fromEntries(next.searchParams)).toEqual({
            startDateTime: '2026-03-02T00:00:00Z',
            endDateTime: '2026-05-01T00:00:00Z',
            $top: '1000',
            $skip: '1000',
          });
          const { body: last } = await get(
            `${next.pathname.replace(/^\/microsoft/, '')}${next.search}`,
            token,
          );
          expect((last as unknown as { value: unknown[] }).value).toHaveLength(500);
          expect(last).not.toHaveProperty('@odata.nextLink');
        });

        it('answers in the zone of `Prefer: outlook.timezone`, all-day events still midnight to midnight', async () => {
          const { account } = t.connect({ scopes: WITH_CALENDAR });
          const allDay = event('paris-all-day', {
            start: Date.parse('2026-03-04T00:00:00Z'),
            end: Date.parse('2026-03-05T00:00:00Z'),
            isAllDay: true,
          });
          graphOf(t.emulator).setEvents(account.id, [event('paris'), allDay]);
          const response = await t.callApi(`/v1.0/me/calendarView?${window}`, {
            token: t.emulator.clerk.currentAccessToken(account.id),
            headers: { prefer: 'outlook.timezone="Europe/Paris"' },
          });
          expect(response.headers.get('preference-applied')).toBe('outlook.timezone="Europe/Paris"');
          const { value } = (await response.json()) as { value: GraphEventJson[] };
          expect(value.map((item) => [item.start, item.end])).toEqual([
            [
              { dateTime: '2026-03-03T10:30:00.0000000', timeZone: 'Europe/Paris' },
              { dateTime: '2026-03-03T11:15:00.0000000', timeZone: 'Europe/Paris' },
            ],
            [
              { dateTime: '2026-03-04T00:00:00.0000000', timeZone: 'Europe/Paris' },
              { dateTime: '2026-03-05T00:00:00.0000000', timeZone: 'Europe/Paris' },
            ],
          ]);
        });

        it('leaves bodies out for `Calendars.ReadBasic`, and keeps only the `$select`ed properties', async () => {
          const basic = t.connect({ scopes: ['Calendars.ReadBasic'] }).account;
          const full = t.connect({ scopes: ['Calendars.Read'] }).account;
          for (const account of [basic, full]) {
            graphOf(t.emulator).setEvents(account.id, [event('body', { bodyPreview: 'Agenda attached.' })]);
          }
          const bodyOf = async (accountId: string, query = '') =>
            (
              (
                await get(
                  `/v1.0/me/calendarView?${window}${query}`,
                  t.emulator.clerk.currentAccessToken(accountId),
                )
              ).body as unknown as { value: Record<string, unknown>[] }
            ).value[0];
          expect(await bodyOf(basic.id)).not.toHaveProperty('bodyPreview');
          expect(await bodyOf(full.id)).toMatchObject({ bodyPreview: 'Agenda attached.' });
          expect(Object.keys((await bodyOf(full.id, '&$select=subject,start')) ?? {})).toEqual([
            '@odata.etag',
            'id',
            'subject',
            'start',
          ]);
        });

        it('gives every account a calendar: stand-ups, next week all-day events, and one under way now', async () => {
          const { account } = t.connect({ scopes: WITH_CALENDAR });
          const events = graphOf(t.emulator).events(account.id);
          const now = Date.now();
          const startOf = (item: GraphEventJson) => Date.parse(`${item.start.dateTime.slice(0, 23)}Z`);
          const endOf = (item: GraphEventJson) => Date.parse(`${item.end.dateTime.slice(0, 23)}Z`);
          expect(events.length).toBeGreaterThan(50);
          expect(events.some((item) => startOf(item) <= now && endOf(item) > now)).toBe(true);
          const nextWeek = events.filter(
            (item) => startOf(item) > now && startOf(item) < now + 14 * DAY_MS && item.isAllDay,
          );
          expect(nextWeek.length).toBeGreaterThanOrEqual(2);
          expect(events.filter((item) => item.type === 'occurrence').length).toBeGreaterThan(20);
          expect(graphOf(t.emulator).events(account.id)).toEqual(events);
        });
      });

      describe('drive root children', () => {
        it('refuses a `$top` over 1000 with 400 `invalidRequest`', async () => {
          const { account } = t.connect({ scopes: WITH_FILES });
          const token = t.emulator.clerk.currentAccessToken(account.id);
          const { response, body } = await get('/v1.0/me/drive/root/children?$top=1001', token);
          expect(response.status).toBe(400);
          expect(body.error).toMatchObject({
            code: 'invalidRequest',
            message:
              "The limit of '1000' for Top query has been exceeded. The value from the incoming request is '1001'.",
          });
        });

        it('refuses a token without a files permission with 403 `accessDenied`', async () => {
          const { account } = t.connect({ scopes: WITH_CALENDAR });
          const token = t.emulator.clerk.currentAccessToken(account.id);
          const { response, body } = await get('/v1.0/me/drive/root/children', token);
          expect(response.status).toBe(403);
          expect(body.error).toMatchObject({ code: 'accessDenied' });
        });

        it('pages 200 items by default, the next page announced with an opaque `$skiptoken`', async () => {
          const { account } = t.connect({ scopes: WITH_FILES });
          graphOf(t.emulator).setDriveItems(account.id, { count: 250 });
          const token = t.emulator.clerk.currentAccessToken(account.id);
          const { body } = await get('/v1.0/me/drive/root/children?$select=id,name', token);
          const page = body as unknown as { value: Record<string, unknown>[]; '@odata.nextLink': string };
          expect(page.value).toHaveLength(200);
          expect(Object.keys(page.value[0] ?? {})).toEqual(['id', 'name']);
          const next = new URL(page['@odata.nextLink']);
          expect(next.searchParams.get('$top')).toBe('200');
          expect(next.searchParams.get('$select')).toBe('id,name');
          expect(next.searchParams.get('$skiptoken')).toMatch(/^[A-Za-z0-9+/=]+$/);
          const { body: last } = await get(
            `${next.pathname.replace(/^\/microsoft/, '')}${next.search}`,
            token,
          );
          expect((last as unknown as { value: unknown[] }).value).toHaveLength(50);
          expect(last).not.toHaveProperty('@odata.nextLink');
        });

        it('gives every account a OneDrive root with folders and files', async () => {
          const { account } = t.connect({ scopes: WITH_FILES });
          const items = graphOf(t.emulator).driveItems(account.id);
          expect(items.filter((item) => item.folder).map((item) => item.name)).toEqual(
            expect.arrayContaining(['Desktop', 'Documents', 'Pictures']),
          );
          expect(items.filter((item) => item.file).length).toBeGreaterThanOrEqual(8);
        });
      });

      it('answers a limit with 429 `TooManyRequests` and `Retry-After`', async () => {
        const { account } = t.connect();
        t.emulator.providers.microsoft?.rateLimit(account.id, { retryAfterSeconds: 12 });
        const { response, body } = await get(
          '/oidc/userinfo',
          t.emulator.clerk.currentAccessToken(account.id),
        );
        expect(response.status).toBe(429);
        expect(response.headers.get('retry-after')).toBe('12');
        expect(body.error).toMatchObject({ code: 'TooManyRequests', message: 'Please retry after' });
      });
    });
  },
);
