import { describe, expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

/** The Google example account of docs/providers.md#google (a Workspace account: its domain is not gmail.com). */
const JANE = { firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com' };
const USERINFO_EMAIL = 'https://www.googleapis.com/auth/userinfo.email';
const USERINFO_PROFILE = 'https://www.googleapis.com/auth/userinfo.profile';

function apiError(code: number, status: string, reason: string, message = 'Refused', details?: unknown[]) {
  return {
    error: {
      code,
      message,
      errors: [{ message, domain: 'usageLimits', reason }],
      status,
      ...(details ? { details } : {}),
    },
  };
}

describeProvider(
  {
    provider: 'google',
    account: JANE,
    expected: (account) => ({
      id: account.providerUserId,
      name: 'Jane Doe',
      email: 'jane@example.com',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    const userinfo = (token: string) => t.callApi('/oauth2/v3/userinfo', { token });

    describe('the emulator', () => {
      it("answers the claims of the token's scopes, hd for a Workspace domain", async () => {
        const { account } = t.connect();
        const response = await userinfo(account.accessToken);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({
          sub: account.providerUserId,
          name: 'Jane Doe',
          given_name: 'Jane',
          family_name: 'Doe',
          picture: account.imageUrl,
          email: 'jane@example.com',
          email_verified: true,
          hd: 'example.com',
        });
        const { account: consumer } = t.connect({ email: 'jane.doe@gmail.com', scopes: ['openid', 'email'] });
        expect(await (await userinfo(consumer.accessToken)).json()).toEqual({
          sub: consumer.providerUserId,
          email: 'jane.doe@gmail.com',
          email_verified: true,
        });
        const { account: bare } = t.connect({ scopes: ['openid'] });
        expect(await (await userinfo(bare.accessToken)).json()).toEqual({ sub: bare.providerUserId });
      });

      it('answers a refused token OAuth-style, with a WWW-Authenticate challenge', async () => {
        const response = await userinfo('ya29.not-a-token');
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe(
          'Bearer realm="https://accounts.google.com/", error="invalid_token"',
        );
        expect(await response.json()).toEqual({
          error: 'invalid_request',
          error_description: 'Invalid Credentials',
        });
      });

      it('answers a token without any identity scope with ACCESS_TOKEN_SCOPE_INSUFFICIENT', async () => {
        const { account } = t.connect({ scopes: ['https://www.googleapis.com/auth/calendar.readonly'] });
        const response = await userinfo(account.accessToken);
        expect(response.status).toBe(403);
        expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
        expect(await response.json()).toMatchObject({
          error: {
            code: 403,
            status: 'PERMISSION_DENIED',
            errors: [{ reason: 'insufficientPermissions' }],
            details: [{ reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT' }],
          },
        });
      });

      it('names the moment a rate limit ends in its message, as Gmail does', async () => {
        const { account } = t.connect();
        t.emulator.providers.google?.rateLimit(account.id, { retryAfterSeconds: 30 });
        const response = await userinfo(account.accessToken);
        expect(response.status).toBe(403);
        expect(response.headers.get('retry-after')).toBeNull();
        const body = (await response.json()) as { error: { message: string } };
        expect(body).toMatchObject({ error: { code: 403, errors: [{ reason: 'rateLimitExceeded' }] } });
        const retryAt = /Retry after (\S+)$/.exec(body.error.message)?.[1] ?? '';
        expect(Date.parse(retryAt) - Date.now()).toBeGreaterThan(25_000);
      });
    });

    describe('the gateway', () => {
      it('reads a profile of an openid-only account: just its id', async () => {
        const { account, token } = t.connect({ scopes: ['openid'] });
        const { profile, errors } = await t.profileOf(token);
        expect(errors).toEqual([]);
        expect(profile).toMatchObject({
          id: account.providerUserId,
          name: null,
          email: null,
          avatarUrl: null,
        });
      });

      it('reads the short scope names too (email, profile)', async () => {
        const { account, token } = t.connect({ scopes: ['openid', 'email', 'profile'] });
        expect((await t.profileOf(token)).profile).toMatchObject({
          id: account.providerUserId,
          name: 'Jane Doe',
          email: 'jane@example.com',
          avatarUrl: account.imageUrl,
        });
      });

      it('answers the API envelope 401 (the other reading of an invalid token) with REAUTH_REQUIRED', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          status: 401,
          body: apiError(401, 'UNAUTHENTICATED', 'authError', 'Invalid Credentials'),
          headers: {
            'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
          },
        });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'REAUTH_REQUIRED', provider: 'google', accountId: account.id },
        ]);
        expect(t.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId: account.userId })).toBe(
          2,
        );
      });

      it.each([
        [
          'the API envelope',
          apiError(403, 'PERMISSION_DENIED', 'insufficientPermissions', 'Insufficient Permission', [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
            },
          ]),
          {},
        ],
        [
          'an OAuth-style body',
          { error: 'insufficient_scope' },
          { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="insufficient_scope"' },
        ],
        [
          'only the WWW-Authenticate challenge',
          undefined,
          { 'www-authenticate': 'Bearer error="insufficient_scope"' },
        ],
      ])('answers a missing scope in %s with MISSING_SCOPES', async (_case, body, headers) => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, { status: 403, body, headers });
        expect((await t.profileOf(token)).errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'google',
            accountId: account.id,
            requiredScopes: ['openid'],
            acceptedScopes: [['openid']],
            grantedScopes: ['openid', USERINFO_EMAIL, USERINFO_PROFILE],
          },
        ]);
      });

      it.each([
        [
          "the reference's 403 rateLimitExceeded, no wait stated",
          403,
          apiError(403, 'PERMISSION_DENIED', 'rateLimitExceeded'),
          {},
          60,
        ],
        [
          'a 403 userRateLimitExceeded',
          403,
          apiError(403, 'PERMISSION_DENIED', 'userRateLimitExceeded'),
          {},
          60,
        ],
        ['a 403 quotaExceeded', 403, apiError(403, 'PERMISSION_DENIED', 'quotaExceeded'), {}, 60],
        [
          'a 429 with a RetryInfo detail',
          429,
          apiError(429, 'RESOURCE_EXHAUSTED', 'rateLimitExceeded', 'Quota exceeded', [
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' },
          ]),
          {},
          12,
        ],
        ['a bare 429 with Retry-After', 429, undefined, { 'retry-after': '5' }, 5],
      ])('answers %s with RATE_LIMITED', async (_case, status, body, headers, retryAfter) => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, { status, body, headers });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'RATE_LIMITED', provider: 'google', accountId: account.id, retryAfter },
        ]);
      });

      it('answers another 403 with PROVIDER_ERROR', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          status: 403,
          body: apiError(403, 'PERMISSION_DENIED', 'forbidden', 'The caller does not have permission'),
        });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'PROVIDER_ERROR', provider: 'google', accountId: account.id },
        ]);
      });
    });
  },
);
