import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeProfileContract } from '../support/profile-contract.js';
import { type Stack, startStack } from '../support/stack.js';

// Xero has no "me" endpoint: the person is Clerk's record of the Xero identity, read once `GET
// /connections` accepted the token.
describeProfileContract({
  provider: 'xero',
  account: { username: null, firstName: 'Maple', lastName: 'Florist', email: 'maple@example.com' },
  expected: (account) => ({
    id: account.providerUserId,
    name: 'Maple Florist',
    email: 'maple@example.com',
    avatarUrl: account.imageUrl,
  }),
});

const PROFILE_QUERY = '{ me { connectedAccounts { profile { id name email source } } } }';

interface ProfileAnswer {
  data?: { me: { connectedAccounts: { profile: Record<string, unknown> | null }[] } };
  errors?: { extensions?: Record<string, unknown> }[];
}

describe('xero profile quirks', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RETRY_BUDGET_MS: '0' } });
  });
  afterAll(() => stack.close());

  function connect(scopes?: string[]) {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, {
      provider: 'xero',
      firstName: 'Maple',
      lastName: 'Florist',
      ...(scopes ? { scopes } : {}),
    });
    const token = stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 600 });
    return { account, token };
  }

  async function query(token: string): Promise<ProfileAnswer> {
    return (await stack.post({ query: PROFILE_QUERY }, { token })).body as ProfileAnswer;
  }

  async function connectionsAnswer(accessToken: string) {
    const response = await fetch(`${stack.emulator.baseUrl('xero')}/connections`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    return { response, body: (await response.json()) as unknown };
  }

  it('lists no tenant with only the identity scopes, one once an accounting scope is granted', async () => {
    const identityOnly = connect();
    const withAccounting = connect([
      'openid',
      'profile',
      'email',
      'offline_access',
      'accounting.transactions.read',
    ]);
    expect((await connectionsAnswer(identityOnly.account.accessToken)).body).toEqual([]);
    expect((await connectionsAnswer(withAccounting.account.accessToken)).body).toEqual([
      expect.objectContaining({ tenantType: 'ORGANISATION', tenantName: 'Florist Ltd' }),
    ]);
    for (const { token } of [identityOnly, withAccounting]) {
      const body = await query(token);
      expect(body.errors).toBeUndefined();
      expect(body.data?.me.connectedAccounts[0]?.profile).toMatchObject({
        name: 'Maple Florist',
        source: 'PROVIDER',
      });
    }
  });

  it('answers an expired token with the PascalCase TokenExpired body, any other with AuthenticationUnsuccessful', async () => {
    const expired = connect();
    stack.emulator.clerk.expireAccessToken(expired.account.id);
    const expiredAnswer = await connectionsAnswer(expired.account.accessToken);
    expect(expiredAnswer.response.status).toBe(401);
    expect(expiredAnswer.response.headers.get('www-authenticate')).toBe('Bearer error=invalid_token');
    expect(expiredAnswer.body).toMatchObject({
      Title: 'Unauthorized',
      Status: 401,
      Detail: expect.stringMatching(/^TokenExpired: token expired at \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/),
    });

    const unknown = await connectionsAnswer('not-a-xero-token');
    expect(unknown.response.status).toBe(401);
    expect(unknown.response.headers.get('xero-correlation-id')).toBeTruthy();
    expect(unknown.body).toMatchObject({
      title: 'Unauthorized',
      status: 401,
      detail: 'AuthenticationUnsuccessful',
    });
  });

  it('turns either 401 body into REAUTH_REQUIRED', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'xero',
      accountId: account.id,
      status: 401,
      headers: { 'www-authenticate': 'Bearer error=invalid_token' },
      body: {
        Type: null,
        Title: 'Unauthorized',
        Status: 401,
        Detail: 'TokenExpired: token expired at 04/09/2023 05:16:59',
        Instance: '6489df60-8891-470e-9268-a9a43f5da71e',
        Extensions: {},
      },
    });
    const body = await query(token);
    expect(body.errors?.map((error) => error.extensions)).toEqual([
      { code: 'REAUTH_REQUIRED', provider: 'xero', accountId: account.id },
    ]);
  });

  it('waits as long as Retry-After says when the daily limit is used up', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'xero',
      accountId: account.id,
      status: 429,
      headers: { 'retry-after': '3600', 'x-rate-limit-problem': 'day', 'x-daylimit-remaining': '0' },
    });
    const body = await query(token);
    expect(body.errors?.map((error) => error.extensions)).toEqual([
      { code: 'RATE_LIMITED', provider: 'xero', accountId: account.id, retryAfter: 3600 },
    ]);
  });

  it('refuses a /connections answer that is not a list with PROVIDER_ERROR', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'xero',
      accountId: account.id,
      status: 200,
      body: { Status: 'OK', Connections: [] },
    });
    const body = await query(token);
    expect(body.errors?.map((error) => error.extensions)).toEqual([
      { code: 'PROVIDER_ERROR', provider: 'xero', accountId: account.id },
    ]);
    expect(body.data?.me.connectedAccounts[0]?.profile).toBeNull();
  });
});
