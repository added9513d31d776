import { expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

describeProvider(
  {
    provider: 'atlassian',
    account: {
      providerUserId: '112233:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      username: 'mia',
      firstName: 'Mia',
      lastName: 'Krystof',
      email: 'mia@example.com',
    },
    expected: (account) => ({
      id: '112233:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      username: 'mia',
      name: 'Mia Krystof',
      email: 'mia@example.com',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    it('answers a token without read:me with 401 "Unauthorized; scope does not match"', async () => {
      const { account } = t.connect({ scopes: [] });
      const response = await t.callApi('/me', { token: account.accessToken });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
    });

    it('reads that 401 as MISSING_SCOPES, without fetching another token', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 401,
        body: { code: 401, message: 'Unauthorized; scope does not match' },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([
        {
          code: 'MISSING_SCOPES',
          provider: 'atlassian',
          accountId: account.id,
          requiredScopes: ['read:me'],
          grantedScopes: ['read:me'],
        },
      ]);
      expect(t.emulator.calls.count({ service: 'atlassian', accountId: account.id })).toBe(1);
    });

    // "email may be empty depending on the user's profile-visibility settings": left out, or "".
    it('gives a null email when profile visibility hides it (field left out)', async () => {
      const { token } = t.connect({ email: null, firstName: 'Mia', lastName: 'Krystof' });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ name: 'Mia Krystof', email: null });
    });

    it('gives a null email when profile visibility hides it (empty string)', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 200,
        body: { account_type: 'atlassian', account_id: 'acc-1', email: '', name: 'Mia', picture: null },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toEqual({
        id: 'acc-1',
        username: null,
        name: 'Mia',
        email: null,
        avatarUrl: null,
        url: null,
        source: 'PROVIDER',
      });
    });
  },
);
