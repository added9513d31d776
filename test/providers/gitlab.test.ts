import { describe, expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

/** The GitLab example user of docs/providers.md#gitlab. */
const JOHN = {
  providerUserId: '1',
  username: 'john_smith',
  firstName: 'John',
  lastName: 'Smith',
  email: 'john@example.com',
};

const INSUFFICIENT_SCOPE = {
  error: 'insufficient_scope',
  error_description: 'The request requires higher privileges than provided by the access token.',
  scope: 'api read_api read_user',
};

describeProvider(
  {
    provider: 'gitlab',
    account: JOHN,
    expected: (account) => ({
      id: '1',
      username: 'john_smith',
      name: 'John Smith',
      email: 'john@example.com',
      avatarUrl: account.imageUrl,
      url: 'https://gitlab.com/john_smith',
    }),
  },
  (t) => {
    const getUser = (token: string) => t.callApi('/user', { token });

    describe('the emulator', () => {
      it("answers GET /user in the reference's shape", async () => {
        const { account } = t.connect();
        const response = await getUser(account.accessToken);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json');
        expect(await response.json()).toMatchObject({
          id: 1,
          username: 'john_smith',
          name: 'John Smith',
          state: 'active',
          avatar_url: account.imageUrl,
          web_url: 'https://gitlab.com/john_smith',
          public_email: '',
          email: 'john@example.com',
          commit_email: 'john@example.com',
          identities: [],
          bot: false,
        });
      });

      it('says why a token is refused: unknown, expired or revoked', async () => {
        expect(await (await getUser('glpat-unknown')).json()).toEqual({ message: '401 Unauthorized' });

        const { account } = t.connect();
        const expiredToken = account.accessToken;
        t.emulator.clerk.expireAccessToken(account.id);
        const expired = await getUser(expiredToken);
        expect(expired.status).toBe(401);
        expect(expired.headers.get('www-authenticate')).toBe(
          'Bearer realm="Protected by OAuth 2.0", error="invalid_token", error_description="Token is expired. You can either do re-authorization or token refresh."',
        );
        expect(await expired.json()).toEqual({
          error: 'invalid_token',
          error_description: 'Token is expired. You can either do re-authorization or token refresh.',
        });

        const { account: revoked } = t.connect();
        t.emulator.clerk.revokeAtProvider(revoked.id);
        expect(await (await getUser(revoked.accessToken)).json()).toEqual({
          error: 'invalid_token',
          error_description: 'Token was revoked. You have to re-authorize from the user.',
        });
      });

      it('answers a token without a user scope with 403 insufficient_scope', async () => {
        const { account } = t.connect({ scopes: ['openid'] });
        const response = await getUser(account.accessToken);
        expect(response.status).toBe(403);
        expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
        expect(await response.json()).toEqual(INSUFFICIENT_SCOPE);
      });

      it('answers a rate limit in plain text with RateLimit-* headers', async () => {
        const { account } = t.connect();
        t.emulator.providers.gitlab?.rateLimit(account.id, { retryAfterSeconds: 30 });
        const response = await getUser(account.accessToken);
        expect(response.status).toBe(429);
        expect(response.headers.get('content-type')).toBe('text/plain');
        expect(await response.text()).toBe('Retry later\n');
        expect(response.headers.get('retry-after')).toBe('30');
        expect(response.headers.get('ratelimit-remaining')).toBe('0');
        expect(response.headers.get('ratelimit-name')).toBe('throttle_authenticated_api');
        const reset = Number(response.headers.get('ratelimit-reset'));
        expect(reset - Date.now() / 1000).toBeGreaterThan(28);
        expect(Date.parse(response.headers.get('ratelimit-resettime') ?? '')).toBe(reset * 1000);
      });
    });

    describe('the gateway', () => {
      it('answers 403 insufficient_scope with MISSING_SCOPES, without asking Clerk for a fresh token', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, { status: 403, body: INSUFFICIENT_SCOPE });
        expect((await t.profileOf(token)).errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'gitlab',
            accountId: account.id,
            requiredScopes: ['read_user'],
            grantedScopes: ['read_user'],
          },
        ]);
        expect(t.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId: account.userId })).toBe(
          1,
        );
      });

      it('answers another 403 with PROVIDER_ERROR', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, { status: 403, body: { message: '403 Forbidden' } });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'PROVIDER_ERROR', provider: 'gitlab', accountId: account.id },
        ]);
      });

      it('reads the wait of a 429 from RateLimit-Reset once RateLimit-Remaining is 0', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          status: 429,
          body: 'Retry later\n',
          headers: {
            'ratelimit-remaining': '0',
            'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 20),
          },
        });
        const [error] = (await t.profileOf(token)).errors;
        expect(error).toMatchObject({ code: 'RATE_LIMITED', provider: 'gitlab', accountId: account.id });
        expect(error?.retryAfter).toBeGreaterThanOrEqual(19);
        expect(error?.retryAfter).toBeLessThanOrEqual(21);
      });
    });
  },
);
