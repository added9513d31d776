import { describe, expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

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
  },
);
