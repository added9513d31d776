import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectAccountInput } from '../../src/emulator/index.js';
import { describeProfileContract } from '../support/profile-contract.js';
import { type Stack, startStack } from '../support/stack.js';

describeProfileContract({
  provider: 'x',
  account: { username: 'XDevelopers', firstName: 'X', lastName: 'Dev', email: 'dev@example.com' },
  // Without `users.email` (not a Clerk default) X gives no email.
  expected: (account) => ({
    id: account.providerUserId,
    username: 'XDevelopers',
    name: 'X Dev',
    avatarUrl: account.imageUrl,
    url: 'https://x.com/XDevelopers',
  }),
});

const PROFILE_QUERY =
  '{ me { connectedAccounts { profile { id username name email avatarUrl url source } } } }';

interface ProfileAnswer {
  data?: { me: { connectedAccounts: { profile: Record<string, unknown> | null }[] } };
  errors?: { extensions?: Record<string, unknown> }[];
}

describe('x profile quirks', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RETRY_BUDGET_MS: '0' } });
  });
  afterAll(() => stack.close());

  async function profileOf(input: Omit<ConnectAccountInput, 'provider'> = {}) {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, { provider: 'x', ...input });
    const token = stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 600 });
    const response = await stack.post({ query: PROFILE_QUERY }, { token });
    const body = response.body as ProfileAnswer;
    return { account, body, profile: body.data?.me.connectedAccounts[0]?.profile };
  }

  it('asks for confirmed_email only when the account granted users.email, and reads it', async () => {
    const { account, body, profile } = await profileOf({
      scopes: ['users.read', 'tweet.read', 'users.email'],
      email: 'dev@example.com',
    });
    expect(body.errors).toBeUndefined();
    expect(profile?.email).toBe('dev@example.com');
    const [call] = stack.emulator.calls.all().filter((record) => record.accountId === account.id);
    expect(call?.query['user.fields']).toBe('profile_image_url,confirmed_email');
  });

  it('does not ask for confirmed_email with the default scopes', async () => {
    const { account, body, profile } = await profileOf({ email: 'dev@example.com' });
    expect(body.errors).toBeUndefined();
    expect(profile?.email).toBeNull();
    const [call] = stack.emulator.calls.all().filter((record) => record.accountId === account.id);
    expect(call?.query['user.fields']).toBe('profile_image_url');
  });

  it('reads the profile from a 200 that also carries partial errors', async () => {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, { provider: 'x', username: 'partial' });
    stack.emulator.faults.inject({
      service: 'x',
      accountId: account.id,
      times: 1,
      status: 200,
      body: {
        data: { id: account.providerUserId, name: 'Partial', username: 'partial' },
        errors: [{ title: 'Not Found Error', detail: 'Could not find pinned tweet.', type: 'about:blank' }],
      },
    });
    const token = stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 600 });
    const body = (await stack.post({ query: PROFILE_QUERY }, { token })).body as ProfileAnswer;
    expect(body.errors).toBeUndefined();
    expect(body.data?.me.connectedAccounts[0]?.profile).toMatchObject({
      id: account.providerUserId,
      username: 'partial',
      name: 'Partial',
      avatarUrl: null,
    });
  });

  it("answers X's 403 client-not-enrolled with PROVIDER_ERROR, not a rate limit", async () => {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, { provider: 'x' });
    stack.emulator.faults.inject({
      service: 'x',
      accountId: account.id,
      status: 403,
      headers: { 'content-type': 'application/problem+json' },
      body: {
        client_id: '123456',
        detail:
          'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project.',
        registration_url: 'https://developer.twitter.com/en/docs/projects/overview',
        title: 'Client Forbidden',
        required_enrollment: 'Appropriate Level of API Access',
        reason: 'client-not-enrolled',
        type: 'https://api.twitter.com/2/problems/client-forbidden',
      },
    });
    const token = stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 600 });
    const body = (await stack.post({ query: PROFILE_QUERY }, { token })).body as ProfileAnswer;
    expect(body.errors?.map((error) => error.extensions)).toEqual([
      { code: 'PROVIDER_ERROR', provider: 'x', accountId: account.id },
    ]);
  });

  it('waits a minute on a 429 without x-rate-limit-reset', async () => {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, { provider: 'x' });
    stack.emulator.faults.inject({
      service: 'x',
      accountId: account.id,
      status: 429,
      body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
    });
    const token = stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 600 });
    const body = (await stack.post({ query: PROFILE_QUERY }, { token })).body as ProfileAnswer;
    expect(body.errors?.map((error) => error.extensions)).toEqual([
      { code: 'RATE_LIMITED', provider: 'x', accountId: account.id, retryAfter: 60 },
    ]);
  });
});
