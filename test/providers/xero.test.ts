import { expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

// Xero has no "me" endpoint: the person is Clerk's record of the Xero identity, read once `GET
// /connections` accepted the token.
describeProvider(
  {
    provider: 'xero',
    account: { username: null, firstName: 'Maple', lastName: 'Florist', email: 'maple@example.com' },
    expected: (account) => ({
      id: account.providerUserId,
      name: 'Maple Florist',
      email: 'maple@example.com',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    async function connectionsAnswer(accessToken: string) {
      const response = await t.callApi('/connections', {
        token: accessToken,
        headers: { accept: 'application/json' },
      });
      return { response, body: (await response.json()) as unknown };
    }

    it('lists no tenant with only the identity scopes, one once an accounting scope is granted', async () => {
      const identityOnly = t.connect();
      const withAccounting = t.connect({
        scopes: ['openid', 'profile', 'email', 'offline_access', 'accounting.transactions.read'],
      });
      expect((await connectionsAnswer(identityOnly.account.accessToken)).body).toEqual([]);
      expect((await connectionsAnswer(withAccounting.account.accessToken)).body).toEqual([
        expect.objectContaining({ tenantType: 'ORGANISATION', tenantName: 'Florist Ltd' }),
      ]);
      for (const { token } of [identityOnly, withAccounting]) {
        const { profile, errors } = await t.profileOf(token);
        expect(errors).toEqual([]);
        expect(profile).toMatchObject({ name: 'Maple Florist', source: 'PROVIDER' });
      }
    });

    it('answers an expired token with the PascalCase TokenExpired body, any other with AuthenticationUnsuccessful', async () => {
      const expired = t.connect();
      t.emulator.clerk.expireAccessToken(expired.account.id);
      const expiredAnswer = await connectionsAnswer(expired.account.accessToken);
      expect(expiredAnswer.response.status).toBe(401);
      expect(expiredAnswer.response.headers.get('www-authenticate')).toBe('Bearer error=invalid_token');
      expect(expiredAnswer.body).toMatchObject({
        Title: 'Unauthorized',
        Status: 401,
        Detail: expect.stringMatching(/^TokenExpired: token expired at \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/),
      });

      const unknown = await connectionsAnswer('not-a-xero-token');
      expect(unknown.response.status).toBe(401);
      expect(unknown.response.headers.get('xero-correlation-id')).toBeTruthy();
      expect(unknown.body).toMatchObject({
        title: 'Unauthorized',
        status: 401,
        detail: 'AuthenticationUnsuccessful',
      });
    });

    it('turns either 401 body into REAUTH_REQUIRED', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 401,
        headers: { 'www-authenticate': 'Bearer error=invalid_token' },
        body: {
          Type: null,
          Title: 'Unauthorized',
          Status: 401,
          Detail: 'TokenExpired: token expired at 04/09/2023 05:16:59',
          Instance: '6489df60-8891-470e-9268-a9a43f5da71e',
          Extensions: {},
        },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: 'xero', accountId: account.id }]);
    });

    it('waits as long as Retry-After says when the daily limit is used up', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 429,
        headers: { 'retry-after': '3600', 'x-rate-limit-problem': 'day', 'x-daylimit-remaining': '0' },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'xero', accountId: account.id, retryAfter: 3600 },
      ]);
    });

    it('refuses a /connections answer that is not a list with PROVIDER_ERROR', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, { status: 200, body: { Status: 'OK', Connections: [] } });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'xero', accountId: account.id }]);
      expect(profile).toBeNull();
    });
  },
);
