import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectAccountInput } from '../../src/emulator/index.js';
import { describeProfileContract } from '../support/profile-contract.js';
import { type Stack, startStack } from '../support/stack.js';

describeProfileContract({
  provider: 'spotify',
  account: { providerUserId: 'wizzler', firstName: 'JM', lastName: 'Wizzler', email: 'email@example.com' },
  // Spotify has no handle besides the user id.
  expected: (account) => ({
    id: 'wizzler',
    name: 'JM Wizzler',
    email: 'email@example.com',
    avatarUrl: account.imageUrl,
    url: 'https://open.spotify.com/user/wizzler',
  }),
});

const PROFILE = 'query { me { connectedAccounts { profile { id name email avatarUrl url } } } }';

interface ProfileAnswer {
  profile: Record<string, unknown> | null;
  errors: Record<string, unknown>[];
}

describe('Spotify, its own answers', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RETRY_BUDGET_MS: '0' } });
  });
  afterAll(() => stack.close());

  function connect(input: Omit<ConnectAccountInput, 'provider'> = {}) {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, { provider: 'spotify', ...input });
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

  function answer(accountId: string, status: number, body: unknown) {
    stack.emulator.faults.inject({
      service: 'spotify',
      route: 'spotify.getCurrentUser',
      accountId,
      status,
      body,
    });
  }

  it("reads a Development-Mode app's `/me`, which has no email, country or product", async () => {
    const { account, session } = connect();
    answer(account.id, 200, {
      display_name: 'JM Wizzler',
      external_urls: { spotify: 'https://open.spotify.com/user/wizzler' },
      href: 'https://api.spotify.com/v1/users/wizzler',
      id: 'wizzler',
      images: [],
      type: 'user',
      uri: 'spotify:user:wizzler',
    });
    const { profile, errors } = await profileOf(session);
    expect(errors).toEqual([]);
    expect(profile).toEqual({
      id: 'wizzler',
      name: 'JM Wizzler',
      email: null,
      avatarUrl: null,
      url: 'https://open.spotify.com/user/wizzler',
    });
  });

  it('takes the widest of several pictures, whatever their order', async () => {
    const { account, session } = connect();
    answer(account.id, 200, {
      id: 'wizzler',
      display_name: null,
      images: [
        { height: 64, url: 'https://i.scdn.co/image/small', width: 64 },
        { height: 300, url: 'https://i.scdn.co/image/large', width: 300 },
      ],
    });
    const { profile } = await profileOf(session);
    expect(profile?.avatarUrl).toBe('https://i.scdn.co/image/large');
  });

  it("answers the 403 for a user missing from a Development-Mode app's allowlist with PROVIDER_ERROR", async () => {
    const { account, session } = connect();
    answer(account.id, 403, {
      error: { status: 403, message: 'User not registered in the Developer Dashboard' },
    });
    const { profile, errors } = await profileOf(session);
    expect(profile).toBeNull();
    expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'spotify', accountId: account.id }]);
  });

  it('has no email when the token lacks `user-read-email`', async () => {
    const { session } = connect({ scopes: ['user-read-private'], email: 'email@example.com' });
    const { profile, errors } = await profileOf(session);
    expect(errors).toEqual([]);
    expect(profile?.email).toBeNull();
  });

  describe('the emulator', () => {
    async function me(token?: string) {
      const response = await fetch(`${stack.emulator.baseUrl('spotify')}/me`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
    }

    it('answers the fields of the reference example', async () => {
      const { account } = connect({ providerUserId: 'wizzler' });
      const { status, body } = await me(stack.emulator.clerk.currentAccessToken(account.id));
      expect(status).toBe(200);
      expect(Object.keys(body as object)).toEqual([
        'country',
        'display_name',
        'email',
        'explicit_content',
        'external_urls',
        'followers',
        'href',
        'id',
        'images',
        'product',
        'type',
        'uri',
        'account_id',
      ]);
      expect(body).toMatchObject({ id: 'wizzler', uri: 'spotify:user:wizzler', type: 'user' });
    });

    it("answers refused tokens with 401 and Spotify's error envelope", async () => {
      const { account } = connect();
      const token = stack.emulator.clerk.currentAccessToken(account.id);
      const refusal = (message: string) => ({ status: 401, body: { error: { status: 401, message } } });
      expect(await me()).toMatchObject(refusal('No token provided'));
      expect(await me('BQunknown')).toMatchObject(refusal('Invalid access token'));
      stack.emulator.clerk.expireAccessToken(account.id);
      expect(await me(token)).toMatchObject(refusal('The access token expired'));
    });

    it('answers a rate limit with 429 and Retry-After', async () => {
      const { account } = connect();
      stack.emulator.providers.spotify?.rateLimit(account.id, { retryAfterSeconds: 9 });
      const { status, headers, body } = await me(stack.emulator.clerk.currentAccessToken(account.id));
      expect(status).toBe(429);
      expect(headers.get('retry-after')).toBe('9');
      expect(body).toEqual({ error: { status: 429, message: 'API rate limit exceeded' } });
    });
  });
});
