import { describe, expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

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
