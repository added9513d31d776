import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { FacebookEmulator } from '../../src/providers/facebook/emulator.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';

const Pages = parse(`
  query FacebookPages($account: ID!, $first: Int, $after: String) {
    me {
      connectedAccount(id: $account) {
        facebookPages(first: $first, after: $after) {
          edges { node { id name category categories url username tasks } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

const PAGE_FIELDS = 'id,name,category,category_list,link,username,tasks';
const PAGES_SCOPES = ['email', 'pages_show_list'];

/** The Facebook example account of docs/providers.md#facebook. */
const JANE = {
  providerUserId: '10158123456789012',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane@example.com',
};

function graphError(code: number, extra: Record<string, unknown> = {}) {
  return {
    error: {
      message: `(#${code}) refused`,
      type: 'OAuthException',
      code,
      fbtrace_id: 'AbCdEf12345',
      ...extra,
    },
  };
}

describeProvider(
  {
    provider: 'facebook',
    account: JANE,
    // Facebook's rate-limit errors say nothing of how long they last (docs/providers.md#facebook).
    rateLimitSaysWait: false,
    expected: (account) => ({
      id: JANE.providerUserId,
      name: 'Jane Doe',
      email: 'jane@example.com',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    const LIST_PAGES = 'facebook.listPages';
    const facebook = () => t.emulator.providers.facebook as FacebookEmulator;

    describeListField(t, {
      field: 'facebookPages',
      selection: 'id name category url',
      // 230 Pages, a few filtered out by Facebook: its pages of 100 come back short.
      seed: (emulator, account) => {
        const api = emulator.providers.facebook as FacebookEmulator;
        api.setPages(account.id, { count: 230 });
        const ids = api.pages(account.id).map((page) => page.id);
        const filtered = [ids[0], ids[57], ids[99], ids[150]] as string[];
        api.setPages(account.id, api.pages(account.id), { filtered });
        return ids.filter((id) => !filtered.includes(id));
      },
      route: LIST_PAGES,
    });

    async function pagesOf(token: string, accountId: string, first?: number) {
      const response = await t.stack.query(Pages, { account: accountId, first } as never, { token });
      const body = response.body as {
        data?: { me: { connectedAccount: { facebookPages: unknown } | null } | null } | null;
        errors?: { extensions?: Record<string, unknown> }[];
      };
      return {
        value: body.data?.me?.connectedAccount?.facebookPages as
          | { edges: { node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean } }
          | null
          | undefined,
        errors: (body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    }

    describe('facebookPages', () => {
      it('lists the default Pages of an account, asked 100 at a time, never with their access tokens', async () => {
        const { account, token } = t.connect({ scopes: PAGES_SCOPES });
        t.emulator.calls.reset();
        const { value, errors } = await pagesOf(token, account.id);
        expect(errors).toEqual([]);
        const stored = facebook().pages(account.id);
        expect(stored.length).toBeGreaterThan(3);
        expect(value?.edges.map((edge) => edge.node.id)).toEqual(stored.map((page) => page.id));
        expect(value?.edges[0]?.node).toEqual({
          id: stored[0]?.id,
          name: 'Analytical Engines Society',
          category: 'Science, Technology & Engineering',
          categories: ['Science, Technology & Engineering', 'Community Organization'],
          url: 'https://www.facebook.com/analyticalengines',
          username: 'analyticalengines',
          tasks: ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'],
        });
        expect(t.emulator.calls.all().filter((call) => call.route === LIST_PAGES)).toEqual([
          expect.objectContaining({
            method: 'GET',
            path: '/me/accounts',
            query: { fields: PAGE_FIELDS, limit: '100' },
          }),
        ]);
      });

      it('maps a Page without link, username or category: the id link, nulls and empty lists', async () => {
        const { account, token } = t.connect({ scopes: PAGES_SCOPES });
        t.answerOnce(account.id, {
          route: LIST_PAGES,
          status: 200,
          body: {
            data: [{ id: '104567890123456', name: 'Bare Page', category: '' }],
            paging: { cursors: { before: 'MTA0NTY3ODkwMTIzNDU2', after: 'MTA0NTY3ODkwMTIzNDU2' } },
          },
        });
        const { value, errors } = await pagesOf(token, account.id);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node)).toEqual([
          {
            id: '104567890123456',
            name: 'Bare Page',
            category: null,
            categories: [],
            url: 'https://www.facebook.com/104567890123456',
            username: null,
            tasks: [],
          },
        ]);
      });

      it.each([
        [200, 403, '(#200) Requires pages_show_list permission to manage the object'],
        [10, 400, '(#10) Application does not have permission for this action'],
      ])('answers the permission error %i (HTTP %i) with MISSING_SCOPES', async (code, status, message) => {
        const { account, token } = t.connect({ scopes: PAGES_SCOPES });
        t.answerOnce(account.id, { route: LIST_PAGES, status, body: graphError(code, { message }) });
        const { value, errors } = await pagesOf(token, account.id);
        expect(value).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'facebook',
            accountId: account.id,
            requiredScopes: ['pages_show_list'],
            acceptedScopes: [['pages_show_list']],
            grantedScopes: PAGES_SCOPES,
          },
        ]);
      });

      it.each([0, 101])('refuses `first: %i` with BAD_USER_INPUT, before any call', async (first) => {
        const { account, token } = t.connect({ scopes: PAGES_SCOPES });
        t.emulator.calls.reset();
        const { value, errors } = await pagesOf(token, account.id, first);
        expect(value).toBeNull();
        expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        expect(t.emulator.calls.count({ service: 'facebook' })).toBe(0);
      });
    });

    describe('the emulated /me/accounts', () => {
      const accounts = (token: string, query: Record<string, string>) =>
        t.callApi(`/me/accounts?${new URLSearchParams(query)}`, { token });

      it('answers its default fields, access tokens included, 25 at a time', async () => {
        const { account } = t.connect({ scopes: PAGES_SCOPES });
        facebook().setPages(account.id, { count: 30 });
        const body = (await (await accounts(account.accessToken, {})).json()) as {
          data: Record<string, unknown>[];
          paging: Record<string, unknown>;
        };
        expect(body.data).toHaveLength(25);
        expect(Object.keys(body.data[0] ?? {}).sort()).toEqual(
          ['access_token', 'category', 'category_list', 'id', 'name', 'tasks'].sort(),
        );
        expect(body.paging).toEqual({
          cursors: { before: expect.any(String), after: expect.any(String) },
          next: expect.stringContaining('/me/accounts?limit=25&after='),
        });
      });

      it('caps `limit` at 100, pages with `after`, and stops giving `next` on the last page', async () => {
        const { account } = t.connect({ scopes: PAGES_SCOPES });
        facebook().setPages(account.id, { count: 150 });
        const stored = facebook().pages(account.id);
        const first = (await (
          await accounts(account.accessToken, { fields: 'id', limit: '500' })
        ).json()) as {
          data: { id: string }[];
          paging: { cursors: { after: string }; next?: string };
        };
        expect(first.data.map((page) => page.id)).toEqual(stored.slice(0, 100).map((page) => page.id));
        expect(first.paging.cursors.after).toBe(Buffer.from(stored[99]?.id ?? '').toString('base64'));
        const second = (await (
          await accounts(account.accessToken, {
            fields: 'id',
            limit: '100',
            after: first.paging.cursors.after,
          })
        ).json()) as { data: { id: string }[]; paging: Record<string, unknown> };
        expect(second.data.map((page) => page.id)).toEqual(stored.slice(100).map((page) => page.id));
        expect(second.paging.next).toBeUndefined();
        expect(second.paging.previous).toEqual(expect.stringContaining('before='));
      });

      it('lists no Page for a token without pages_show_list', async () => {
        const { account } = t.connect();
        const response = await accounts(account.accessToken, { fields: PAGE_FIELDS });
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ data: [] });
      });

      it('refuses an unknown Page field with code 100', async () => {
        const { account } = t.connect({ scopes: PAGES_SCOPES });
        const response = await accounts(account.accessToken, { fields: 'id,fan_club' });
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({
          error: {
            message: '(#100) Tried accessing nonexisting field (fan_club) on node type (Page)',
            code: 100,
          },
        });
      });
    });

    function getMe(token: string | undefined, fields?: string) {
      const path = fields === undefined ? '/me' : `/me?${new URLSearchParams({ fields })}`;
      return t.callApi(path, token === undefined ? {} : { token });
    }

    describe('the emulator', () => {
      it('answers only id and name without ?fields', async () => {
        const { account } = t.connect();
        expect(await (await getMe(account.accessToken)).json()).toEqual({
          id: JANE.providerUserId,
          name: 'Jane Doe',
        });
      });

      it('answers the requested fields, picture sized by its modifiers', async () => {
        const { account } = t.connect();
        const response = await getMe(
          account.accessToken,
          'id,name,email,first_name,last_name,picture.width(200).height(200)',
        );
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
        expect(await response.json()).toEqual({
          id: JANE.providerUserId,
          name: 'Jane Doe',
          email: 'jane@example.com',
          first_name: 'Jane',
          last_name: 'Doe',
          picture: { data: { height: 200, is_silhouette: false, url: account.imageUrl, width: 200 } },
        });
        const small = await (await getMe(account.accessToken, 'picture')).json();
        expect(small).toEqual({
          picture: { data: expect.objectContaining({ height: 50, width: 50 }) },
          id: JANE.providerUserId,
        });
      });

      it('leaves email out without the email permission', async () => {
        const { account } = t.connect({ scopes: [] });
        expect(await (await getMe(account.accessToken, 'id,email')).json()).toEqual({
          id: JANE.providerUserId,
        });
      });

      it('refuses an unknown field with code 100', async () => {
        const { account } = t.connect();
        const response = await getMe(account.accessToken, 'id,favorite_color');
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({
          error: {
            message: '(#100) Tried accessing nonexisting field (favorite_color) on node type (User)',
            code: 100,
          },
        });
      });

      it('answers every refused token with HTTP 400, code 190 and the reason in the subcode', async () => {
        const { account } = t.connect();
        const garbled = await getMe('EAAnot-a-token');
        expect(garbled.status).toBe(400);
        expect(garbled.headers.get('www-authenticate')).toBe(
          'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"',
        );
        expect(await garbled.json()).toEqual({
          error: {
            message: 'Invalid OAuth access token - Cannot parse access token',
            type: 'OAuthException',
            code: 190,
            fbtrace_id: expect.any(String),
          },
        });

        const expiredToken = account.accessToken;
        t.emulator.clerk.expireAccessToken(account.id);
        const expired = await getMe(expiredToken);
        expect(expired.status).toBe(400);
        expect(await expired.json()).toMatchObject({
          error: {
            message: expect.stringMatching(
              /^Error validating access token: Session has expired on \w+day, \d{2}-\w{3}-\d{2} \d{2}:\d{2}:\d{2} P[DS]T\. The current time is /,
            ),
            code: 190,
            error_subcode: 463,
          },
        });

        const { account: removed } = t.connect();
        t.emulator.clerk.revokeAtProvider(removed.id);
        expect(await (await getMe(removed.accessToken)).json()).toMatchObject({
          error: { code: 190, error_subcode: 458 },
        });

        const anonymous = await getMe(undefined);
        expect(anonymous.status).toBe(400);
        expect(await anonymous.json()).toMatchObject({ error: { code: 2500 } });
      });

      it("answers a rate limit with the reference's code 17 body, which states no wait", async () => {
        const { account } = t.connect();
        t.emulator.providers.facebook?.rateLimit(account.id);
        const response = await getMe(account.accessToken);
        expect(response.status).toBe(400);
        expect(response.headers.get('retry-after')).toBeNull();
        expect(response.headers.get('x-app-usage')).toBe(
          '{"call_count":28,"total_time":25,"total_cputime":25}',
        );
        expect(await response.json()).toEqual({
          error: {
            message: '(#17) User request limit reached',
            type: 'OAuthException',
            is_transient: true,
            code: 17,
            fbtrace_id: expect.any(String),
          },
        });
      });
    });

    describe('the gateway', () => {
      it('reads a profile without email when the email permission was not granted', async () => {
        const { account, token } = t.connect({ scopes: [] });
        const { profile, errors } = await t.profileOf(token);
        expect(errors).toEqual([]);
        expect(profile).toEqual({
          id: JANE.providerUserId,
          username: null,
          name: 'Jane Doe',
          email: null,
          avatarUrl: account.imageUrl,
          url: null,
          source: 'PROVIDER',
        });
      });

      it.each([
        ['an expired session on HTTP 400', 400, graphError(190, { error_subcode: 463 })],
        ['a garbled token on HTTP 400', 400, graphError(190)],
        ['an invalid token on HTTP 401', 401, graphError(190, { error_subcode: 467 })],
      ])('answers %s with REAUTH_REQUIRED after one fresh token', async (_case, status, body) => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, { status, body });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'REAUTH_REQUIRED', provider: 'facebook', accountId: account.id },
        ]);
        // The first token, then the fresh one after the refusal.
        expect(t.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId: account.userId })).toBe(
          2,
        );
      });

      it.each([
        [4, 400],
        [17, 400],
        [32, 403],
        [613, 403],
      ])(
        'answers error code %i (HTTP %i) with RATE_LIMITED, a minute since Facebook states no wait',
        async (code, status) => {
          const { account, token } = t.connect();
          t.answerOnce(account.id, { status, body: graphError(code, { is_transient: true }) });
          expect((await t.profileOf(token)).errors).toEqual([
            { code: 'RATE_LIMITED', provider: 'facebook', accountId: account.id, retryAfter: 60 },
          ]);
        },
      );

      it('answers another Graph error with PROVIDER_ERROR', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, { status: 400, body: graphError(100) });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'PROVIDER_ERROR', provider: 'facebook', accountId: account.id },
        ]);
      });
    });
  },
);
