import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { scopeDetails } from '../../src/providers/scope-requirements.js';
import {
  EMULATED_TWITCH_CLIENT_ID,
  type TwitchEmulator,
  type TwitchFollowJson,
} from '../../src/providers/twitch/emulator.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';

const FOLLOWS_SCOPE = 'user:read:follows';
const ALL_SCOPES = ['user:read:email', FOLLOWS_SCOPE];
const LIST_FOLLOWED = 'twitch.listFollowedChannels';

const FollowedChannels = parse(`
  query TwitchFollowedChannels($account: ID!, $first: Int, $after: String) {
    me {
      connectedAccount(id: $account) {
        twitchFollowedChannels(first: $first, after: $after) {
          edges { node { id login name followedAt url } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

describeProvider(
  {
    provider: 'twitch',
    env: { GATEWAY_TWITCH_CLIENT_ID: EMULATED_TWITCH_CLIENT_ID },
    account: { providerUserId: '141981764', username: 'TwitchDev', email: 'not-real@email.com' },
    expected: (account) => ({
      id: '141981764',
      username: 'twitchdev',
      name: 'TwitchDev',
      email: 'not-real@email.com',
      avatarUrl: account.imageUrl,
      url: 'https://www.twitch.tv/twitchdev',
    }),
  },
  (t) => {
    it('has no email when the token lacks `user:read:email`', async () => {
      const { token } = t.connect({ username: 'TwitchDev', scopes: [] });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ username: 'twitchdev', email: null });
    });

    it('answers an empty `data` with PROVIDER_ERROR', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, { route: 'twitch.getUsers', status: 200, body: { data: [] } });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      // An answer in an unexpected shape (refused by `calls.getJson`'s schema) is not attributed to the
      // account by the shared code.
      expect(errors).toMatchObject([{ code: 'PROVIDER_ERROR' }]);
    });

    describe('the emulator', () => {
      async function users(headers: Record<string, string>) {
        const response = await t.callApi('/users', { headers });
        return {
          status: response.status,
          headers: response.headers,
          body: (await response.json()) as unknown,
        };
      }

      it('answers the fields of the reference example', async () => {
        const { account } = t.connect({ providerUserId: '141981764', username: 'TwitchDev' });
        const { status, body } = await users({
          authorization: `Bearer ${t.emulator.clerk.currentAccessToken(account.id)}`,
          'client-id': EMULATED_TWITCH_CLIENT_ID,
        });
        expect(status).toBe(200);
        const [user] = (body as { data: Record<string, unknown>[] }).data;
        expect(Object.keys(user ?? {})).toEqual([
          'id',
          'login',
          'display_name',
          'type',
          'broadcaster_type',
          'description',
          'profile_image_url',
          'offline_image_url',
          'view_count',
          'email',
          'created_at',
        ]);
        expect(user).toMatchObject({ id: '141981764', login: 'twitchdev', display_name: 'TwitchDev' });
      });

      it("answers Twitch's 401s: no token, no Client-Id, another app's Client-Id, an invalid token", async () => {
        const { account } = t.connect();
        const bearer = `Bearer ${t.emulator.clerk.currentAccessToken(account.id)}`;
        const unauthorized = (message: string) => ({
          status: 401,
          body: { error: 'Unauthorized', status: 401, message },
        });
        expect(await users({ 'client-id': EMULATED_TWITCH_CLIENT_ID })).toMatchObject(
          unauthorized('OAuth token is missing'),
        );
        expect(await users({ authorization: bearer })).toMatchObject(unauthorized('Client ID is missing'));
        expect(await users({ authorization: bearer, 'client-id': 'another-app' })).toMatchObject(
          unauthorized('Client ID and OAuth token do not match'),
        );
        expect(
          await users({ authorization: 'Bearer unknown', 'client-id': EMULATED_TWITCH_CLIENT_ID }),
        ).toMatchObject(unauthorized('Invalid OAuth token'));
      });

      it('answers a rate limit with 429 and `Ratelimit-*` headers, the reset in epoch seconds', async () => {
        const { account } = t.connect();
        t.emulator.providers.twitch?.rateLimit(account.id, { retryAfterSeconds: 20 });
        const { status, headers, body } = await users({
          authorization: `Bearer ${t.emulator.clerk.currentAccessToken(account.id)}`,
          'client-id': EMULATED_TWITCH_CLIENT_ID,
        });
        expect(status).toBe(429);
        expect(body).toEqual({ error: 'Too Many Requests', status: 429, message: 'Too Many Requests' });
        expect(headers.get('ratelimit-limit')).toBe('800');
        expect(headers.get('ratelimit-remaining')).toBe('0');
        const resetIn = Number(headers.get('ratelimit-reset')) - Date.now() / 1000;
        expect(resetIn).toBeGreaterThan(18);
        expect(resetIn).toBeLessThanOrEqual(21);
      });
    });

    // The gateway reads the setting once, at start, and the harness's has the right one, which the
    // contract needs: these cases run on a second gateway over the same emulator.
    describe('without GATEWAY_TWITCH_CLIENT_ID', () => {
      it('refuses with PROVIDER_ERROR, without calling Twitch', async () => {
        const other = await t.gatewayWith({ GATEWAY_TWITCH_CLIENT_ID: undefined });
        try {
          const { account, token } = t.connect();
          t.emulator.calls.reset();
          const { profile, errors } = await t.profileOf(token, other);
          expect(profile).toBeNull();
          expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'twitch', accountId: account.id }]);
          expect(t.emulator.calls.count({ service: 'twitch' })).toBe(0);
        } finally {
          await other.close();
        }
      });
    });

    describe('with the Client-Id of another app', () => {
      // The operator's setting is wrong, not the user's token: reconnecting would not help.
      it("answers Twitch's 401 `Client ID and OAuth token do not match` with PROVIDER_ERROR, not REAUTH_REQUIRED", async () => {
        const other = await t.gatewayWith({ GATEWAY_TWITCH_CLIENT_ID: 'someotherappsclientid000000000' });
        try {
          const { account, token } = t.connect();
          const { errors } = await t.profileOf(token, other);
          expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'twitch', accountId: account.id }]);
          expect(t.emulator.calls.count({ service: 'twitch', accountId: account.id })).toBe(1);
        } finally {
          await other.close();
        }
      });
    });

    const twitch = () => t.emulator.providers.twitch as TwitchEmulator;

    async function followedOf(token: string, accountId: string, first?: number, after?: string) {
      const response = await t.stack.query(FollowedChannels, { account: accountId, first, after }, { token });
      const body = response.body as {
        data?: { me: { connectedAccount: { twitchFollowedChannels: unknown } | null } | null } | null;
        errors?: { extensions?: Record<string, unknown> }[];
      };
      return {
        value: body.data?.me?.connectedAccount?.twitchFollowedChannels as
          | {
              edges: { node: Record<string, unknown> }[];
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
            }
          | null
          | undefined,
        errors: (body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    }

    // 236 follows: two full pages of 100, then 36.
    describeListField(t, {
      field: 'twitchFollowedChannels',
      selection: 'id login name followedAt url',
      seed: (emulator, account) => {
        const api = emulator.providers.twitch as TwitchEmulator;
        api.setFollows(account.id, { count: 236 });
        return api.follows(account.id).map((follow) => follow.broadcaster_id);
      },
      route: LIST_FOLLOWED,
    });

    describe('twitchFollowedChannels', () => {
      it("gives every account follows by default, asked 100 at a time for the account's own user id", async () => {
        const { account, token } = t.connect({ scopes: ALL_SCOPES });
        t.emulator.calls.reset();
        const { value, errors } = await followedOf(token, account.id, 100);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node.id)).toEqual(
          twitch()
            .follows(account.id)
            .slice(0, 100)
            .map((follow) => follow.broadcaster_id),
        );
        expect(value?.pageInfo.hasNextPage).toBe(true);
        expect(t.emulator.calls.all().filter((call) => call.route === LIST_FOLLOWED)).toMatchObject([
          {
            method: 'GET',
            path: '/channels/followed',
            query: { user_id: account.providerUserId, first: '100' },
          },
        ]);
        // The next connection page resumes on Twitch's next page, from its cursor.
        await followedOf(token, account.id, 100, value?.pageInfo.endCursor ?? undefined);
        const after = t.emulator.calls.all().filter((call) => call.route === LIST_FOLLOWED)[1]?.query.after;
        expect(JSON.parse(Buffer.from(after ?? '', 'base64').toString())).toEqual({
          b: null,
          a: { Offset: 100 },
        });
      });

      it('maps a follow: the channel page from the login, the login when the display name is empty', async () => {
        const { account, token } = t.connect({ scopes: ALL_SCOPES });
        const follows: TwitchFollowJson[] = [
          {
            broadcaster_id: '11111',
            broadcaster_login: 'userloginname',
            broadcaster_name: 'UserDisplayName',
            followed_at: '2022-05-24T22:22:08Z',
          },
          {
            broadcaster_id: '22222',
            broadcaster_login: 'quietone',
            broadcaster_name: '',
            followed_at: '2021-01-02T03:04:05Z',
          },
        ];
        twitch().setFollows(account.id, follows);
        const { value, errors } = await followedOf(token, account.id);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node)).toEqual([
          {
            id: '11111',
            login: 'userloginname',
            name: 'UserDisplayName',
            followedAt: '2022-05-24T22:22:08.000Z',
            url: 'https://www.twitch.tv/userloginname',
          },
          {
            id: '22222',
            login: 'quietone',
            name: 'quietone',
            followedAt: '2021-01-02T03:04:05.000Z',
            url: 'https://www.twitch.tv/quietone',
          },
        ]);
      });

      it.each(['yesterday', '2022-05-24T22:22:08'])(
        'answers a `followed_at` that is no time with an offset (%s) with PROVIDER_ERROR',
        async (followedAt) => {
          const { account, token } = t.connect({ scopes: ALL_SCOPES });
          t.answerOnce(account.id, {
            route: LIST_FOLLOWED,
            status: 200,
            body: {
              total: 1,
              data: [
                {
                  broadcaster_id: '11111',
                  broadcaster_login: 'userloginname',
                  broadcaster_name: 'UserDisplayName',
                  followed_at: followedAt,
                },
              ],
              pagination: {},
            },
            times: 1,
          });
          const { value, errors } = await followedOf(token, account.id);
          expect(value).toBeNull();
          expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'twitch', accountId: account.id }]);
        },
      );

      it("answers Twitch's 401 `Missing scope: user:read:follows` with MISSING_SCOPES, without a fresh token", async () => {
        const { account, token } = t.connect({ scopes: ALL_SCOPES });
        t.answerOnce(account.id, {
          route: LIST_FOLLOWED,
          status: 401,
          body: { error: 'Unauthorized', status: 401, message: 'Missing scope: user:read:follows' },
        });
        t.emulator.calls.reset();
        const { value, errors } = await followedOf(token, account.id);
        expect(value).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'twitch',
            accountId: account.id,
            ...scopeDetails([FOLLOWS_SCOPE], ALL_SCOPES),
          },
        ]);
        expect(t.emulator.calls.count({ route: 'clerk.getOauthAccessTokens' })).toBe(1);
      });

      it("answers a 401 about `user_id` not being the token's user with PROVIDER_ERROR, not REAUTH_REQUIRED", async () => {
        const { account, token } = t.connect({ scopes: ALL_SCOPES });
        t.answerOnce(account.id, {
          route: LIST_FOLLOWED,
          status: 401,
          body: {
            error: 'Unauthorized',
            status: 401,
            message: "The ID in user_id must match the user ID found in the request's OAuth token.",
          },
        });
        const { errors } = await followedOf(token, account.id);
        expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'twitch', accountId: account.id }]);
      });

      it("asks `GET /users` for the account's Twitch id when Clerk's record has none, once per field", async () => {
        const { account, token } = t.connect({ providerUserId: '', scopes: ALL_SCOPES });
        const follow = (n: number): TwitchFollowJson => ({
          broadcaster_id: String(11_000 + n),
          broadcaster_login: `channel${n}`,
          broadcaster_name: `Channel${n}`,
          followed_at: '2022-05-24T22:22:08Z',
        });
        t.answerOnce(account.id, {
          route: 'twitch.getUsers',
          status: 200,
          times: 1,
          body: { data: [{ id: '141981764', login: 'twitchdev', display_name: 'TwitchDev' }] },
        });
        // A short first page with a cursor: the connection page needs Twitch's second page too.
        t.answerOnce(account.id, {
          route: LIST_FOLLOWED,
          status: 200,
          times: 1,
          body: {
            total: 61,
            data: Array.from({ length: 60 }, (_, n) => follow(n)),
            pagination: { cursor: 'eyJiIjpudWxsLCJhIjp7Ik9mZnNldCI6NjB9fQ==' },
          },
        });
        t.answerOnce(account.id, {
          route: LIST_FOLLOWED,
          status: 200,
          times: 1,
          body: { total: 61, data: [follow(60)], pagination: {} },
        });
        t.emulator.calls.reset();
        const { value, errors } = await followedOf(token, account.id, 100);
        expect(errors).toEqual([]);
        expect(value?.edges).toHaveLength(61);
        expect(
          t.emulator.calls
            .all()
            .filter((call) => call.service === 'twitch')
            .map((call) => [call.path, call.query.user_id]),
        ).toEqual([
          ['/users', undefined],
          ['/channels/followed', '141981764'],
          ['/channels/followed', '141981764'],
        ]);
      });

      it.each([0, 101])('refuses `first: %i` with BAD_USER_INPUT, before any call', async (first) => {
        const { account, token } = t.connect({ scopes: ALL_SCOPES });
        t.emulator.calls.reset();
        const { value, errors } = await followedOf(token, account.id, first);
        expect(value).toBeNull();
        expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        expect(t.emulator.calls.count({ service: 'twitch' })).toBe(0);
      });
    });

    describe('the emulator: followed channels', () => {
      async function followed(accountToken: string, query: string) {
        const response = await t.callApi(`/channels/followed${query}`, {
          token: accountToken,
          headers: { 'client-id': EMULATED_TWITCH_CLIENT_ID },
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      }

      it('answers `total`, `data` and a cursor until the last page, where `pagination` is `{}`', async () => {
        const { account } = t.connect({ providerUserId: '141981764', scopes: ALL_SCOPES });
        twitch().setFollows(account.id, { count: 7 });
        const first = await followed(account.accessToken, '?user_id=141981764&first=5');
        expect(first.status).toBe(200);
        expect(Object.keys(first.body)).toEqual(['total', 'data', 'pagination']);
        expect(first.body.total).toBe(7);
        const [follow] = first.body.data as TwitchFollowJson[];
        expect(Object.keys(follow ?? {})).toEqual([
          'broadcaster_id',
          'broadcaster_login',
          'broadcaster_name',
          'followed_at',
        ]);
        expect(follow?.followed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        const cursor = (first.body.pagination as { cursor: string }).cursor;
        const last = await followed(account.accessToken, `?user_id=141981764&first=5&after=${cursor}`);
        expect((last.body.data as unknown[]).length).toBe(2);
        expect(last.body.pagination).toEqual({});
      });

      it("answers Twitch's refusals: no scope (401), another user's id (401), `first` over 100 (400)", async () => {
        const unauthorized = (message: string) => ({
          status: 401,
          body: { error: 'Unauthorized', status: 401, message },
        });
        const noScope = t.connect({ providerUserId: '141981764', scopes: ['user:read:email'] });
        expect(await followed(noScope.account.accessToken, '?user_id=141981764')).toMatchObject(
          unauthorized('Missing scope: user:read:follows'),
        );
        const { account } = t.connect({ providerUserId: '141981764', scopes: ALL_SCOPES });
        expect(await followed(account.accessToken, '?user_id=12826')).toMatchObject(
          unauthorized("The ID in user_id must match the user ID found in the request's OAuth token."),
        );
        expect(await followed(account.accessToken, '?user_id=141981764&first=101')).toMatchObject({
          status: 400,
          body: {
            error: 'Bad Request',
            status: 400,
            message: 'The parameter "first" was malformed: the value must be less than or equal to 100',
          },
        });
      });
    });
  },
);
