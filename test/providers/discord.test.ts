import { expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

const NELLY_AVATAR =
  'https://cdn.discordapp.com/avatars/80351110224678912/8342729096ea3675442027381ff50dfe.png';

const RATE_LIMITED_BODY = { message: 'You are being rate limited.', global: false };

describeProvider(
  {
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
  },
  (t) => {
    async function retryAfterOf(token: string): Promise<unknown> {
      const { errors } = await t.profileOf(token);
      expect(errors[0]?.code).toBe('RATE_LIMITED');
      return errors[0]?.retryAfter;
    }

    it("answers a rate limit with every one of Discord's signals", async () => {
      const { account } = t.connect();
      t.emulator.providers.discord?.rateLimit(account.id, { retryAfterSeconds: 3 });
      const response = await t.callApi('/users/@me', { token: account.accessToken });
      expect(response.status).toBe(429);
      expect(await response.json()).toEqual({ ...RATE_LIMITED_BODY, retry_after: 3 });
      expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(response.headers.get('x-ratelimit-reset-after')).toBe('3.000');
      expect(response.headers.get('x-ratelimit-scope')).toBe('user');
      expect(response.headers.get('retry-after')).toBe('3');
    });

    it("reads the wait from the body's retry_after (float seconds) alone: a global limit", async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: 12.25, global: true },
        headers: { 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' },
      });
      expect(await retryAfterOf(token)).toBe(13);
    });

    it('reads X-RateLimit-Reset-After (float seconds) when the bucket is used up', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 429,
        body: { ...RATE_LIMITED_BODY, retry_after: 2 },
        headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset-After': '7.250' },
      });
      expect(await retryAfterOf(token)).toBe(8);
    });

    it('ignores X-RateLimit-Reset-After when the bucket is not used up (a shared-resource limit)', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
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
      const { token } = t.connect({ scopes: ['identify'], email: 'nelly@discord.com' });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ email: null });
    });

    it('serves an animated avatar as a GIF, and tags a legacy username with its discriminator', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 200,
        body: {
          id: '42',
          username: 'oldtimer',
          discriminator: '1337',
          global_name: null,
          avatar: 'a_1269e74a',
        },
      });
      const { profile } = await t.profileOf(token);
      expect(profile).toEqual({
        id: '42',
        username: 'oldtimer#1337',
        name: null,
        email: null,
        avatarUrl: 'https://cdn.discordapp.com/avatars/42/a_1269e74a.gif',
        url: null,
        source: 'PROVIDER',
      });
    });

    it('gives a null avatar to a user without one', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 200,
        body: { id: '43', username: 'plain', discriminator: '0', global_name: 'Plain', avatar: null },
      });
      const { profile } = await t.profileOf(token);
      expect(profile).toMatchObject({ username: 'plain', name: 'Plain', avatarUrl: null });
    });
  },
);
