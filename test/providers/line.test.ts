import { describe, expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

const GET_PROFILE = 'line.getProfile';

describeProvider(
  {
    provider: 'line',
    rateLimitSaysWait: false,
    account: {
      providerUserId: 'U4af4980629a1b2c3d4e5f60718293a4b',
      firstName: 'Brown',
      lastName: null,
      // Clerk has it from the ID token; LINE's REST API never gives it out.
      email: 'brown@example.jp',
    },
    expected: (account) => ({
      id: 'U4af4980629a1b2c3d4e5f60718293a4b',
      name: 'Brown',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    it('has no avatar when LINE leaves `pictureUrl` out (the user set none)', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: GET_PROFILE,
        status: 200,
        body: { userId: 'U0123456789abcdef0123456789abcdef', displayName: 'Cony' },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toEqual({
        id: 'U0123456789abcdef0123456789abcdef',
        username: null,
        name: 'Cony',
        email: null,
        avatarUrl: null,
        url: null,
        source: 'PROVIDER',
      });
    });

    it('reads a 403 (a token without `profile`) as MISSING_SCOPES with the required and granted scopes', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: GET_PROFILE,
        status: 403,
        body: { message: 'Not authorized to use the API.' },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([
        {
          code: 'MISSING_SCOPES',
          provider: 'line',
          accountId: account.id,
          requiredScopes: ['profile'],
          acceptedScopes: [['profile']],
          grantedScopes: ['profile', 'openid', 'email'],
        },
      ]);
    });

    it('waits the default minute on a bare 429, the only limit signal LINE documents', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: GET_PROFILE,
        status: 429,
        body: { message: 'The API rate limit has been exceeded. Try again later.' },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'line', accountId: account.id, retryAfter: 60 },
      ]);
    });

    describe('the emulator', () => {
      const getProfile = (token: string) => t.callApi('/v2/profile', { token });

      it("answers the reference's profile shape with an `x-line-request-id`", async () => {
        const { account } = t.connect({
          providerUserId: 'Uaaaabbbbccccddddeeeeffff00001111',
          firstName: 'Sally',
          // The spec's account has no last name: give one, as the display name joins both names.
          lastName: 'Smith',
        });
        const response = await getProfile(t.emulator.clerk.currentAccessToken(account.id));
        expect(response.status).toBe(200);
        expect(response.headers.get('x-line-request-id')).toMatch(/^[0-9a-f]{32}$/);
        expect(await response.json()).toEqual({
          userId: 'Uaaaabbbbccccddddeeeeffff00001111',
          displayName: `Sally ${account.lastName}`,
          pictureUrl: account.imageUrl,
        });
      });

      it('answers an expired token with 401 "The access token expired"', async () => {
        const { account } = t.connect();
        const token = t.emulator.clerk.currentAccessToken(account.id);
        t.emulator.clerk.expireAccessToken(account.id);
        const response = await getProfile(token);
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({ message: 'The access token expired' });
      });

      it('answers a token without the `profile` scope with 403', async () => {
        const { account } = t.connect({ scopes: ['openid'] });
        const response = await getProfile(t.emulator.clerk.currentAccessToken(account.id));
        expect(response.status).toBe(403);
        expect(await response.json()).toEqual({ message: 'Not authorized to use the API.' });
      });
    });
  },
);
