import { describe, expect, it } from 'vitest';
import { userInfoSubjectOf } from '../../src/providers/microsoft/emulator.js';
import { describeProvider } from '../support/provider-harness.js';

const CLERK_DEFAULT_SCOPES = ['openid', 'email', 'profile', 'offline_access'];
const WITH_USER_READ = [...CLERK_DEFAULT_SCOPES, 'User.Read'];
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
    expected: (account) => ({
      id: userInfoSubjectOf(account),
      name: 'Megan Bowen',
      email: 'MeganB@contoso.com',
    }),
  },
  (t) => {
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
