import { describe, expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

/** The Dropbox example account of docs/providers.md#dropbox. */
const FRANZ = {
  providerUserId: 'dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc',
  firstName: 'Franz',
  lastName: 'Ferdinand',
  email: 'franz@example.com',
};

const CALL_ERROR = 'Error in call to API function "users/get_current_account"';

describeProvider(
  {
    provider: 'dropbox',
    account: FRANZ,
    expected: (account) => ({
      id: FRANZ.providerUserId,
      name: 'Franz Ferdinand',
      email: 'franz@example.com',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    /** `POST /users/get_current_account` straight to the emulator, as any client could send it. */
    function getCurrentAccount(options: { token?: string; contentType?: string; body?: string }) {
      return t.callApi('/users/get_current_account', {
        method: 'POST',
        ...(options.token === undefined ? {} : { token: options.token }),
        headers: options.contentType === undefined ? {} : { 'content-type': options.contentType },
        ...(options.body === undefined ? {} : { body: options.body }),
      });
    }

    describe('the emulator', () => {
      it("answers the account in the shape of Dropbox's FullAccount", async () => {
        const { account } = t.connect();
        const response = await getCurrentAccount({
          token: account.accessToken,
          contentType: 'application/json',
          body: 'null',
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json');
        expect(await response.json()).toEqual({
          account_id: FRANZ.providerUserId,
          name: {
            given_name: 'Franz',
            surname: 'Ferdinand',
            familiar_name: 'Franz',
            display_name: 'Franz Ferdinand',
            abbreviated_name: 'FF',
          },
          email: 'franz@example.com',
          email_verified: true,
          disabled: false,
          country: 'US',
          locale: 'en',
          referral_link: expect.stringMatching(/^https:\/\/db\.tt\/\w+$/),
          is_paired: false,
          account_type: { '.tag': 'basic' },
          root_info: {
            '.tag': 'user',
            root_namespace_id: expect.stringMatching(/^\d+$/),
            home_namespace_id: expect.stringMatching(/^\d+$/),
          },
          profile_photo_url: account.imageUrl,
        });
      });

      it('takes no body without a Content-Type, or the JSON null', async () => {
        const { account } = t.connect();
        expect((await getCurrentAccount({ token: account.accessToken })).status).toBe(200);
        const charset = await getCurrentAccount({
          token: account.accessToken,
          contentType: 'application/json; charset=utf-8',
          body: 'null',
        });
        expect(charset.status).toBe(200);
      });

      it.each([
        [
          'an empty JSON body',
          'application/json',
          '',
          `${CALL_ERROR}: request body: could not decode input as JSON`,
        ],
        ['an argument', 'application/json', '{}', `${CALL_ERROR}: request body: expected null, got value`],
        [
          'a form',
          'application/x-www-form-urlencoded',
          'a=b',
          `${CALL_ERROR}: Bad HTTP "Content-Type" header: "application/x-www-form-urlencoded".  Expecting one of "application/json", "application/json; charset=utf-8", "text/plain; charset=dropbox-cors-hack".`,
        ],
      ])('refuses %s with a plain-text 400', async (_case, contentType, body, message) => {
        const { account } = t.connect();
        const response = await getCurrentAccount({ token: account.accessToken, contentType, body });
        expect(response.status).toBe(400);
        expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(await response.text()).toBe(message);
      });

      it('tags a refused token with the reason', async () => {
        const { account } = t.connect();
        const expiredToken = account.accessToken;
        t.emulator.clerk.expireAccessToken(account.id);
        const expired = await getCurrentAccount({ token: expiredToken });
        expect(expired.status).toBe(401);
        expect(await expired.json()).toEqual({
          error_summary: 'expired_access_token/..',
          error: { '.tag': 'expired_access_token' },
        });
        const unknown = await getCurrentAccount({ token: 'sl.not-a-token' });
        expect(unknown.status).toBe(401);
        expect(await unknown.json()).toMatchObject({ error: { '.tag': 'invalid_access_token' } });
        const anonymous = await getCurrentAccount({});
        expect(anonymous.status).toBe(400);
        expect(await anonymous.text()).toMatch(/Must provide HTTP header "Authorization"/);
      });

      it('answers a token without account_info.read with a 401 missing_scope', async () => {
        const { account } = t.connect({ scopes: ['files.metadata.read'] });
        const response = await getCurrentAccount({ token: account.accessToken });
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({
          error_summary: 'missing_scope/..',
          error: { '.tag': 'missing_scope', required_scope: 'account_info.read' },
        });
      });

      it('states the wait of a rate limit in Retry-After and in the body', async () => {
        const { account } = t.connect();
        t.emulator.providers.dropbox?.rateLimit(account.id, { retryAfterSeconds: 300 });
        const response = await getCurrentAccount({ token: account.accessToken });
        expect(response.status).toBe(429);
        expect(response.headers.get('retry-after')).toBe('300');
        expect(await response.json()).toEqual({
          error_summary: 'too_many_requests/...',
          error: { reason: { '.tag': 'too_many_requests' }, retry_after: 300 },
        });
      });
    });

    describe('the gateway', () => {
      it('sends the JSON null the endpoint takes', async () => {
        const { token } = t.connect();
        const { errors } = await t.profileOf(token);
        expect(errors).toEqual([]);
        expect(t.emulator.calls.all().at(-1)).toMatchObject({
          route: 'dropbox.getCurrentAccount',
          status: 200,
        });
      });

      it('answers a 401 missing_scope with MISSING_SCOPES, without asking Clerk for a fresh token', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          status: 401,
          body: {
            error_summary: 'missing_scope/..',
            error: { '.tag': 'missing_scope', required_scope: 'account_info.read' },
          },
        });
        expect((await t.profileOf(token)).errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'dropbox',
            accountId: account.id,
            requiredScopes: ['account_info.read'],
            grantedScopes: ['account_info.read'],
          },
        ]);
        expect(t.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId: account.userId })).toBe(
          1,
        );
      });

      it('answers the other 401 tags with REAUTH_REQUIRED after one fresh token', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          status: 401,
          body: { error_summary: 'user_suspended/...', error: { '.tag': 'user_suspended' } },
        });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'REAUTH_REQUIRED', provider: 'dropbox', accountId: account.id },
        ]);
        expect(t.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId: account.userId })).toBe(
          2,
        );
      });

      it("reads a rate limit's wait from the body when Retry-After is missing", async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          status: 429,
          body: {
            error_summary: 'too_many_requests/...',
            error: { reason: { '.tag': 'too_many_requests' }, retry_after: 7 },
          },
        });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'RATE_LIMITED', provider: 'dropbox', accountId: account.id, retryAfter: 7 },
        ]);
      });
    });
  },
);
