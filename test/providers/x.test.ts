import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { XEmulator, XPostJson } from '../../src/providers/x/emulator.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';

const Posts = parse(`
  query XPosts($account: ID!, $first: Int, $after: String, $exclude: [XPostExclusion!]) {
    me {
      connectedAccount(id: $account) {
        xPosts(first: $first, after: $after, exclude: $exclude) {
          edges {
            node {
              id text createdAt url kind lang conversationId
              likeCount repostCount replyCount quoteCount impressionCount
            }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

const TWEET_FIELDS =
  'created_at,public_metrics,conversation_id,lang,in_reply_to_user_id,referenced_tweets,note_tweet';

/** A post as the timeline answers it with the gateway's `tweet.fields`. */
function postJson(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    text: 'Learn how to use the user Tweet timeline',
    edit_history_tweet_ids: [id],
    created_at: '2026-03-01T10:15:00.000Z',
    conversation_id: id,
    lang: 'en',
    public_metrics: {
      retweet_count: 3,
      reply_count: 1,
      like_count: 12,
      quote_count: 0,
      bookmark_count: 2,
      impression_count: 480,
    },
    ...overrides,
  };
}

describeProvider(
  {
    provider: 'x',
    account: { username: 'XDevelopers', firstName: 'X', lastName: 'Dev', email: 'dev@example.com' },
    // Without `users.email` (not a Clerk default) X gives no email.
    expected: (account) => ({
      id: account.providerUserId,
      username: 'XDevelopers',
      name: 'X Dev',
      avatarUrl: account.imageUrl,
      url: 'https://x.com/XDevelopers',
    }),
  },
  (t) => {
    const LIST_POSTS = 'x.listUserPosts';
    const x = () => t.emulator.providers.x as XEmulator;

    describeListField(t, {
      field: 'xPosts',
      selection: 'id text createdAt url',
      // 250 posts, a few withheld since: X's pages of 100 come back short.
      seed: (emulator, account) => {
        const api = emulator.providers.x as XEmulator;
        api.setPosts(account.id, { count: 250 });
        const ids = api.posts(account.id).map((post) => post.id);
        const withheld = new Set([ids[3], ids[99], ids[100], ids[180]]);
        api.setPosts(account.id, api.posts(account.id), { withheld: [...withheld] as string[] });
        return ids.filter((id) => !withheld.has(id));
      },
      route: LIST_POSTS,
    });

    async function postsOf(
      token: string,
      accountId: string,
      variables: { first?: number; after?: string | undefined; exclude?: string[] } = {},
    ) {
      const response = await t.stack.query(Posts, { account: accountId, ...variables } as never, { token });
      const body = response.body as {
        data?: { me: { connectedAccount: { xPosts: unknown } | null } | null } | null;
        errors?: { extensions?: Record<string, unknown> }[];
      };
      return {
        value: body.data?.me?.connectedAccount?.xPosts as
          | {
              edges: { node: Record<string, unknown> }[];
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
            }
          | null
          | undefined,
        errors: (body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    }

    describe('xPosts', () => {
      it('gives every account more than a page of posts, asked 100 at a time with the fields it reads', async () => {
        const { account, token } = t.connect();
        t.emulator.calls.reset();
        const { value, errors } = await postsOf(token, account.id, { first: 100 });
        expect(errors).toEqual([]);
        const stored = x().posts(account.id);
        expect(stored.length).toBeGreaterThan(100);
        expect(value?.edges.map((edge) => edge.node.id)).toEqual(stored.slice(0, 100).map((post) => post.id));
        expect(value?.pageInfo.hasNextPage).toBe(true);
        const calls = t.emulator.calls.all().filter((call) => call.route === LIST_POSTS);
        expect(calls).toEqual([
          expect.objectContaining({
            method: 'GET',
            path: `/users/${account.providerUserId}/tweets`,
            query: { 'tweet.fields': TWEET_FIELDS, max_results: '100' },
          }),
        ]);
        // The next page goes on from X's token.
        t.emulator.calls.reset();
        const after = value?.pageInfo.endCursor ?? undefined;
        const next = (await postsOf(token, account.id, { first: 100, after })).value;
        expect(next?.edges.map((edge) => edge.node.id)).toEqual(stored.slice(100).map((post) => post.id));
        const [second] = t.emulator.calls.all().filter((call) => call.route === LIST_POSTS);
        expect(second?.query).toEqual({
          'tweet.fields': TWEET_FIELDS,
          max_results: '100',
          pagination_token: expect.stringMatching(/^[0-9a-z]+$/),
        });
      });

      it('maps posts: kinds, a long post in full, empty text and undetermined language as null', async () => {
        const { account, token } = t.connect({ username: 'XDevelopers' });
        const long = 'a'.repeat(400);
        t.answerOnce(account.id, {
          route: LIST_POSTS,
          status: 200,
          body: {
            data: [
              postJson('1900000000000000005'),
              postJson('1900000000000000004', {
                text: `${'a'.repeat(270)}… https://t.co/abc`,
                note_tweet: { text: long },
              }),
              postJson('1900000000000000003', {
                text: '@charles_babbage agreed',
                in_reply_to_user_id: '1473929834',
                conversation_id: '1800000000000000000',
                referenced_tweets: [{ type: 'replied_to', id: '1800000000000000000' }],
              }),
              postJson('1900000000000000002', {
                text: 'Worth reading https://t.co/xyz',
                referenced_tweets: [{ type: 'quoted', id: '1800000000000000001' }],
              }),
              postJson('1900000000000000001', {
                text: '',
                lang: 'und',
                referenced_tweets: [{ type: 'retweeted', id: '1800000000000000002' }],
                public_metrics: { retweet_count: 9, reply_count: 0, like_count: 0, quote_count: 0 },
              }),
            ],
            meta: { result_count: 5, newest_id: '1900000000000000005', oldest_id: '1900000000000000001' },
          },
        });
        const { value, errors } = await postsOf(token, account.id);
        expect(errors).toEqual([]);
        const nodes = value?.edges.map((edge) => edge.node) ?? [];
        expect(nodes[0]).toEqual({
          id: '1900000000000000005',
          text: 'Learn how to use the user Tweet timeline',
          createdAt: '2026-03-01T10:15:00.000Z',
          url: 'https://x.com/XDevelopers/status/1900000000000000005',
          kind: 'POST',
          lang: 'en',
          conversationId: '1900000000000000005',
          likeCount: 12,
          repostCount: 3,
          replyCount: 1,
          quoteCount: 0,
          impressionCount: 480,
        });
        expect(nodes[1]?.text).toBe(long);
        expect(nodes.map((node) => node.kind)).toEqual(['POST', 'POST', 'REPLY', 'QUOTE', 'REPOST']);
        expect(nodes[2]?.conversationId).toBe('1800000000000000000');
        expect(nodes[4]).toMatchObject({ text: null, lang: null, impressionCount: null, repostCount: 9 });
      });

      it.each(['yesterday', '2026-03-01T10:15:00.000'])(
        'answers a `created_at` that is no time with an offset (%s) with PROVIDER_ERROR',
        async (createdAt) => {
          const { account, token } = t.connect();
          t.answerOnce(account.id, {
            route: LIST_POSTS,
            status: 200,
            body: {
              data: [postJson('1900000000000000005', { created_at: createdAt })],
              meta: { result_count: 1 },
            },
            times: 1,
          });
          const { value, errors } = await postsOf(token, account.id);
          expect(value).toBeNull();
          expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'x', accountId: account.id }]);
        },
      );

      it("reads a timeline without posts: X's `meta` alone, without `data`", async () => {
        const { account, token } = t.connect();
        x().setPosts(account.id, []);
        const raw = await t.callApi(`/users/${account.providerUserId}/tweets?max_results=100`, {
          token: account.accessToken,
        });
        expect(await raw.json()).toEqual({ meta: { result_count: 0 } });
        const { value, errors } = await postsOf(token, account.id);
        expect(errors).toEqual([]);
        expect(value).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
      });

      it('goes on past a page X answers without posts while a next_token follows', async () => {
        const { account, token } = t.connect();
        x().setPosts(account.id, { count: 130 });
        const ids = x()
          .posts(account.id)
          .map((post) => post.id);
        // The whole first page of 100 was deleted since.
        x().setPosts(account.id, x().posts(account.id), { withheld: ids.slice(0, 100) });
        const { value, errors } = await postsOf(token, account.id, { first: 50 });
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node.id)).toEqual(ids.slice(100, 130));
      });

      it("leaves out replies and reposts when asked, with X's `exclude`", async () => {
        const { account, token } = t.connect();
        x().setPosts(account.id, { count: 60 });
        t.emulator.calls.reset();
        const { value, errors } = await postsOf(token, account.id, {
          first: 100,
          exclude: ['REPOSTS', 'REPLIES', 'REPLIES'],
        });
        expect(errors).toEqual([]);
        const expected = x()
          .posts(account.id)
          .filter(
            (post: XPostJson) =>
              !post.in_reply_to_user_id && !post.referenced_tweets?.some((r) => r.type === 'retweeted'),
          )
          .map((post) => post.id);
        expect(expected.length).toBeLessThan(60);
        expect(value?.edges.map((edge) => edge.node.id)).toEqual(expected);
        const [call] = t.emulator.calls.all().filter((record) => record.route === LIST_POSTS);
        expect(call?.query.exclude).toBe('replies,retweets');
      });

      it("answers X's 403 Forbidden for a token without the scopes with MISSING_SCOPES", async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          route: LIST_POSTS,
          status: 403,
          headers: { 'content-type': 'application/problem+json' },
          body: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'Forbidden' },
        });
        const { value, errors } = await postsOf(token, account.id);
        expect(value).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'x',
            accountId: account.id,
            requiredScopes: ['tweet.read', 'users.read'],
            acceptedScopes: [['tweet.read'], ['users.read']],
            grantedScopes: ['users.read', 'tweet.read'],
          },
        ]);
      });

      it("answers X's 403 client-not-enrolled on the timeline with PROVIDER_ERROR", async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          route: LIST_POSTS,
          status: 403,
          body: {
            title: 'Client Forbidden',
            reason: 'client-not-enrolled',
            type: 'https://api.twitter.com/2/problems/client-forbidden',
          },
        });
        expect((await postsOf(token, account.id)).errors).toEqual([
          { code: 'PROVIDER_ERROR', provider: 'x', accountId: account.id },
        ]);
      });

      it("asks /users/me for the account's X id when Clerk's record has none", async () => {
        const { account, token } = t.connect({ providerUserId: '' });
        t.answerOnce(account.id, {
          route: 'x.getMe',
          status: 200,
          body: { data: { id: '2244994945', name: 'X Dev', username: 'XDevelopers' } },
        });
        t.answerOnce(account.id, {
          route: LIST_POSTS,
          status: 200,
          body: { data: [postJson('1900000000000000001')], meta: { result_count: 1 } },
        });
        t.emulator.calls.reset();
        const { value, errors } = await postsOf(token, account.id);
        expect(errors).toEqual([]);
        expect(value?.edges).toHaveLength(1);
        expect(
          t.emulator.calls
            .all()
            .filter((call) => call.service === 'x')
            .map((call) => call.path),
        ).toEqual(['/users/me', '/users/2244994945/tweets']);
      });

      it.each([0, 101])('refuses `first: %i` with BAD_USER_INPUT, before any call', async (first) => {
        const { account, token } = t.connect();
        t.emulator.calls.reset();
        const { value, errors } = await postsOf(token, account.id, { first });
        expect(value).toBeNull();
        expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        expect(t.emulator.calls.count({ service: 'x' })).toBe(0);
      });
    });

    describe('the emulated timeline', () => {
      const timeline = (account: { providerUserId: string; accessToken: string }, query: string) =>
        t.callApi(`/users/${account.providerUserId}/tweets?${query}`, { token: account.accessToken });

      it.each(['4', '101', 'ten'])(
        'refuses max_results=%s with an invalid-request problem',
        async (value) => {
          const { account } = t.connect();
          const response = await timeline(account, `max_results=${value}`);
          expect(response.status).toBe(400);
          expect(await response.json()).toEqual({
            errors: [
              {
                parameters: { max_results: [value] },
                message: `The \`max_results\` query parameter value [${value}] is not between 5 and 100`,
              },
            ],
            title: 'Invalid Request',
            detail: 'One or more parameters to your request was invalid.',
            type: 'https://api.twitter.com/2/problems/invalid-request',
          });
        },
      );

      it('answers 10 posts by default, with meta, next_token and the rate-limit headers', async () => {
        const { account } = t.connect();
        const response = await timeline(account, 'tweet.fields=created_at');
        expect(response.status).toBe(200);
        expect(response.headers.get('x-rate-limit-limit')).toBe('900');
        expect(Number(response.headers.get('x-rate-limit-remaining'))).toBeLessThan(900);
        const body = (await response.json()) as {
          data: Record<string, unknown>[];
          meta: Record<string, unknown>;
        };
        const stored = x().posts(account.id);
        expect(body.data).toHaveLength(10);
        expect(Object.keys(body.data[0] ?? {})).toEqual([
          'id',
          'text',
          'edit_history_tweet_ids',
          'created_at',
        ]);
        expect(body.meta).toEqual({
          result_count: 10,
          newest_id: stored[0]?.id,
          oldest_id: stored[9]?.id,
          next_token: expect.stringMatching(/^[0-9a-z]+$/),
        });
        const next = await timeline(account, `pagination_token=${String(body.meta.next_token)}`);
        const page = (await next.json()) as { data: { id: string }[]; meta: Record<string, unknown> };
        expect(page.data.map((post) => post.id)).toEqual(stored.slice(10, 20).map((post) => post.id));
        expect(page.meta.previous_token).toEqual(expect.any(String));
      });

      it("refuses another account's or a garbled pagination_token", async () => {
        const { account } = t.connect();
        const other = t.connect().account;
        const { meta } = (await (await timeline(other, '')).json()) as { meta: { next_token: string } };
        const response = await timeline(account, `pagination_token=${meta.next_token}`);
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({
          errors: [{ parameters: { pagination_token: [meta.next_token] } }],
        });
        expect((await timeline(account, 'pagination_token=zzz')).status).toBe(400);
      });

      it('answers a token without tweet.read with the bare 403 Forbidden', async () => {
        const { account } = t.connect({ scopes: ['users.read'] });
        const response = await timeline(account, '');
        expect(response.status).toBe(403);
        expect(await response.json()).toEqual({
          title: 'Forbidden',
          type: 'about:blank',
          status: 403,
          detail: 'Forbidden',
        });
      });
    });

    /** The `user.fields` of the account's first call to X. */
    function userFieldsAsked(accountId: string): string | undefined {
      const [call] = t.emulator.calls.all().filter((record) => record.accountId === accountId);
      return call?.query['user.fields'];
    }

    it('asks for confirmed_email only when the account granted users.email, and reads it', async () => {
      const { account, token } = t.connect({
        scopes: ['users.read', 'tweet.read', 'users.email'],
        email: 'dev@example.com',
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile?.email).toBe('dev@example.com');
      expect(userFieldsAsked(account.id)).toBe('profile_image_url,confirmed_email');
    });

    it('does not ask for confirmed_email with the default scopes', async () => {
      const { account, token } = t.connect({ email: 'dev@example.com' });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile?.email).toBeNull();
      expect(userFieldsAsked(account.id)).toBe('profile_image_url');
    });

    it('reads the profile from a 200 that also carries partial errors', async () => {
      const { account, token } = t.connect({ username: 'partial' });
      t.answerOnce(account.id, {
        times: 1,
        status: 200,
        body: {
          data: { id: account.providerUserId, name: 'Partial', username: 'partial' },
          errors: [{ title: 'Not Found Error', detail: 'Could not find pinned tweet.', type: 'about:blank' }],
        },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({
        id: account.providerUserId,
        username: 'partial',
        name: 'Partial',
        avatarUrl: null,
      });
    });

    it("answers X's 403 client-not-enrolled with PROVIDER_ERROR, not a rate limit", async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 403,
        headers: { 'content-type': 'application/problem+json' },
        body: {
          client_id: '123456',
          detail:
            'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project.',
          registration_url: 'https://developer.twitter.com/en/docs/projects/overview',
          title: 'Client Forbidden',
          required_enrollment: 'Appropriate Level of API Access',
          reason: 'client-not-enrolled',
          type: 'https://api.twitter.com/2/problems/client-forbidden',
        },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'x', accountId: account.id }]);
    });

    it('waits a minute on a 429 without x-rate-limit-reset', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 429,
        body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'x', accountId: account.id, retryAfter: 60 },
      ]);
    });
  },
);
