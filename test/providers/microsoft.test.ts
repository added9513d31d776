import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectAccountInput } from '../../src/emulator/index.js';
import { userInfoSubjectOf } from '../../src/providers/microsoft/emulator.js';
import { describeProfileContract } from '../support/profile-contract.js';
import { type Stack, startStack } from '../support/stack.js';

const CLERK_DEFAULT_SCOPES = ['openid', 'email', 'profile', 'offline_access'];
const MEGAN = {
  providerUserId: '48d31887-5fad-4d73-a9f5-3c356e68a038',
  username: 'MeganB@contoso.com',
  firstName: 'Megan',
  lastName: 'Bowen',
  email: 'MeganB@contoso.com',
};

// With Clerk's default scopes (no `User.Read`): the OpenID Connect userinfo, whose `sub` is pairwise.
describeProfileContract({
  provider: 'microsoft',
  account: MEGAN,
  expected: (account) => ({
    id: userInfoSubjectOf(account),
    name: 'Megan Bowen',
    email: 'MeganB@contoso.com',
  }),
});

// With `User.Read` added to the connection: Graph's `/v1.0/me`, with the directory object id.
describeProfileContract({
  provider: 'microsoft',
  account: { ...MEGAN, scopes: [...CLERK_DEFAULT_SCOPES, 'User.Read'] },
  expected: () => ({
    id: '48d31887-5fad-4d73-a9f5-3c356e68a038',
    username: 'MeganB@contoso.com',
    name: 'Megan Bowen',
    email: 'MeganB@contoso.com',
  }),
});

const PROFILE = 'query { me { connectedAccounts { profile { id username name email avatarUrl url } } } }';

interface ProfileAnswer {
  profile: Record<string, unknown> | null;
  errors: Record<string, unknown>[];
}

describe('Microsoft, its own answers', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RETRY_BUDGET_MS: '0' } });
  });
  afterAll(() => stack.close());

  function connect(input: Omit<ConnectAccountInput, 'provider'> = {}) {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, {
      provider: 'microsoft',
      ...MEGAN,
      ...input,
    });
    return { account, session: stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 600 }) };
  }

  async function profileOf(session: string): Promise<ProfileAnswer> {
    const { body } = await stack.post({ query: PROFILE }, { token: session });
    const data = body.data as { me: { connectedAccounts: { profile: ProfileAnswer['profile'] }[] } } | null;
    return {
      profile: data?.me.connectedAccounts[0]?.profile ?? null,
      errors: (body.errors ?? []).map((error) => error.extensions ?? {}),
    };
  }

  function routeCalls(accountId: string) {
    return {
      me: stack.emulator.calls.count({ service: 'microsoft', route: 'microsoft.getMe', accountId }),
      userInfo: stack.emulator.calls.count({ service: 'microsoft', route: 'microsoft.userInfo', accountId }),
    };
  }

  it("reads only userinfo with Clerk's default scopes", async () => {
    const { account, session } = connect();
    const { errors } = await profileOf(session);
    expect(errors).toEqual([]);
    expect(routeCalls(account.id)).toEqual({ me: 0, userInfo: 1 });
  });

  it.each(['User.Read', 'user.read', 'https://graph.microsoft.com/User.Read', 'User.ReadWrite'])(
    'reads only `/v1.0/me` when the granted scopes hold %s',
    async (scope) => {
      const { account, session } = connect({ scopes: [...CLERK_DEFAULT_SCOPES, scope] });
      const { profile, errors } = await profileOf(session);
      expect(errors).toEqual([]);
      expect(profile?.id).toBe(MEGAN.providerUserId);
      expect(routeCalls(account.id)).toEqual({ me: 1, userInfo: 0 });
    },
  );

  it('falls back to userinfo when Graph refuses `/v1.0/me` for lack of permission', async () => {
    const { account, session } = connect({ scopes: [...CLERK_DEFAULT_SCOPES, 'User.Read'] });
    stack.emulator.faults.inject({
      service: 'microsoft',
      route: 'microsoft.getMe',
      accountId: account.id,
      status: 403,
      body: {
        error: {
          code: 'Authorization_RequestDenied',
          message: 'Insufficient privileges to complete the operation.',
        },
      },
    });
    const { profile, errors } = await profileOf(session);
    expect(errors).toEqual([]);
    expect(profile).toMatchObject({ id: userInfoSubjectOf(account), name: 'Megan Bowen' });
    expect(routeCalls(account.id)).toEqual({ me: 1, userInfo: 1 });
  });

  it('has no email for a personal account whose Graph `mail` is null', async () => {
    const { account, session } = connect({ scopes: [...CLERK_DEFAULT_SCOPES, 'User.Read'] });
    stack.emulator.faults.inject({
      service: 'microsoft',
      route: 'microsoft.getMe',
      accountId: account.id,
      status: 200,
      body: {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity',
        displayName: 'Sam Personal',
        mail: null,
        userPrincipalName: 'sam@outlook.com',
        id: '2a4b6c8d0e1f2a3b',
      },
    });
    const { profile, errors } = await profileOf(session);
    expect(errors).toEqual([]);
    expect(profile).toEqual({
      id: '2a4b6c8d0e1f2a3b',
      username: 'sam@outlook.com',
      name: 'Sam Personal',
      email: null,
      avatarUrl: null,
      url: null,
    });
  });

  it('has no email from userinfo when the token lacks the `email` scope', async () => {
    const { account, session } = connect({ scopes: ['openid', 'profile'] });
    const { profile, errors } = await profileOf(session);
    expect(errors).toEqual([]);
    expect(profile).toMatchObject({ id: userInfoSubjectOf(account), name: 'Megan Bowen', email: null });
  });

  describe('the emulator', () => {
    async function get(path: string, token?: string) {
      const response = await fetch(`${stack.emulator.baseUrl('microsoft')}${path}`, {
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      });
      return { response, body: (await response.json()) as { error?: Record<string, unknown> } };
    }

    it("answers `/v1.0/me` in the reference's shape", async () => {
      const { account } = connect({ scopes: ['User.Read'] });
      const { response, body } = await get('/v1.0/me', stack.emulator.clerk.currentAccessToken(account.id));
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
      const { account } = connect();
      const { body } = await get('/oidc/userinfo', stack.emulator.clerk.currentAccessToken(account.id));
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
      const { account } = connect();
      const { response, body } = await get('/v1.0/me', stack.emulator.clerk.currentAccessToken(account.id));
      expect(response.status).toBe(403);
      expect(body.error).toMatchObject({
        code: 'Authorization_RequestDenied',
        message: 'Insufficient privileges to complete the operation.',
      });
    });

    it('answers a missing, an unparseable and an expired token with 401 `InvalidAuthenticationToken`', async () => {
      const { account } = connect();
      const expiredToken = stack.emulator.clerk.currentAccessToken(account.id);
      stack.emulator.clerk.expireAccessToken(account.id);
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
      const { account } = connect();
      stack.emulator.providers.microsoft?.rateLimit(account.id, { retryAfterSeconds: 12 });
      const { response, body } = await get(
        '/oidc/userinfo',
        stack.emulator.clerk.currentAccessToken(account.id),
      );
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('12');
      expect(body.error).toMatchObject({ code: 'TooManyRequests', message: 'Please retry after' });
    });
  });
});
