import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectAccountInput } from '../../src/emulator/index.js';
import { describeProfileContract } from '../support/profile-contract.js';
import { type Stack, startStack } from '../support/stack.js';

const NELLY_AVATAR =
  'https://cdn.discordapp.com/avatars/80351110224678912/8342729096ea3675442027381ff50dfe.png';

describeProfileContract({
  provider: 'discord',
  account: {
    providerUserId: '80351110224678912',
    username: 'nelly',
    firstName: 'Nelly',
    lastName: null,
    email: 'nelly@discord.com',
    imageUrl: NELLY_AVATAR,
  },
  // The avatar is a hash in the API, a CDN URL in the profile; Discord's API links no profile page.
  expected: () => ({
    id: '80351110224678912',
    username: 'nelly',
    name: 'Nelly',
    email: 'nelly@discord.com',
    avatarUrl: NELLY_AVATAR,
  }),
});

const PROFILE = 'query { me { connectedAccounts { profile { id username name email avatarUrl url } } } }';

interface ProfileData {
  me: { connectedAccounts: { profile: Record<string, unknown> | null }[] };
}

const RATE_LIMITED_BODY = { message: 'You are being rate limited.', global: false };

describe('discord quirks', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RETRY_BUDGET_MS: '0' } });
  });
  afterAll(() => stack.close());

  function connect(input: Omit<ConnectAccountInput, 'provider'> = {}) {
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, { provider: 'discord', ...input });
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

  async function retryAfterOf(token: string): Promise<unknown> {
    const { errors } = await readProfile(token);
    expect(errors?.[0]?.code).toBe('RATE_LIMITED');
    return errors?.[0]?.retryAfter;
  }

  it("answers a rate limit with every one of Discord's signals", async () => {
    const { account } = connect();
    stack.emulator.providers.discord?.rateLimit(account.id, { retryAfterSeconds: 3 });
    const response = await fetch(`${stack.emulator.baseUrl('discord')}/users/@me`, {
      headers: { authorization: `Bearer ${account.accessToken}` },
    });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ ...RATE_LIMITED_BODY, retry_after: 3 });
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(response.headers.get('x-ratelimit-reset-after')).toBe('3.000');
    expect(response.headers.get('x-ratelimit-scope')).toBe('user');
    expect(response.headers.get('retry-after')).toBe('3');
  });

  it("reads the wait from the body's retry_after (float seconds) alone: a global limit", async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'discord',
      accountId: account.id,
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 12.25, global: true },
      headers: { 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' },
    });
    expect(await retryAfterOf(token)).toBe(13);
  });

  it('reads X-RateLimit-Reset-After (float seconds) when the bucket is used up', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'discord',
      accountId: account.id,
      status: 429,
      body: { ...RATE_LIMITED_BODY, retry_after: 2 },
      headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset-After': '7.250' },
    });
    expect(await retryAfterOf(token)).toBe(8);
  });

  it('ignores X-RateLimit-Reset-After when the bucket is not used up (a shared-resource limit)', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'discord',
      accountId: account.id,
      status: 429,
      body: { ...RATE_LIMITED_BODY, retry_after: 5 },
      headers: {
        'X-RateLimit-Remaining': '3',
        'X-RateLimit-Reset-After': '40',
        'X-RateLimit-Scope': 'shared',
      },
    });
    expect(await retryAfterOf(token)).toBe(5);
  });

  it('reads no email without the email scope', async () => {
    const { token } = connect({ scopes: ['identify'], email: 'nelly@discord.com' });
    const { profile, errors } = await readProfile(token);
    expect(errors).toBeUndefined();
    expect(profile).toMatchObject({ email: null });
  });

  it('serves an animated avatar as a GIF, and tags a legacy username with its discriminator', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'discord',
      accountId: account.id,
      status: 200,
      body: {
        id: '42',
        username: 'oldtimer',
        discriminator: '1337',
        global_name: null,
        avatar: 'a_1269e74a',
      },
    });
    const { profile } = await readProfile(token);
    expect(profile).toEqual({
      id: '42',
      username: 'oldtimer#1337',
      name: null,
      email: null,
      avatarUrl: 'https://cdn.discordapp.com/avatars/42/a_1269e74a.gif',
      url: null,
    });
  });

  it('gives a null avatar to a user without one', async () => {
    const { account, token } = connect();
    stack.emulator.faults.inject({
      service: 'discord',
      accountId: account.id,
      status: 200,
      body: { id: '43', username: 'plain', discriminator: '0', global_name: 'Plain', avatar: null },
    });
    const { profile } = await readProfile(token);
    expect(profile).toMatchObject({ username: 'plain', name: 'Plain', avatarUrl: null });
  });
});
