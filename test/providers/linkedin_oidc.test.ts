import { describe, expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

const USER_INFO = 'linkedin_oidc.userInfo';
const CLAIMS = { sub: 'x9Kp2LmQ', name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace' };

describeProvider(
  {
    provider: 'linkedin_oidc',
    rateLimitSaysWait: false,
    account: { providerUserId: '782bbtaQ', firstName: 'John', lastName: 'Doe', email: 'doe@email.com' },
    // LinkedIn's OpenID claims have no handle and no profile URL.
    expected: (account) => ({
      id: '782bbtaQ',
      name: 'John Doe',
      email: 'doe@email.com',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    // `locale` is documented as a string but often comes as an object (docs/providers.md#linkedin): both
    // are read.
    it.each([
      ['a string', 'en-US'],
      ['an object', { country: 'US', language: 'en' }],
    ])('reads a profile whose `locale` is %s, and one without `picture`', async (_shape, locale) => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: USER_INFO,
        status: 200,
        body: { ...CLAIMS, locale, email: 'ada@example.org', email_verified: true },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toEqual({
        id: 'x9Kp2LmQ',
        username: null,
        name: 'Ada Lovelace',
        email: 'ada@example.org',
        avatarUrl: null,
        url: null,
        source: 'PROVIDER',
      });
    });

    it('has no email when the token lacks the `email` scope', async () => {
      const { token } = t.connect({ providerUserId: 'noMail01', scopes: ['openid', 'profile'] });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ id: 'noMail01', email: null });
    });

    it('reads a 403 `serviceErrorCode: 100` as MISSING_SCOPES with the required and granted scopes', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: USER_INFO,
        status: 403,
        body: {
          serviceErrorCode: 100,
          message: 'Not enough permissions to access: userinfo.GET.NO_VERSION',
          status: 403,
        },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        {
          code: 'MISSING_SCOPES',
          provider: 'linkedin_oidc',
          accountId: account.id,
          requiredScopes: ['openid'],
          acceptedScopes: [['openid']],
          grantedScopes: ['openid', 'profile', 'email'],
        },
      ]);
    });

    it('answers any other 403 with PROVIDER_ERROR', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: USER_INFO,
        status: 403,
        body: { serviceErrorCode: 2, message: 'Application is blocked', status: 403 },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'linkedin_oidc', accountId: account.id }]);
    });

    it('waits the default minute on a bare 429, as LinkedIn sends no rate-limit headers', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: USER_INFO,
        status: 429,
        body: { message: 'Resource level throttle limit reached.', status: 429 },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'linkedin_oidc', accountId: account.id, retryAfter: 60 },
      ]);
    });

    describe('the emulator', () => {
      const userInfo = (token: string) => t.callApi('/v2/userinfo', { token });

      it("answers the reference's claims, with `locale` in its object form", async () => {
        const { account } = t.connect({
          providerUserId: 'abcDEF12',
          firstName: 'John',
          lastName: 'Doe',
          email: 'doe@email.com',
        });
        const response = await userInfo(t.emulator.clerk.currentAccessToken(account.id));
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({
          sub: 'abcDEF12',
          name: 'John Doe',
          given_name: 'John',
          family_name: 'Doe',
          picture: account.imageUrl,
          locale: { country: 'US', language: 'en' },
          email: 'doe@email.com',
          email_verified: true,
        });
      });

      it('answers 401 with the service error code of what is wrong with the token', async () => {
        const revoked = t.connect().account;
        const revokedToken = t.emulator.clerk.currentAccessToken(revoked.id);
        t.emulator.clerk.revokeAtProvider(revoked.id);
        const expired = t.connect().account;
        const expiredToken = t.emulator.clerk.currentAccessToken(expired.id);
        t.emulator.clerk.expireAccessToken(expired.id);

        const answers = await Promise.all(
          ['unknown-token', revokedToken, expiredToken].map(async (token) => {
            const response = await userInfo(token);
            return { status: response.status, body: await response.json() };
          }),
        );
        expect(answers).toEqual([
          { status: 401, body: { serviceErrorCode: 65600, message: 'Invalid access token', status: 401 } },
          {
            status: 401,
            body: {
              serviceErrorCode: 65601,
              message: 'The token used in the request has been revoked by the user',
              status: 401,
            },
          },
          {
            status: 401,
            body: {
              serviceErrorCode: 65602,
              message: 'The token used in the request has expired',
              status: 401,
            },
          },
        ]);
      });

      it('answers a token without `openid` with 403 `serviceErrorCode: 100`', async () => {
        const { account } = t.connect({ scopes: ['profile'] });
        const response = await userInfo(t.emulator.clerk.currentAccessToken(account.id));
        expect(response.status).toBe(403);
        expect(await response.json()).toEqual({
          serviceErrorCode: 100,
          message: 'Not enough permissions to access: userinfo.GET.NO_VERSION',
          status: 403,
        });
      });
    });
  },
);
