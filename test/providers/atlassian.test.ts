import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectAccountInput } from '../../src/emulator/index.js';
import { describeProfileContract } from '../support/profile-contract.js';
import { type Stack, startStack } from '../support/stack.js';

describeProfileContract({
  provider: 'atlassian',
  account: {
    providerUserId: '112233:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    username: 'mia',
    firstName: 'Mia',
    lastName: 'Krystof',
    email: 'mia@example.com',
  },
  expected: (account) => ({
    id: '112233:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    username: 'mia',
    name: 'Mia Krystof',
    email: 'mia@example.com',
    avatarUrl: account.imageUrl,
  }),
});

const PROFILE = 'query { me { connectedAccounts { profile { id username name email avatarUrl url } } } }';

interface ProfileData {
  me: { connectedAccounts: { profile: Record<string, unknown> | null }[] };
}

describe('atlassian quirks', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RETRY_BUDGET_MS: '0' } });
  });
  afterAll(() => stack.close());

  function connect(input: Omit<ConnectAccountInput, 'provider'> = {}) {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, { provider: 'atlassian', ...input });
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

  it('answers a token without read:me with 401 "Unauthorized; scope does not match"', async () => {
    const { account } = connect({ scopes: [] });
    const response = await fetch(`${stack.emulator.baseUrl('atlassian')}/me`, {
      headers: { authorization: `Bearer ${account.accessToken}` },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
  });

  it('reads that 401 as MISSING_SCOPES, without fetching another token', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'atlassian',
      accountId: account.id,
      status: 401,
      body: { code: 401, message: 'Unauthorized; scope does not match' },
    });
    const { profile, errors } = await readProfile(token);
    expect(profile).toBeNull();
    expect(errors).toEqual([
      {
        code: 'MISSING_SCOPES',
        provider: 'atlassian',
        accountId: account.id,
        requiredScopes: ['read:me'],
        grantedScopes: ['read:me'],
      },
    ]);
    expect(stack.emulator.calls.count({ service: 'atlassian', accountId: account.id })).toBe(1);
  });

  // "email may be empty depending on the user's profile-visibility settings": left out, or "".
  it('gives a null email when profile visibility hides it (field left out)', async () => {
    const { token } = connect({ email: null, firstName: 'Mia', lastName: 'Krystof' });
    const { profile, errors } = await readProfile(token);
    expect(errors).toBeUndefined();
    expect(profile).toMatchObject({ name: 'Mia Krystof', email: null });
  });

  it('gives a null email when profile visibility hides it (empty string)', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'atlassian',
      accountId: account.id,
      status: 200,
      body: { account_type: 'atlassian', account_id: 'acc-1', email: '', name: 'Mia', picture: null },
    });
    const { profile, errors } = await readProfile(token);
    expect(errors).toBeUndefined();
    expect(profile).toEqual({
      id: 'acc-1',
      username: null,
      name: 'Mia',
      email: null,
      avatarUrl: null,
      url: null,
    });
  });
});
