import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { SlackEmulator } from '../../src/providers/slack/emulator.js';
import type { SlackChannelJson } from '../../src/providers/slack/fixtures.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';
import type { GraphQLResponse } from '../support/stack.js';

/** Clerk's three plus both channel scopes: what an app that lists channels asks for. */
const CHANNEL_SCOPES = ['openid', 'email', 'profile', 'channels:read', 'groups:read'];

const CHANNELS = parse(`
  query SlackChannels($account: ID!, $first: Int, $types: [SlackChannelType!], $excludeArchived: Boolean) {
    me {
      connectedAccount(id: $account) {
        slackChannels(first: $first, types: $types, excludeArchived: $excludeArchived) {
          edges {
            node { id name isPrivate isArchived isGeneral isMember isShared memberCount topic purpose createdAt }
          }
          pageInfo { hasNextPage }
        }
      }
    }
  }
`);

interface ChannelsAnswer {
  me: { connectedAccount: { slackChannels: { edges: { node: Record<string, unknown> }[] } | null } | null };
}

describeProvider(
  {
    provider: 'slack',
    account: {
      providerUserId: 'U0R7JM',
      firstName: 'Bront',
      lastName: 'Labradoodle',
      email: 'krane@slack-corp.com',
    },
    // Slack's OpenID claims have no handle and no profile URL.
    expected: (account) => ({
      id: 'U0R7JM',
      name: 'Bront Labradoodle',
      email: 'krane@slack-corp.com',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    const USER_INFO = 'slack.openidConnectUserInfo';

    it.each(['not_authed', 'invalid_auth', 'account_inactive', 'token_revoked', 'token_expired'])(
      'reads HTTP 200 `ok: false, error: %s` as a refused token: REAUTH_REQUIRED',
      async (code) => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, { route: USER_INFO, status: 200, body: { ok: false, error: code } });
        const { profile, errors } = await t.profileOf(token);
        expect(profile).toBeNull();
        expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: 'slack', accountId: account.id }]);
      },
    );

    it('reads HTTP 200 `missing_scope` as MISSING_SCOPES with the required and granted scopes', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: USER_INFO,
        status: 200,
        body: { ok: false, error: 'missing_scope', needed: 'openid', provided: 'email,profile' },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        {
          code: 'MISSING_SCOPES',
          provider: 'slack',
          accountId: account.id,
          requiredScopes: ['openid'],
          acceptedScopes: [['openid']],
          grantedScopes: ['openid', 'email', 'profile'],
        },
      ]);
    });

    it('reads `ratelimited` with its Retry-After, on a 200 as on a 429', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: USER_INFO,
        status: 200,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'Retry-After': '7' },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'slack', accountId: account.id, retryAfter: 7 },
      ]);
    });

    it('answers any other `ok: false` with PROVIDER_ERROR, never as a profile', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: USER_INFO,
        status: 200,
        body: { ok: false, error: 'invalid_arguments' },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'slack', accountId: account.id }]);
    });

    it('has only the id when the token lacks the `email` and `profile` scopes', async () => {
      const { account, token } = t.connect({ providerUserId: 'U0R7JN', scopes: ['openid'] });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toEqual({
        id: 'U0R7JN',
        username: null,
        name: null,
        email: null,
        avatarUrl: null,
        url: null,
        source: 'PROVIDER',
      });
      expect(t.emulator.calls.count({ service: 'slack', accountId: account.id })).toBe(1);
    });

    describe('the emulator', () => {
      async function userInfo(token?: string) {
        const response = await t.callApi('/openid.connect.userInfo', token === undefined ? {} : { token });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      }

      it('answers the claims of the reference example', async () => {
        const { account } = t.connect({ providerUserId: 'U0R7JO', email: 'krane@slack-corp.com' });
        const { status, body } = await userInfo(t.emulator.clerk.currentAccessToken(account.id));
        expect(status).toBe(200);
        expect(Object.keys(body)).toEqual([
          'ok',
          'sub',
          'https://slack.com/user_id',
          'https://slack.com/team_id',
          'email',
          'email_verified',
          'date_email_verified',
          'name',
          'picture',
          'given_name',
          'family_name',
          'locale',
          'https://slack.com/team_name',
          'https://slack.com/team_domain',
          'https://slack.com/user_image_24',
          'https://slack.com/user_image_512',
          'https://slack.com/team_image_34',
          'https://slack.com/team_image_default',
        ]);
        expect(body).toMatchObject({ ok: true, sub: 'U0R7JO', 'https://slack.com/user_id': 'U0R7JO' });
      });

      it('answers token problems with HTTP 200 and the code that says why', async () => {
        const { account } = t.connect();
        const token = t.emulator.clerk.currentAccessToken(account.id);
        expect(await userInfo()).toEqual({ status: 200, body: { ok: false, error: 'not_authed' } });
        expect(await userInfo('xoxp-unknown')).toEqual({
          status: 200,
          body: { ok: false, error: 'invalid_auth' },
        });
        t.emulator.clerk.expireAccessToken(account.id);
        expect(await userInfo(token)).toEqual({ status: 200, body: { ok: false, error: 'token_expired' } });
        t.emulator.clerk.revokeAtProvider(account.id);
        expect(await userInfo(token)).toEqual({ status: 200, body: { ok: false, error: 'token_revoked' } });
      });

      it('refuses a token without `openid` with `missing_scope`', async () => {
        const { account } = t.connect({ scopes: ['email', 'profile'] });
        const { status, body } = await userInfo(t.emulator.clerk.currentAccessToken(account.id));
        expect({ status, body }).toEqual({
          status: 200,
          body: { ok: false, error: 'missing_scope', needed: 'openid', provided: 'email,profile' },
        });
      });

      it('answers a rate limit with 429, `ratelimited` and Retry-After', async () => {
        const { account } = t.connect();
        t.emulator.providers.slack?.rateLimit(account.id, { retryAfterSeconds: 12 });
        const response = await t.callApi('/openid.connect.userInfo', {
          token: t.emulator.clerk.currentAccessToken(account.id),
        });
        expect(response.status).toBe(429);
        expect(response.headers.get('retry-after')).toBe('12');
        expect(await response.json()).toEqual({ ok: false, error: 'ratelimited' });
      });
    });

    describe('slackChannels', () => {
      const LIST = 'slack.conversationsList';
      const slack = () => t.emulator.providers.slack as SlackEmulator;

      describeListField(t, {
        field: 'slackChannels',
        selection: 'id name isPrivate isArchived memberCount topic',
        account: { scopes: CHANNEL_SCOPES },
        // Two short pages (Slack's "fewer than the requested number") and a partial one at 200.
        seed: (emulator, account) => {
          const api = emulator.providers.slack as SlackEmulator;
          api.setChannels(account.id, { count: 437 }, { unevenPages: true });
          return api.channels(account.id).map((channel) => channel.id);
        },
        route: LIST,
      });

      async function channelsOf(
        token: string,
        accountId: string,
        args: { first?: number; types?: string[]; excludeArchived?: boolean } = {},
      ) {
        const response = (await t.stack.query(
          CHANNELS,
          { account: accountId, first: 100, ...args } as never,
          {
            token,
          },
        )) as GraphQLResponse<ChannelsAnswer>;
        return {
          nodes:
            response.body.data?.me?.connectedAccount?.slackChannels?.edges.map((edge) => edge.node) ?? null,
          errors: (response.body.errors ?? []).map((error) => error.extensions ?? {}),
        };
      }

      function channel(overrides: Partial<SlackChannelJson>): SlackChannelJson {
        const [base] = slack().channels(t.connect({ scopes: CHANNEL_SCOPES }).account.id);
        if (!base) throw new Error('no default channel');
        return { ...base, ...overrides };
      }

      it("maps Slack's channel: `''` topic and purpose to null, `created` to UTC, no `num_members` to null", async () => {
        const { account, token } = t.connect({ scopes: CHANNEL_SCOPES });
        const { num_members: _members, ...withoutCount } = channel({});
        slack().setChannels(account.id, [
          channel({
            id: 'C012AB3CD',
            name: 'general',
            is_general: true,
            created: 1449252889,
            topic: { value: 'Company-wide announcements', creator: 'U012A3CDE', last_set: 1449252900 },
            purpose: { value: '', creator: '', last_set: 0 },
            num_members: 4,
          }),
          {
            ...withoutCount,
            id: 'C061EG9T2',
            name: 'secret-plans',
            is_private: true,
            is_archived: true,
            is_general: false,
            is_member: true,
            is_ext_shared: true,
            created: 1700000000,
            topic: { value: '', creator: '', last_set: 0 },
            purpose: { value: 'Plans.', creator: 'U012A3CDE', last_set: 1700000000 },
          } as SlackChannelJson,
        ]);
        const { nodes, errors } = await channelsOf(token, account.id);
        expect(errors).toEqual([]);
        expect(nodes).toEqual([
          {
            id: 'C012AB3CD',
            name: 'general',
            isPrivate: false,
            isArchived: false,
            isGeneral: true,
            isMember: expect.any(Boolean),
            isShared: false,
            memberCount: 4,
            topic: 'Company-wide announcements',
            purpose: null,
            createdAt: '2015-12-04T18:14:49.000Z',
          },
          {
            id: 'C061EG9T2',
            name: 'secret-plans',
            isPrivate: true,
            isArchived: true,
            isGeneral: false,
            isMember: true,
            isShared: true,
            memberCount: null,
            topic: null,
            purpose: 'Plans.',
            createdAt: '2023-11-14T22:13:20.000Z',
          },
        ]);
      });

      it('asks for 200 channels a page, of every kind the granted scopes show', async () => {
        const both = t.connect({ scopes: CHANNEL_SCOPES });
        const publicOnly = t.connect({ scopes: ['openid', 'channels:read'] });
        const privateOnly = t.connect({ scopes: ['openid', 'groups:read'] });
        t.emulator.calls.reset();
        const answers = await Promise.all(
          [both, publicOnly, privateOnly].map(({ account, token }) =>
            channelsOf(token, account.id, { first: 5 }),
          ),
        );
        for (const { errors } of answers) expect(errors).toEqual([]);
        const queries = [both, publicOnly, privateOnly].map(
          ({ account }) =>
            t.emulator.calls.all().find((call) => call.service === 'slack' && call.accountId === account.id)
              ?.query,
        );
        expect(queries).toEqual([
          { limit: '200', types: 'public_channel,private_channel' },
          { limit: '200', types: 'public_channel' },
          { limit: '200', types: 'private_channel' },
        ]);
        expect(answers[1]?.nodes?.every((node) => node.isPrivate === false)).toBe(true);
        expect(answers[2]?.nodes?.every((node) => node.isPrivate === true)).toBe(true);
      });

      it('refuses a kind whose scope is missing with MISSING_SCOPES, without a call', async () => {
        const { account, token } = t.connect({ scopes: ['openid', 'channels:read'] });
        t.emulator.calls.reset();
        const { nodes, errors } = await channelsOf(token, account.id, {
          types: ['PUBLIC_CHANNEL', 'PRIVATE_CHANNEL'],
        });
        expect(nodes).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'slack',
            accountId: account.id,
            requiredScopes: ['groups:read'],
            acceptedScopes: [['groups:read']],
            grantedScopes: ['openid', 'channels:read'],
          },
        ]);
        expect(t.emulator.calls.count({ service: 'slack' })).toBe(0);
      });

      it('refuses an empty `types` with BAD_USER_INPUT', async () => {
        const { account, token } = t.connect({ scopes: CHANNEL_SCOPES });
        const { nodes, errors } = await channelsOf(token, account.id, { types: [] });
        expect(nodes).toBeNull();
        expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
      });

      it('sends `exclude_archived=true` and `types` as asked', async () => {
        const { account, token } = t.connect({ scopes: CHANNEL_SCOPES });
        t.emulator.calls.reset();
        const { nodes, errors } = await channelsOf(token, account.id, {
          types: ['PRIVATE_CHANNEL'],
          excludeArchived: true,
        });
        expect(errors).toEqual([]);
        expect(
          t.emulator.calls
            .all()
            .filter((call) => call.service === 'slack')
            .map((call) => call.query),
        ).toEqual([{ limit: '200', types: 'private_channel', exclude_archived: 'true' }]);
        const expected = slack()
          .channels(account.id)
          .filter((item) => item.is_private && !item.is_archived)
          .map((item) => item.id);
        expect(nodes?.map((node) => node.id)).toEqual(expected);
      });

      it("reads Slack's own `missing_scope` as MISSING_SCOPES with the field's scopes", async () => {
        const { account, token } = t.connect({ scopes: CHANNEL_SCOPES });
        t.answerOnce(account.id, {
          route: LIST,
          status: 200,
          body: {
            ok: false,
            error: 'missing_scope',
            needed: 'channels:read,groups:read,im:read,mpim:read',
            provided: 'openid,email,profile',
          },
        });
        const { nodes, errors } = await channelsOf(token, account.id);
        expect(nodes).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'slack',
            accountId: account.id,
            requiredScopes: ['channels:read'],
            acceptedScopes: [['channels:read', 'groups:read']],
            grantedScopes: CHANNEL_SCOPES,
          },
        ]);
      });

      it('answers any other `ok: false` (`invalid_cursor`) with PROVIDER_ERROR', async () => {
        const { account, token } = t.connect({ scopes: CHANNEL_SCOPES });
        t.answerOnce(account.id, { route: LIST, status: 200, body: { ok: false, error: 'invalid_cursor' } });
        const { nodes, errors } = await channelsOf(token, account.id);
        expect(nodes).toBeNull();
        expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'slack', accountId: account.id }]);
      });
    });

    describe('the emulator: conversations.list', () => {
      async function list(token: string, query: string) {
        const response = await t.callApi(`/conversations.list${query}`, { token });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      }

      function tokenOf(scopes = CHANNEL_SCOPES) {
        const { account } = t.connect({ scopes });
        return { account, token: t.emulator.clerk.currentAccessToken(account.id) };
      }

      it('gives every account a workspace of more than 200 channels, some private, some archived', async () => {
        const { account } = tokenOf();
        const channels = (t.emulator.providers.slack as SlackEmulator).channels(account.id);
        expect(channels.length).toBeGreaterThan(200);
        expect(channels[0]).toMatchObject({ name: 'general', is_general: true });
        expect(channels.some((channel) => channel.is_private)).toBe(true);
        expect(channels.some((channel) => channel.is_archived)).toBe(true);
        expect(channels.some((channel) => channel.topic.value === '')).toBe(true);
        expect(new Set(channels.map((channel) => channel.name)).size).toBe(channels.length);
      });

      it('pages with base64 `team:<id>` cursors and an empty `next_cursor` at the end; public channels by default', async () => {
        const { account, token } = tokenOf();
        const publicIds = (t.emulator.providers.slack as SlackEmulator)
          .channels(account.id)
          .filter((channel) => !channel.is_private)
          .map((channel) => channel.id);
        const first = await list(token, '?limit=1000');
        expect(first.status).toBe(200);
        expect(first.body).toMatchObject({ ok: true, response_metadata: { next_cursor: '' } });
        expect((first.body.channels as SlackChannelJson[]).map((channel) => channel.id)).toEqual(publicIds);
        const page = await list(token, '?limit=2');
        const cursor = (page.body.response_metadata as { next_cursor: string }).next_cursor;
        expect(Buffer.from(cursor, 'base64').toString()).toBe(`team:${publicIds[2]}`);
        const next = await list(token, `?limit=2&cursor=${encodeURIComponent(cursor)}`);
        expect((next.body.channels as SlackChannelJson[]).map((channel) => channel.id)).toEqual(
          publicIds.slice(2, 4),
        );
      });

      it.each([['1001'], ['0'], ['ten']])(
        'refuses `limit=%s` with `invalid_limit` (HTTP 200)',
        async (limit) => {
          const { token } = tokenOf();
          expect(await list(token, `?limit=${limit}`)).toEqual({
            status: 200,
            body: { ok: false, error: 'invalid_limit' },
          });
        },
      );

      it('refuses an unknown cursor with `invalid_cursor` and an unknown type with `invalid_types`', async () => {
        const { token } = tokenOf();
        expect((await list(token, '?cursor=bm9wZQ==')).body).toEqual({ ok: false, error: 'invalid_cursor' });
        expect((await list(token, '?types=public_channel,dm')).body).toEqual({
          ok: false,
          error: 'invalid_types',
        });
      });

      it('refuses a token with none of the scopes with `missing_scope`, naming every one that would do', async () => {
        const { token } = tokenOf(['openid', 'email', 'profile']);
        expect(await list(token, '')).toEqual({
          status: 200,
          body: {
            ok: false,
            error: 'missing_scope',
            needed: 'channels:read,groups:read,im:read,mpim:read',
            provided: 'openid,email,profile',
          },
        });
      });

      it('leaves out the kinds the token has no scope for', async () => {
        const { token } = tokenOf(['channels:read']);
        const { body } = await list(token, '?types=public_channel,private_channel&limit=1000');
        expect((body.channels as SlackChannelJson[]).some((channel) => channel.is_private)).toBe(false);
      });
    });
  },
);
