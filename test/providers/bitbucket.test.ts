import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectAccountInput } from '../../src/emulator/index.js';
import { describeProfileContract } from '../support/profile-contract.js';
import { type Stack, startStack } from '../support/stack.js';

const JANE_UUID = '{d301aafa-d676-4ee0-88be-962be7417567}';

describeProfileContract({
  provider: 'bitbucket',
  rateLimitSaysWait: false,
  account: {
    providerUserId: JANE_UUID,
    username: 'janedoe',
    firstName: 'Jane',
    lastName: 'Doe',
    email: 'jane@example.com',
  },
  // The email comes from `GET /user/emails` (Clerk's default scopes include `email`).
  expected: (account) => ({
    id: JANE_UUID,
    username: 'janedoe',
    name: 'Jane Doe',
    email: 'jane@example.com',
    avatarUrl: account.imageUrl,
    url: 'https://bitbucket.org/%7Bd301aafa-d676-4ee0-88be-962be7417567%7D/',
  }),
});

const PROFILE = 'query { me { connectedAccounts { profile { id username name email avatarUrl url } } } }';

interface ProfileData {
  me: { connectedAccounts: { profile: Record<string, unknown> | null }[] };
}

const SCOPE_REFUSAL = (granted: string[], required: string[]) => ({
  type: 'error',
  error: {
    message: 'Your credentials lack one or more required privilege scopes.',
    detail: { granted, required },
  },
});

describe('bitbucket quirks', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RETRY_BUDGET_MS: '0' } });
  });
  afterAll(() => stack.close());

  function connect(input: Omit<ConnectAccountInput, 'provider'> = {}) {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, {
      provider: 'bitbucket',
      email: 'jane@example.com',
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

  it('reads no email, and does not ask for one, without the email scope', async () => {
    const { account, token } = connect({ scopes: ['account'] });
    const { profile, errors } = await readProfile(token);
    expect(errors).toBeUndefined();
    expect(profile).toMatchObject({ id: `{${account.providerUserId}}`, email: null });
    expect(stack.emulator.calls.count({ route: 'bitbucket.listEmails', accountId: account.id })).toBe(0);
  });

  it('keeps the profile, without email, when Bitbucket refuses the email scope', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'bitbucket',
      route: 'bitbucket.listEmails',
      accountId: account.id,
      status: 403,
      body: SCOPE_REFUSAL(['account'], ['email']),
    });
    const { profile, errors } = await readProfile(token);
    expect(errors).toBeUndefined();
    expect(profile).toMatchObject({ email: null, username: account.username });
  });

  it('reads the primary address of several', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'bitbucket',
      route: 'bitbucket.listEmails',
      accountId: account.id,
      status: 200,
      body: {
        pagelen: 10,
        page: 1,
        size: 2,
        values: [
          { is_primary: false, is_confirmed: true, type: 'email', email: 'old@example.com' },
          { is_primary: true, is_confirmed: true, type: 'email', email: 'primary@example.com' },
        ],
      },
    });
    const { profile } = await readProfile(token);
    expect(profile).toMatchObject({ email: 'primary@example.com' });
  });

  it("answers the scope refusal of /user with MISSING_SCOPES, the profile's scopes and the granted ones", async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'bitbucket',
      route: 'bitbucket.getUser',
      accountId: account.id,
      status: 403,
      body: SCOPE_REFUSAL(['email'], ['account']),
    });
    const { profile, errors } = await readProfile(token);
    expect(profile).toBeNull();
    expect(errors).toEqual([
      {
        code: 'MISSING_SCOPES',
        provider: 'bitbucket',
        accountId: account.id,
        requiredScopes: ['account'],
        grantedScopes: ['account', 'email'],
      },
    ]);
  });

  it('answers its own scope refusal when a token lacks the scope', async () => {
    const { account } = connect({ scopes: ['account'] });
    const response = await fetch(`${stack.emulator.baseUrl('bitbucket')}/user/emails`, {
      headers: { authorization: `Bearer ${account.accessToken}` },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual(SCOPE_REFUSAL(['account'], ['email']));
  });

  // providers.md documents no wait on Bitbucket's 429: the gateway then says a minute.
  it('answers a 429 without Retry-After with RATE_LIMITED and the default minute', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'bitbucket',
      route: 'bitbucket.getUser',
      accountId: account.id,
      status: 429,
      body: { type: 'error', error: { message: 'Rate limit for this resource has been exceeded' } },
      headers: { 'X-RateLimit-Limit': '1000', 'X-RateLimit-Resource': 'api' },
    });
    const { errors } = await readProfile(token);
    expect(errors).toEqual([
      { code: 'RATE_LIMITED', provider: 'bitbucket', accountId: account.id, retryAfter: 60 },
    ]);
  });
});
