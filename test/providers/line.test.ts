import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectAccountInput } from '../../src/emulator/index.js';
import { describeProfileContract } from '../support/profile-contract.js';
import { type Stack, startStack } from '../support/stack.js';

describeProfileContract({
  provider: 'line',
  rateLimitSaysWait: false,
  account: {
    providerUserId: 'U4af4980629a1b2c3d4e5f60718293a4b',
    firstName: 'Brown',
    lastName: null,
    // Clerk has it from the ID token; LINE's REST API never gives it out.
    email: 'brown@example.jp',
  },
  expected: (account) => ({
    id: 'U4af4980629a1b2c3d4e5f60718293a4b',
    name: 'Brown',
    avatarUrl: account.imageUrl,
  }),
});

const PROFILE = 'query { me { connectedAccounts { profile { id username name email avatarUrl url } } } }';

interface ProfileAnswer {
  profile: Record<string, unknown> | null;
  errors: Record<string, unknown>[];
}

describe('LINE, its own answers', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RETRY_BUDGET_MS: '0' } });
  });
  afterAll(() => stack.close());

  function connect(input: Omit<ConnectAccountInput, 'provider'> = {}) {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, { provider: 'line', ...input });
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

  function answerOnce(accountId: string, status: number, body: unknown, headers?: Record<string, string>) {
    stack.emulator.faults.inject({
      service: 'line',
      route: 'line.getProfile',
      accountId,
      status,
      body,
      ...(headers ? { headers } : {}),
    });
  }

  it('has no avatar when LINE leaves `pictureUrl` out (the user set none)', async () => {
    const { account, session } = connect();
    answerOnce(account.id, 200, { userId: 'U0123456789abcdef0123456789abcdef', displayName: 'Cony' });
    const { profile, errors } = await profileOf(session);
    expect(errors).toEqual([]);
    expect(profile).toEqual({
      id: 'U0123456789abcdef0123456789abcdef',
      username: null,
      name: 'Cony',
      email: null,
      avatarUrl: null,
      url: null,
    });
  });

  it('reads a 403 (a token without `profile`) as MISSING_SCOPES with the required and granted scopes', async () => {
    const { account, session } = connect();
    answerOnce(account.id, 403, { message: 'Not authorized to use the API.' });
    const { profile, errors } = await profileOf(session);
    expect(profile).toBeNull();
    expect(errors).toEqual([
      {
        code: 'MISSING_SCOPES',
        provider: 'line',
        accountId: account.id,
        requiredScopes: ['profile'],
        grantedScopes: ['profile', 'openid', 'email'],
      },
    ]);
  });

  it('waits the default minute on a bare 429, the only limit signal LINE documents', async () => {
    const { account, session } = connect();
    answerOnce(account.id, 429, { message: 'The API rate limit has been exceeded. Try again later.' });
    const { errors } = await profileOf(session);
    expect(errors).toEqual([
      { code: 'RATE_LIMITED', provider: 'line', accountId: account.id, retryAfter: 60 },
    ]);
  });

  describe('the emulator', () => {
    async function getProfile(token: string) {
      return fetch(`${stack.emulator.baseUrl('line')}/v2/profile`, {
        headers: { authorization: `Bearer ${token}` },
      });
    }

    it("answers the reference's profile shape with an `x-line-request-id`", async () => {
      const { account } = connect({
        providerUserId: 'Uaaaabbbbccccddddeeeeffff00001111',
        firstName: 'Sally',
      });
      const response = await getProfile(stack.emulator.clerk.currentAccessToken(account.id));
      expect(response.status).toBe(200);
      expect(response.headers.get('x-line-request-id')).toMatch(/^[0-9a-f]{32}$/);
      expect(await response.json()).toEqual({
        userId: 'Uaaaabbbbccccddddeeeeffff00001111',
        displayName: `Sally ${account.lastName}`,
        pictureUrl: account.imageUrl,
      });
    });

    it('answers an expired token with 401 "The access token expired"', async () => {
      const { account } = connect();
      const token = stack.emulator.clerk.currentAccessToken(account.id);
      stack.emulator.clerk.expireAccessToken(account.id);
      const response = await getProfile(token);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'The access token expired' });
    });

    it('answers a token without the `profile` scope with 403', async () => {
      const { account } = connect({ scopes: ['openid'] });
      const response = await getProfile(stack.emulator.clerk.currentAccessToken(account.id));
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ message: 'Not authorized to use the API.' });
    });
  });
});
