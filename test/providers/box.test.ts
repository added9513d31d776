import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectAccountInput } from '../../src/emulator/index.js';
import { describeProfileContract } from '../support/profile-contract.js';
import { type Stack, startStack } from '../support/stack.js';

describeProfileContract({
  provider: 'box',
  account: { providerUserId: '11446498', firstName: 'Aaron', lastName: 'Levie', email: 'ceo@example.com' },
  // Box's `login` is the email; Box has no username and no profile page.
  expected: (account) => ({
    id: '11446498',
    name: 'Aaron Levie',
    email: 'ceo@example.com',
    avatarUrl: account.imageUrl,
  }),
});

const PROFILE = 'query { me { connectedAccounts { profile { id username name email avatarUrl url } } } }';

interface ProfileData {
  me: { connectedAccounts: { profile: Record<string, unknown> | null }[] };
}

describe('box quirks', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RETRY_BUDGET_MS: '0' } });
  });
  afterAll(() => stack.close());

  function connect(input: Omit<ConnectAccountInput, 'provider'> = {}) {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, { provider: 'box', ...input });
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

  it('answers an invalid token with 401, an empty body and the reason in WWW-Authenticate', async () => {
    const response = await fetch(`${stack.emulator.baseUrl('box')}/users/me`, {
      headers: { authorization: 'Bearer not-a-box-token' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."',
    );
    expect(await response.text()).toBe('');
  });

  // "401 usually comes with an EMPTY body": the other reading, a 401 with Box's JSON envelope.
  it('answers a 401 with a JSON error body with REAUTH_REQUIRED too', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'box',
      accountId: account.id,
      status: 401,
      body: { type: 'error', status: 401, code: 'unauthorized', message: 'Unauthorized' },
    });
    const { profile, errors } = await readProfile(token);
    expect(profile).toBeNull();
    expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: 'box', accountId: account.id }]);
  });

  it('answers a 403 as a refusal, never a rate limit, even with Retry-After', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'box',
      accountId: account.id,
      status: 403,
      body: {
        type: 'error',
        status: 403,
        code: 'access_denied_insufficient_permissions',
        message: 'Access denied - insufficient permission',
      },
      headers: { 'Retry-After': '5' },
    });
    const { errors } = await readProfile(token);
    expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'box', accountId: account.id }]);
  });

  it('returns only the asked fields, plus type and id, with ?fields=', async () => {
    const { account } = connect({ providerUserId: '11446498', firstName: 'Aaron', lastName: 'Levie' });
    const response = await fetch(`${stack.emulator.baseUrl('box')}/users/me?fields=name,avatar_url`, {
      headers: { authorization: `Bearer ${account.accessToken}` },
    });
    expect(await response.json()).toEqual({
      type: 'user',
      id: '11446498',
      name: 'Aaron Levie',
      avatar_url: account.imageUrl,
    });
  });
});
