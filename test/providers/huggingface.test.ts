import { describe, expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

const USER_INFO = 'huggingface.userInfo';

describeProvider(
  {
    provider: 'huggingface',
    account: {
      providerUserId: '6421b3a0f1c2d3e4f5a6b7c8',
      username: 'janedoe',
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane@example.com',
    },
    expected: (account) => ({
      id: '6421b3a0f1c2d3e4f5a6b7c8',
      username: 'janedoe',
      name: 'Jane Doe',
      email: 'jane@example.com',
      avatarUrl: account.imageUrl,
      url: 'https://huggingface.co/janedoe',
    }),
  },
  (t) => {
    it('has no email when the token lacks the `email` scope', async () => {
      const { account, token } = t.connect({
        providerUserId: '6421b3a0f1c2d3e4f5a6b7c9',
        username: 'noemail',
        scopes: ['openid', 'profile'],
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ id: '6421b3a0f1c2d3e4f5a6b7c9', username: 'noemail', email: null });
      expect(t.emulator.calls.count({ service: 'huggingface', accountId: account.id })).toBe(1);
    });

    // The rate-limit header format is unverified (docs/providers.md#hugging-face): every reading gives the wait.
    it.each([
      ['the current draft `RateLimit: "api";r=0;t=42`', { RateLimit: '"api";r=0;t=42' }, 42],
      [
        'the older combined `RateLimit: limit=500, remaining=0, reset=13`',
        { RateLimit: 'limit=500, remaining=0, reset=13' },
        13,
      ],
      [
        'the older separate `RateLimit-Reset: 17`',
        { 'RateLimit-Remaining': '0', 'RateLimit-Reset': '17' },
        17,
      ],
      ['a `Retry-After: 9`', { 'Retry-After': '9' }, 9],
    ])('reads the wait of a 429 from %s', async (_reading, headers, seconds) => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: USER_INFO,
        status: 429,
        body: { error: 'Too Many Requests' },
        headers,
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'huggingface', accountId: account.id, retryAfter: seconds },
      ]);
    });

    it('waits the default minute on a 429 that says nothing of when', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, { route: USER_INFO, status: 429, body: { error: 'Too Many Requests' } });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'huggingface', accountId: account.id, retryAfter: 60 },
      ]);
    });

    describe('the emulator', () => {
      const userInfo = (token: string) => t.callApi('/oauth/userinfo', { token });

      it("answers the reference's userinfo shape", async () => {
        const { account } = t.connect({
          providerUserId: '6421b3a0f1c2d3e4f5a6b7d0',
          username: 'janedoe',
          firstName: 'Jane',
          lastName: 'Doe',
          email: 'jane@example.com',
        });
        const response = await userInfo(t.emulator.clerk.currentAccessToken(account.id));
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({
          sub: '6421b3a0f1c2d3e4f5a6b7d0',
          name: 'Jane Doe',
          preferred_username: 'janedoe',
          profile: 'https://huggingface.co/janedoe',
          picture: account.imageUrl,
          isPro: false,
          orgs: [],
          email: 'jane@example.com',
          email_verified: true,
        });
      });

      it('answers an unknown token with 401 and its `error` body', async () => {
        const response = await userInfo('hf_oauth_unknown');
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({ error: 'Invalid credentials in Authorization header' });
      });

      it('answers a limit with 429 and the draft `RateLimit` headers', async () => {
        const { account } = t.connect();
        t.emulator.providers.huggingface?.rateLimit(account.id, { retryAfterSeconds: 89 });
        const response = await userInfo(t.emulator.clerk.currentAccessToken(account.id));
        expect(response.status).toBe(429);
        expect(response.headers.get('ratelimit')).toBe('"api";r=0;t=89');
        expect(response.headers.get('ratelimit-policy')).toBe('"fixed window";"api";q=500;w=300');
      });
    });
  },
);
