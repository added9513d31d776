import { expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

describeProvider(
  {
    provider: 'box',
    account: { providerUserId: '11446498', firstName: 'Aaron', lastName: 'Levie', email: 'ceo@example.com' },
    // Box's `login` is the email; Box has no username and no profile page.
    expected: (account) => ({
      id: '11446498',
      name: 'Aaron Levie',
      email: 'ceo@example.com',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    it('answers an invalid token with 401, an empty body and the reason in WWW-Authenticate', async () => {
      const response = await t.callApi('/users/me', { token: 'not-a-box-token' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(
        'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."',
      );
      expect(await response.text()).toBe('');
    });

    // "401 usually comes with an EMPTY body": the other reading, a 401 with Box's JSON envelope.
    it('answers a 401 with a JSON error body with REAUTH_REQUIRED too', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 401,
        body: { type: 'error', status: 401, code: 'unauthorized', message: 'Unauthorized' },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: 'box', accountId: account.id }]);
    });

    it('answers a 403 as a refusal, never a rate limit, even with Retry-After', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 403,
        body: {
          type: 'error',
          status: 403,
          code: 'access_denied_insufficient_permissions',
          message: 'Access denied - insufficient permission',
        },
        headers: { 'Retry-After': '5' },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'box', accountId: account.id }]);
    });

    it('returns only the asked fields, plus type and id, with ?fields=', async () => {
      const { account } = t.connect({ providerUserId: '11446498', firstName: 'Aaron', lastName: 'Levie' });
      const response = await t.callApi('/users/me?fields=name,avatar_url', { token: account.accessToken });
      expect(await response.json()).toEqual({
        type: 'user',
        id: '11446498',
        name: 'Aaron Levie',
        avatar_url: account.imageUrl,
      });
    });
  },
);
