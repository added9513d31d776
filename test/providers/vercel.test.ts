import { describe, expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

const SUB = 'kD1tW3oYmW8qLp0ZrX5v2uAb';

describeProvider(
  {
    provider: 'vercel',
    account: {
      providerUserId: SUB,
      username: 'janedoe',
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane@example.com',
    },
    // Vercel's userinfo claims carry no profile URL.
    expected: (account) => ({
      id: SUB,
      username: 'janedoe',
      name: 'Jane Doe',
      email: 'jane@example.com',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    const USERINFO = 'vercel.userinfo';

    // The reference marks userinfo's own answer unverified: an OAuth-style 401 (docs/providers.md#vercel).
    it('reads an OAuth-style 401 as a refused token too: REAUTH_REQUIRED', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: USERINFO,
        status: 401,
        body: { error: 'invalid_token', error_description: 'The access token is invalid' },
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: 'vercel', accountId: account.id }]);
    });

    it('answers a 403 without `invalidToken` with PROVIDER_ERROR, not REAUTH_REQUIRED', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: USERINFO,
        status: 403,
        body: { error: { code: 'forbidden', message: 'Not authorized' } },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'vercel', accountId: account.id }]);
    });

    it('has only the id when the token has `openid` alone', async () => {
      const { token } = t.connect({ providerUserId: SUB, scopes: ['openid'] });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toEqual({
        id: SUB,
        username: null,
        name: null,
        email: null,
        avatarUrl: null,
        url: null,
        source: 'PROVIDER',
      });
    });

    describe('the emulator', () => {
      async function userinfo(token?: string) {
        const response = await t.callApi('/login/oauth/userinfo', token === undefined ? {} : { token });
        return {
          status: response.status,
          headers: response.headers,
          body: (await response.json()) as unknown,
        };
      }

      it('answers the claims of the reference example', async () => {
        const { account } = t.connect({ providerUserId: SUB, username: 'janedoe' });
        const { status, body } = await userinfo(t.emulator.clerk.currentAccessToken(account.id));
        expect(status).toBe(200);
        expect(Object.keys(body as object)).toEqual([
          'sub',
          'email',
          'email_verified',
          'name',
          'preferred_username',
          'picture',
        ]);
        expect(body).toMatchObject({ sub: SUB, preferred_username: 'janedoe', email_verified: true });
      });

      it('answers a refused token with 403 and `error.invalidToken`', async () => {
        expect(await userinfo('unknown')).toMatchObject({
          status: 403,
          body: { error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } },
        });
      });

      it('answers a rate limit with 429, `X-RateLimit-*` headers and the limit in the body', async () => {
        const { account } = t.connect();
        t.emulator.providers.vercel?.rateLimit(account.id, { retryAfterSeconds: 25 });
        const { status, headers, body } = await userinfo(t.emulator.clerk.currentAccessToken(account.id));
        expect(status).toBe(429);
        expect(headers.get('x-ratelimit-limit')).toBe('100');
        expect(headers.get('x-ratelimit-remaining')).toBe('0');
        const reset = Number(headers.get('x-ratelimit-reset'));
        expect(reset - Date.now() / 1000).toBeGreaterThan(23);
        expect(reset - Date.now() / 1000).toBeLessThanOrEqual(26);
        expect(body).toEqual({
          error: {
            code: 'rate_limited',
            message: 'Rate limit exceeded',
            limit: { remaining: 0, reset, resetMs: expect.any(Number), total: 100 },
          },
        });
      });
    });
  },
);
