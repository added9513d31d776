import { expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

const MISSING_VERSION_WARNING = {
  id: 'missing_version',
  message: 'Please supply API version (YYYY-MM-DD) as CB-VERSION header',
  url: 'https://developers.coinbase.com/api#versioning',
};

describeProvider(
  {
    provider: 'coinbase',
    rateLimitSaysWait: false,
    account: {
      providerUserId: '9da7a204-544e-5fd1-9a12-61176c5d4cd8',
      username: 'user1',
      firstName: 'User',
      lastName: 'One',
      email: 'user1@example.com',
    },
    expected: (account) => ({
      id: '9da7a204-544e-5fd1-9a12-61176c5d4cd8',
      username: 'user1',
      name: 'User One',
      email: 'user1@example.com',
      avatarUrl: account.imageUrl,
      url: 'https://coinbase.com/user1',
    }),
  },
  (t) => {
    const getUser = (token: string, headers: Record<string, string> = {}) =>
      t.callApi('/v2/user', { token, headers });

    it('reads the public profile, without email, when wallet:user:email was not granted', async () => {
      const { token } = t.connect({ scopes: [] });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ username: 'user1', email: null });
    });

    it('reads the user next to a top-level warnings array', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 200,
        body: {
          data: { id: 'cb-1', name: 'User One', username: 'user1', resource: 'user' },
          warnings: [MISSING_VERSION_WARNING],
        },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ id: 'cb-1', name: 'User One', username: 'user1' });
    });

    it('warns about a missing CB-VERSION, and the gateway sends one', async () => {
      const { account, token } = t.connect();
      const without = (await (await getUser(account.accessToken)).json()) as Record<string, unknown>;
      expect(without.warnings).toEqual([MISSING_VERSION_WARNING]);
      const pinned = (await (
        await getUser(account.accessToken, { 'CB-VERSION': '2025-01-01' })
      ).json()) as Record<string, unknown>;
      expect(pinned).not.toHaveProperty('warnings');
      expect((await t.profileOf(token)).errors).toEqual([]);
    });

    it("names why a token is refused with Coinbase's 401 error ids", async () => {
      expect(await (await getUser('not-a-coinbase-token')).json()).toEqual({
        errors: [{ id: 'invalid_token', message: 'The access token is invalid' }],
      });
      const expired = t.connect().account;
      t.emulator.clerk.expireAccessToken(expired.id);
      expect(await (await getUser(expired.accessToken)).json()).toEqual({
        errors: [{ id: 'expired_token', message: 'The access token expired' }],
      });
      const revoked = t.connect().account;
      t.emulator.clerk.revokeAtProvider(revoked.id);
      const response = await getUser(revoked.accessToken);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        errors: [{ id: 'revoked_token', message: 'The access token was revoked' }],
      });
    });

    it('answers 403 invalid_scope with MISSING_SCOPES', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 403,
        body: { errors: [{ id: 'invalid_scope', message: 'Invalid scope' }] },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([
        {
          code: 'MISSING_SCOPES',
          provider: 'coinbase',
          accountId: account.id,
          requiredScopes: [],
          grantedScopes: ['wallet:user:read', 'wallet:user:email'],
        },
      ]);
    });

    // docs/providers.md#coinbase: Coinbase's 429 has no header saying how long to wait; the gateway
    // then says a minute.
    it('answers the documented 429, without any header, with RATE_LIMITED and the default minute', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 429,
        body: { errors: [{ id: 'rate_limit_exceeded', message: 'Too many requests' }] },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'coinbase', accountId: account.id, retryAfter: 60 },
      ]);
    });
  },
);
