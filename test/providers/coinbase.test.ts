import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectAccountInput } from '../../src/emulator/index.js';
import { describeProfileContract } from '../support/profile-contract.js';
import { type Stack, startStack } from '../support/stack.js';

describeProfileContract({
  provider: 'coinbase',
  rateLimitSaysWait: false,
  account: {
    providerUserId: '9da7a204-544e-5fd1-9a12-61176c5d4cd8',
    username: 'user1',
    firstName: 'User',
    lastName: 'One',
    email: 'user1@example.com',
  },
  expected: (account) => ({
    id: '9da7a204-544e-5fd1-9a12-61176c5d4cd8',
    username: 'user1',
    name: 'User One',
    email: 'user1@example.com',
    avatarUrl: account.imageUrl,
    url: 'https://coinbase.com/user1',
  }),
});

const PROFILE = 'query { me { connectedAccounts { profile { id username name email avatarUrl url } } } }';

interface ProfileData {
  me: { connectedAccounts: { profile: Record<string, unknown> | null }[] };
}

const MISSING_VERSION_WARNING = {
  id: 'missing_version',
  message: 'Please supply API version (YYYY-MM-DD) as CB-VERSION header',
  url: 'https://developers.coinbase.com/api#versioning',
};

describe('coinbase quirks', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RETRY_BUDGET_MS: '0' } });
  });
  afterAll(() => stack.close());

  function connect(input: Omit<ConnectAccountInput, 'provider'> = {}) {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, {
      provider: 'coinbase',
      username: 'user1',
      email: 'user1@example.com',
      ...input,
    });
    return { account, token: stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 600 }) };
  }

  async function readProfile(token: string) {
    const response = await stack.post({ query: PROFILE }, { token });
    const data = response.body.data as ProfileData | null | undefined;
    return {
      profile: data?.me.connectedAccounts[0]?.profile,
      errors: response.body.errors?.map((error) => error.extensions),
    };
  }

  function getUser(token: string, headers: Record<string, string> = {}) {
    return fetch(`${stack.emulator.baseUrl('coinbase')}/v2/user`, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
  }

  it('reads the public profile, without email, when wallet:user:email was not granted', async () => {
    const { token } = connect({ scopes: [] });
    const { profile, errors } = await readProfile(token);
    expect(errors).toBeUndefined();
    expect(profile).toMatchObject({ username: 'user1', email: null });
  });

  it('reads the user next to a top-level warnings array', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'coinbase',
      accountId: account.id,
      status: 200,
      body: {
        data: { id: 'cb-1', name: 'User One', username: 'user1', resource: 'user' },
        warnings: [MISSING_VERSION_WARNING],
      },
    });
    const { profile, errors } = await readProfile(token);
    expect(errors).toBeUndefined();
    expect(profile).toMatchObject({ id: 'cb-1', name: 'User One', username: 'user1' });
  });

  it('warns about a missing CB-VERSION, and the gateway sends one', async () => {
    const { account, token } = connect();
    const without = (await (await getUser(account.accessToken)).json()) as Record<string, unknown>;
    expect(without.warnings).toEqual([MISSING_VERSION_WARNING]);
    const pinned = (await (
      await getUser(account.accessToken, { 'CB-VERSION': '2025-01-01' })
    ).json()) as Record<string, unknown>;
    expect(pinned).not.toHaveProperty('warnings');
    expect((await readProfile(token)).errors).toBeUndefined();
  });

  it("names why a token is refused with Coinbase's 401 error ids", async () => {
    expect(await (await getUser('not-a-coinbase-token')).json()).toEqual({
      errors: [{ id: 'invalid_token', message: 'The access token is invalid' }],
    });
    const expired = connect().account;
    stack.emulator.clerk.expireAccessToken(expired.id);
    expect(await (await getUser(expired.accessToken)).json()).toEqual({
      errors: [{ id: 'expired_token', message: 'The access token expired' }],
    });
    const revoked = connect().account;
    stack.emulator.clerk.revokeAtProvider(revoked.id);
    const response = await getUser(revoked.accessToken);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      errors: [{ id: 'revoked_token', message: 'The access token was revoked' }],
    });
  });

  it('answers 403 invalid_scope with MISSING_SCOPES', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'coinbase',
      accountId: account.id,
      status: 403,
      body: { errors: [{ id: 'invalid_scope', message: 'Invalid scope' }] },
    });
    const { profile, errors } = await readProfile(token);
    expect(profile).toBeNull();
    expect(errors).toEqual([
      {
        code: 'MISSING_SCOPES',
        provider: 'coinbase',
        accountId: account.id,
        requiredScopes: [],
        grantedScopes: ['wallet:user:read', 'wallet:user:email'],
      },
    ]);
  });

  // providers.md: Coinbase's 429 has no header saying how long to wait; the gateway then says a minute.
  it('answers the documented 429, without any header, with RATE_LIMITED and the default minute', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'coinbase',
      accountId: account.id,
      status: 429,
      body: { errors: [{ id: 'rate_limit_exceeded', message: 'Too many requests' }] },
    });
    const { errors } = await readProfile(token);
    expect(errors).toEqual([
      { code: 'RATE_LIMITED', provider: 'coinbase', accountId: account.id, retryAfter: 60 },
    ]);
  });
});
