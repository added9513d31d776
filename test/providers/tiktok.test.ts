import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { TikTokEmulator } from '../../src/providers/tiktok/emulator.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';

const Videos = parse(`
  query TikTokVideos($account: ID!, $first: Int, $after: String) {
    me {
      connectedAccount(id: $account) {
        tiktokVideos(first: $first, after: $after) {
          edges {
            node {
              id title description createdAt url coverImageUrl embedUrl durationSeconds
              viewCount likeCount commentCount shareCount
            }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

const VIDEO_FIELDS =
  'id,title,video_description,create_time,share_url,cover_image_url,embed_link,duration,view_count,like_count,comment_count,share_count';
const VIDEO_SCOPES = ['user.info.basic', 'video.list'];

const OPEN_ID = '723f24d7-e717-40f8-a2b6-cb8464cd23b4';
const BASIC_FIELDS = 'open_id,union_id,avatar_url,display_name';

interface TikTokAnswer {
  data: { user: Record<string, unknown> };
  error: { code: string; message: string; log_id: string };
}

/** TikTok's envelope with an error code. */
function envelope(code: string, message = '') {
  return { data: {}, error: { code, message, log_id: '20220829194722CBE87ED59D524E727021' } };
}

// With Clerk's default `user.info.basic`: no username and no profile link (they need `user.info.profile`).
describeProvider(
  {
    provider: 'tiktok',
    account: { providerUserId: OPEN_ID, username: 'tiktoker', firstName: 'Tik', lastName: 'Toker' },
    expected: (account) => ({ id: OPEN_ID, name: 'Tik Toker', avatarUrl: account.imageUrl }),
  },
  (t) => {
    const GET_USER_INFO = 'tiktok.getUserInfo';
    const LIST_VIDEOS = 'tiktok.listVideos';
    const tiktok = () => t.emulator.providers.tiktok as TikTokEmulator;

    describeListField(t, {
      field: 'tiktokVideos',
      selection: 'id title createdAt url coverImageUrl',
      // 87 videos, a few held back by TikTok: its pages of 20 come back short while `has_more` holds.
      seed: (emulator, account) => {
        const api = emulator.providers.tiktok as TikTokEmulator;
        api.setVideos(account.id, { count: 87 });
        const ids = api.videos(account.id).map((video) => video.id);
        const heldBack = [ids[0], ids[19], ids[20], ids[21], ids[86]] as string[];
        api.setVideos(account.id, api.videos(account.id), { heldBack });
        return ids.filter((id) => !heldBack.includes(id));
      },
      route: LIST_VIDEOS,
    });

    async function videosOf(token: string, accountId: string, first?: number) {
      const response = await t.stack.query(Videos, { account: accountId, first } as never, { token });
      const body = response.body as {
        data?: { me: { connectedAccount: { tiktokVideos: unknown } | null } | null } | null;
        errors?: { extensions?: Record<string, unknown> }[];
      };
      return {
        value: body.data?.me?.connectedAccount?.tiktokVideos as
          | { edges: { node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean } }
          | null
          | undefined,
        errors: (body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    }

    describe('tiktokVideos', () => {
      it('lists the default videos, 20 a page, the cursor of each page in the next body', async () => {
        const { account, token } = t.connect({ scopes: VIDEO_SCOPES });
        t.emulator.calls.reset();
        const { value, errors } = await videosOf(token, account.id, 45);
        expect(errors).toEqual([]);
        const stored = tiktok().videos(account.id);
        expect(stored.length).toBeGreaterThan(40);
        expect(value?.edges.map((edge) => edge.node.id)).toEqual(
          stored.slice(0, 45).map((video) => video.id),
        );
        const calls = t.emulator.calls.all().filter((call) => call.route === LIST_VIDEOS);
        expect(calls.map((call) => [call.method, call.path, call.query])).toEqual([
          ['POST', '/v2/video/list/', { fields: VIDEO_FIELDS }],
          ['POST', '/v2/video/list/', { fields: VIDEO_FIELDS }],
          ['POST', '/v2/video/list/', { fields: VIDEO_FIELDS }],
        ]);
        expect(
          tiktok()
            .videoListRequests(account.id)
            .map((request) => request.body),
        ).toEqual([
          { max_count: 20 },
          { max_count: 20, cursor: (stored[19]?.create_time ?? 0) * 1000 },
          { max_count: 20, cursor: (stored[39]?.create_time ?? 0) * 1000 },
        ]);
      });

      it('maps a video: seconds to a time, empty text as null, missing counts as null, big view counts', async () => {
        const { account, token } = t.connect({ scopes: VIDEO_SCOPES });
        t.answerOnce(account.id, {
          route: LIST_VIDEOS,
          status: 200,
          body: {
            data: {
              videos: [
                {
                  id: '7080213458555737986',
                  title: 'my first video',
                  video_description: 'first! #fyp',
                  cover_image_url: 'https://p16-sign.tiktokcdn-us.com/obj/cover.jpeg',
                  share_url: 'https://www.tiktok.com/@tiktoker/video/7080213458555737986',
                  embed_link: 'https://www.tiktok.com/player/v1/7080213458555737986',
                  create_time: 1648767960,
                  duration: 15,
                  view_count: 3_000_000_000,
                  like_count: 120,
                  comment_count: 4,
                  share_count: 2,
                },
                {
                  id: '7080213458555737985',
                  title: '',
                  video_description: '',
                  share_url: 'https://www.tiktok.com/@tiktoker/video/7080213458555737985',
                  create_time: 1648767000,
                },
              ],
              cursor: 1648767000000,
              has_more: false,
            },
            error: { code: 'ok', message: '', log_id: '202208292049190101131370880A20A1B4' },
          },
        });
        const { value, errors } = await videosOf(token, account.id);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node)).toEqual([
          {
            id: '7080213458555737986',
            title: 'my first video',
            description: 'first! #fyp',
            createdAt: '2022-03-31T23:06:00.000Z',
            url: 'https://www.tiktok.com/@tiktoker/video/7080213458555737986',
            coverImageUrl: 'https://p16-sign.tiktokcdn-us.com/obj/cover.jpeg',
            embedUrl: 'https://www.tiktok.com/player/v1/7080213458555737986',
            durationSeconds: 15,
            viewCount: 3_000_000_000,
            likeCount: 120,
            commentCount: 4,
            shareCount: 2,
          },
          {
            id: '7080213458555737985',
            title: null,
            description: null,
            createdAt: '2022-03-31T22:50:00.000Z',
            url: 'https://www.tiktok.com/@tiktoker/video/7080213458555737985',
            coverImageUrl: null,
            embedUrl: null,
            durationSeconds: null,
            viewCount: null,
            likeCount: null,
            commentCount: null,
            shareCount: null,
          },
        ]);
      });

      it('goes on past a page TikTok answers empty while `has_more` is true', async () => {
        const { account, token } = t.connect({ scopes: VIDEO_SCOPES });
        tiktok().setVideos(account.id, { count: 30 });
        const ids = tiktok()
          .videos(account.id)
          .map((video) => video.id);
        tiktok().setVideos(account.id, tiktok().videos(account.id), { heldBack: ids.slice(0, 20) });
        const { value, errors } = await videosOf(token, account.id, 50);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node.id)).toEqual(ids.slice(20));
      });

      it("answers TikTok's 401 scope_not_authorized on the list with MISSING_SCOPES", async () => {
        const { account, token } = t.connect({ scopes: VIDEO_SCOPES });
        t.answerOnce(account.id, {
          route: LIST_VIDEOS,
          status: 401,
          body: envelope('scope_not_authorized', 'The user did not authorize the scope.'),
        });
        const { value, errors } = await videosOf(token, account.id);
        expect(value).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'tiktok',
            accountId: account.id,
            requiredScopes: ['video.list'],
            acceptedScopes: [['video.list']],
            grantedScopes: VIDEO_SCOPES,
          },
        ]);
      });

      it.each([0, 101])('refuses `first: %i` with BAD_USER_INPUT, before any call', async (first) => {
        const { account, token } = t.connect({ scopes: VIDEO_SCOPES });
        t.emulator.calls.reset();
        const { value, errors } = await videosOf(token, account.id, first);
        expect(value).toBeNull();
        expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        expect(t.emulator.calls.count({ service: 'tiktok' })).toBe(0);
      });
    });

    describe('the emulated video list', () => {
      async function list(token: string, body: unknown, fields: string | null = 'id,create_time') {
        const query = fields === null ? '' : `?${new URLSearchParams({ fields })}`;
        const response = await t.callApi(`/v2/video/list/${query}`, {
          method: 'POST',
          token,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return {
          status: response.status,
          body: (await response.json()) as {
            data: { videos: { id: string; create_time: number }[]; cursor: number; has_more: boolean };
            error: { code: string };
          },
        };
      }

      it('answers 10 videos by default, then those before the cursor', async () => {
        const { account } = t.connect({ scopes: VIDEO_SCOPES });
        const stored = tiktok().videos(account.id);
        const first = await list(account.accessToken, {});
        expect(first.status).toBe(200);
        expect(first.body.error.code).toBe('ok');
        expect(first.body.data.videos).toEqual(
          stored.slice(0, 10).map((video) => ({ id: video.id, create_time: video.create_time })),
        );
        expect(first.body.data).toMatchObject({
          cursor: (stored[9]?.create_time ?? 0) * 1000,
          has_more: true,
        });
        const next = await list(account.accessToken, { max_count: 20, cursor: first.body.data.cursor });
        expect(next.body.data.videos.map((video) => video.id)).toEqual(
          stored.slice(10, 30).map((video) => video.id),
        );
      });

      it.each([0, 21])('refuses max_count %i with 400 invalid_params', async (maxCount) => {
        const { account } = t.connect({ scopes: VIDEO_SCOPES });
        const { status, body } = await list(account.accessToken, { max_count: maxCount });
        expect(status).toBe(400);
        expect(body.error.code).toBe('invalid_params');
      });

      it('requires `fields`', async () => {
        const { account } = t.connect({ scopes: VIDEO_SCOPES });
        const { status, body } = await list(account.accessToken, { max_count: 20 }, null);
        expect(status).toBe(400);
        expect(body.error.code).toBe('invalid_params');
      });

      it('refuses a token without video.list with 401 scope_not_authorized', async () => {
        const { account } = t.connect();
        const { status, body } = await list(account.accessToken, { max_count: 20 });
        expect(status).toBe(401);
        expect(body).toEqual({
          data: {},
          error: {
            code: 'scope_not_authorized',
            message: 'The user did not authorize the scope required for completing this request.',
            log_id: expect.any(String),
          },
        });
      });
    });

    function fieldsAsked(accountId: string): string | undefined {
      return t.emulator.calls.all().find((call) => call.accountId === accountId)?.query.fields;
    }

    it('asks only for the basic fields with the basic scope', async () => {
      const { account, token } = t.connect();
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(fieldsAsked(account.id)).toBe(BASIC_FIELDS);
    });

    it('reads the username and profile link when the account granted `user.info.profile`', async () => {
      const { account, token } = t.connect({
        providerUserId: OPEN_ID,
        username: 'tiktoker',
        scopes: ['user.info.basic', 'user.info.profile'],
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(fieldsAsked(account.id)).toBe(`${BASIC_FIELDS},username,profile_deep_link`);
      expect(profile).toMatchObject({ id: OPEN_ID, username: 'tiktoker' });
      expect(profile?.url).toMatch(/^https:\/\/vm\.tiktok\.com\/ZM[0-9A-F]+\/$/);
    });

    it('reads scopes TikTok-style joined with commas', async () => {
      const { account, token } = t.connect({
        username: 'tiktoker',
        scopes: ['user.info.basic', 'user.info.profile,user.info.stats'],
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(fieldsAsked(account.id)).toBe(`${BASIC_FIELDS},username,profile_deep_link`);
      expect(profile?.username).toBe('tiktoker');
    });

    it('reads the 401 `scope_not_authorized` as MISSING_SCOPES, not as a refused token', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: GET_USER_INFO,
        status: 401,
        body: envelope('scope_not_authorized', 'The user did not authorize the scope.'),
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        {
          code: 'MISSING_SCOPES',
          provider: 'tiktok',
          accountId: account.id,
          requiredScopes: ['user.info.basic'],
          acceptedScopes: [['user.info.basic']],
          grantedScopes: ['user.info.basic'],
        },
      ]);
    });

    it('reads `access_token_invalid` on an HTTP 200 as a refused token: REAUTH_REQUIRED', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, { route: GET_USER_INFO, status: 200, body: envelope('access_token_invalid') });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: 'tiktok', accountId: account.id }]);
    });

    it('reads `rate_limit_exceeded` on an HTTP 200 as RATE_LIMITED', async () => {
      const { account, token } = t.connect();
      const reset = String(Math.ceil(Date.now() / 1000) + 20);
      t.answerOnce(account.id, {
        route: GET_USER_INFO,
        status: 200,
        body: envelope('rate_limit_exceeded'),
        headers: { 'x-ratelimit-reset': reset },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toMatchObject([{ code: 'RATE_LIMITED', provider: 'tiktok', accountId: account.id }]);
      expect(errors[0]?.retryAfter).toBeGreaterThanOrEqual(19);
      expect(errors[0]?.retryAfter).toBeLessThanOrEqual(21);
    });

    // The unit of `x-ratelimit-reset` is unverified (docs/providers.md#tiktok, "Rate limits").
    it('reads a 429 `x-ratelimit-reset` as epoch seconds', async () => {
      const { account, token } = t.connect();
      const reset = String(Math.ceil(Date.now() / 1000) + 45);
      t.answerOnce(account.id, {
        route: GET_USER_INFO,
        status: 429,
        body: envelope('rate_limit_exceeded'),
        headers: { 'x-ratelimit-reset': reset },
      });
      const { errors } = await t.profileOf(token);
      expect(errors[0]?.retryAfter).toBeGreaterThanOrEqual(44);
      expect(errors[0]?.retryAfter).toBeLessThanOrEqual(46);
    });

    it('reads a 429 `x-ratelimit-reset` too small for epoch seconds as seconds from now', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: GET_USER_INFO,
        status: 429,
        body: envelope('rate_limit_exceeded'),
        headers: { 'x-ratelimit-reset': '15' },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'tiktok', accountId: account.id, retryAfter: 15 },
      ]);
    });

    it('waits a minute on a 429 without `x-ratelimit-reset`', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, { route: GET_USER_INFO, status: 429, body: envelope('rate_limit_exceeded') });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'tiktok', accountId: account.id, retryAfter: 60 },
      ]);
    });

    it('answers another error code on an HTTP 200 with PROVIDER_ERROR', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: GET_USER_INFO,
        status: 200,
        body: envelope('invalid_params', 'Invalid fields.'),
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'tiktok', accountId: account.id }]);
    });

    describe('the emulator', () => {
      async function userInfo(token: string | undefined, fields?: string) {
        const query = fields === undefined ? '' : `?${new URLSearchParams({ fields })}`;
        const response = await t.callApi(`/v2/user/info/${query}`, token === undefined ? {} : { token });
        return {
          status: response.status,
          headers: response.headers,
          body: (await response.json()) as TikTokAnswer,
        };
      }

      it('answers the requested fields in the envelope of the reference example', async () => {
        const { account } = t.connect({ providerUserId: OPEN_ID });
        const { status, body } = await userInfo(
          t.emulator.clerk.currentAccessToken(account.id),
          BASIC_FIELDS,
        );
        expect(status).toBe(200);
        expect(Object.keys(body.data.user)).toEqual(['open_id', 'union_id', 'avatar_url', 'display_name']);
        expect(body.data.user.open_id).toBe(OPEN_ID);
        expect(body.error).toEqual({
          code: 'ok',
          message: '',
          log_id: expect.stringMatching(/^\d{14}[0-9A-F]{20}$/),
        });
      });

      it('refuses a field whose scope the token lacks with 401 `scope_not_authorized`', async () => {
        const { account } = t.connect();
        const { status, body } = await userInfo(
          t.emulator.clerk.currentAccessToken(account.id),
          'open_id,follower_count',
        );
        expect(status).toBe(401);
        expect(body.error.code).toBe('scope_not_authorized');
      });

      it('requires `fields`', async () => {
        const { account } = t.connect();
        const { status, body } = await userInfo(t.emulator.clerk.currentAccessToken(account.id));
        expect(status).toBe(400);
        expect(body.error.code).toBe('invalid_params');
      });

      it('answers a refused token with 401 `access_token_invalid`', async () => {
        const { status, body } = await userInfo('act.unknown', BASIC_FIELDS);
        expect(status).toBe(401);
        expect(body).toEqual({
          data: {},
          error: {
            code: 'access_token_invalid',
            message: 'The access token is invalid or not found in the request.',
            log_id: expect.any(String),
          },
        });
      });

      it('answers a rate limit with 429 `rate_limit_exceeded` and the reset in epoch seconds', async () => {
        const { account } = t.connect();
        t.emulator.providers.tiktok?.rateLimit(account.id, { retryAfterSeconds: 30 });
        const { status, headers, body } = await userInfo(
          t.emulator.clerk.currentAccessToken(account.id),
          BASIC_FIELDS,
        );
        expect(status).toBe(429);
        expect(body.error.code).toBe('rate_limit_exceeded');
        const reset = Number(headers.get('x-ratelimit-reset'));
        expect(reset - Date.now() / 1000).toBeGreaterThan(28);
        expect(reset - Date.now() / 1000).toBeLessThanOrEqual(31);
      });
    });
  },
);
