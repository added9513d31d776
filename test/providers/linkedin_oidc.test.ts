import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectAccountInput } from '../../src/emulator/index.js';
import { describeProfileContract } from '../support/profile-contract.js';
import { type Stack, startStack } from '../support/stack.js';

describeProfileContract({
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
});

const PROFILE = 'query { me { connectedAccounts { profile { id username name email avatarUrl url } } } }';
const CLAIMS = { sub: 'x9Kp2LmQ', name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace' };

interface ProfileAnswer {
  profile: Record<string, unknown> | null;
  errors: Record<string, unknown>[];
}

describe('LinkedIn, its own answers', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RETRY_BUDGET_MS: '0' } });
  });
  afterAll(() => stack.close());

  function connect(input: Omit<ConnectAccountInput, 'provider'> = {}) {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, { provider: 'linkedin_oidc', ...input });
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

  function answerOnce(accountId: string, status: number, body: unknown) {
    stack.emulator.faults.inject({
      service: 'linkedin_oidc',
      route: 'linkedin_oidc.userInfo',
      accountId,
      status,
      body,
    });
  }

  // `locale` is documented as a string but often comes as an object (providers.md): both are read.
  it.each([
    ['a string', 'en-US'],
    ['an object', { country: 'US', language: 'en' }],
  ])('reads a profile whose `locale` is %s, and one without `picture`', async (_shape, locale) => {
    const { account, session } = connect();
    answerOnce(account.id, 200, { ...CLAIMS, locale, email: 'ada@example.org', email_verified: true });
    const { profile, errors } = await profileOf(session);
    expect(errors).toEqual([]);
    expect(profile).toEqual({
      id: 'x9Kp2LmQ',
      username: null,
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      avatarUrl: null,
      url: null,
    });
  });

  it('has no email when the token lacks the `email` scope', async () => {
    const { session } = connect({ providerUserId: 'noMail01', scopes: ['openid', 'profile'] });
    const { profile, errors } = await profileOf(session);
    expect(errors).toEqual([]);
    expect(profile).toMatchObject({ id: 'noMail01', email: null });
  });

  it('reads a 403 `serviceErrorCode: 100` as MISSING_SCOPES with the required and granted scopes', async () => {
    const { account, session } = connect();
    answerOnce(account.id, 403, {
      serviceErrorCode: 100,
      message: 'Not enough permissions to access: userinfo.GET.NO_VERSION',
      status: 403,
    });
    const { errors } = await profileOf(session);
    expect(errors).toEqual([
      {
        code: 'MISSING_SCOPES',
        provider: 'linkedin_oidc',
        accountId: account.id,
        requiredScopes: ['openid'],
        grantedScopes: ['openid', 'profile', 'email'],
      },
    ]);
  });

  it('answers any other 403 with PROVIDER_ERROR', async () => {
    const { account, session } = connect();
    answerOnce(account.id, 403, { serviceErrorCode: 2, message: 'Application is blocked', status: 403 });
    const { errors } = await profileOf(session);
    expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'linkedin_oidc', accountId: account.id }]);
  });

  it('waits the default minute on a bare 429, as LinkedIn sends no rate-limit headers', async () => {
    const { account, session } = connect();
    answerOnce(account.id, 429, { message: 'Resource level throttle limit reached.', status: 429 });
    const { errors } = await profileOf(session);
    expect(errors).toEqual([
      { code: 'RATE_LIMITED', provider: 'linkedin_oidc', accountId: account.id, retryAfter: 60 },
    ]);
  });

  describe('the emulator', () => {
    async function userInfo(token: string) {
      return fetch(`${stack.emulator.baseUrl('linkedin_oidc')}/v2/userinfo`, {
        headers: { authorization: `Bearer ${token}` },
      });
    }

    it("answers the reference's claims, with `locale` in its object form", async () => {
      const { account } = connect({
        providerUserId: 'abcDEF12',
        firstName: 'John',
        lastName: 'Doe',
        email: 'doe@email.com',
      });
      const response = await userInfo(stack.emulator.clerk.currentAccessToken(account.id));
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
      const revoked = connect().account;
      const revokedToken = stack.emulator.clerk.currentAccessToken(revoked.id);
      stack.emulator.clerk.revokeAtProvider(revoked.id);
      const expired = connect().account;
      const expiredToken = stack.emulator.clerk.currentAccessToken(expired.id);
      stack.emulator.clerk.expireAccessToken(expired.id);

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
      const { account } = connect({ scopes: ['profile'] });
      const response = await userInfo(stack.emulator.clerk.currentAccessToken(account.id));
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        serviceErrorCode: 100,
        message: 'Not enough permissions to access: userinfo.GET.NO_VERSION',
        status: 403,
      });
    });
  });
});
