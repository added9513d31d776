import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectAccountInput } from '../../src/emulator/index.js';
import { describeProfileContract } from '../support/profile-contract.js';
import { type Stack, startStack } from '../support/stack.js';

const SUB = 'kD1tW3oYmW8qLp0ZrX5v2uAb';

describeProfileContract({
  provider: 'vercel',
  account: {
    providerUserId: SUB,
    username: 'janedoe',
    firstName: 'Jane',
    lastName: 'Doe',
    email: 'jane@example.com',
  },
  // Vercel's userinfo claims carry no profile URL.
  expected: (account) => ({
    id: SUB,
    username: 'janedoe',
    name: 'Jane Doe',
    email: 'jane@example.com',
    avatarUrl: account.imageUrl,
  }),
});

const PROFILE = 'query { me { connectedAccounts { profile { id username name email avatarUrl url } } } }';

interface ProfileAnswer {
  profile: Record<string, unknown> | null;
  errors: Record<string, unknown>[];
}

describe('Vercel, its own answers', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RETRY_BUDGET_MS: '0' } });
  });
  afterAll(() => stack.close());

  function connect(input: Omit<ConnectAccountInput, 'provider'> = {}) {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, { provider: 'vercel', ...input });
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

  function answer(accountId: string, status: number, body: unknown, headers?: Record<string, string>) {
    stack.emulator.faults.inject({
      service: 'vercel',
      route: 'vercel.userinfo',
      accountId,
      status,
      body,
      ...(headers ? { headers } : {}),
    });
  }

  // The reference marks userinfo's own answer unverified: an OAuth-style 401 (providers.md, Vercel notes).
  it('reads an OAuth-style 401 as a refused token too: REAUTH_REQUIRED', async () => {
    const { account, session } = connect();
    answer(
      account.id,
      401,
      { error: 'invalid_token', error_description: 'The access token is invalid' },
      { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    );
    const { profile, errors } = await profileOf(session);
    expect(profile).toBeNull();
    expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: 'vercel', accountId: account.id }]);
  });

  it('answers a 403 without `invalidToken` with PROVIDER_ERROR, not REAUTH_REQUIRED', async () => {
    const { account, session } = connect();
    answer(account.id, 403, { error: { code: 'forbidden', message: 'Not authorized' } });
    const { errors } = await profileOf(session);
    expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'vercel', accountId: account.id }]);
  });

  it('has only the id when the token has `openid` alone', async () => {
    const { session } = connect({ providerUserId: SUB, scopes: ['openid'] });
    const { profile, errors } = await profileOf(session);
    expect(errors).toEqual([]);
    expect(profile).toEqual({ id: SUB, username: null, name: null, email: null, avatarUrl: null, url: null });
  });

  describe('the emulator', () => {
    async function userinfo(token?: string) {
      const response = await fetch(`${stack.emulator.baseUrl('vercel')}/login/oauth/userinfo`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
    }

    it('answers the claims of the reference example', async () => {
      const { account } = connect({ providerUserId: SUB, username: 'janedoe' });
      const { status, body } = await userinfo(stack.emulator.clerk.currentAccessToken(account.id));
      expect(status).toBe(200);
      expect(Object.keys(body as object)).toEqual([
        'sub',
        'email',
        'email_verified',
        'name',
        'preferred_username',
        'picture',
      ]);
      expect(body).toMatchObject({ sub: SUB, preferred_username: 'janedoe', email_verified: true });
    });

    it('answers a refused token with 403 and `error.invalidToken`', async () => {
      expect(await userinfo('unknown')).toMatchObject({
        status: 403,
        body: { error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } },
      });
    });

    it('answers a rate limit with 429, `X-RateLimit-*` headers and the limit in the body', async () => {
      const { account } = connect();
      stack.emulator.providers.vercel?.rateLimit(account.id, { retryAfterSeconds: 25 });
      const { status, headers, body } = await userinfo(stack.emulator.clerk.currentAccessToken(account.id));
      expect(status).toBe(429);
      expect(headers.get('x-ratelimit-limit')).toBe('100');
      expect(headers.get('x-ratelimit-remaining')).toBe('0');
      const reset = Number(headers.get('x-ratelimit-reset'));
      expect(reset - Date.now() / 1000).toBeGreaterThan(23);
      expect(reset - Date.now() / 1000).toBeLessThanOrEqual(26);
      expect(body).toEqual({
        error: {
          code: 'rate_limited',
          message: 'Rate limit exceeded',
          limit: { remaining: 0, reset, resetMs: expect.any(Number), total: 100 },
        },
      });
    });
  });
});
