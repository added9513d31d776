import { expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

const JANE_UUID = '{d301aafa-d676-4ee0-88be-962be7417567}';

const SCOPE_REFUSAL = (granted: string[], required: string[]) => ({
  type: 'error',
  error: {
    message: 'Your credentials lack one or more required privilege scopes.',
    detail: { granted, required },
  },
});

describeProvider(
  {
    provider: 'bitbucket',
    rateLimitSaysWait: false,
    account: {
      providerUserId: JANE_UUID,
      username: 'janedoe',
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane@example.com',
    },
    // The email comes from `GET /user/emails` (Clerk's default scopes include `email`).
    expected: (account) => ({
      id: JANE_UUID,
      username: 'janedoe',
      name: 'Jane Doe',
      email: 'jane@example.com',
      avatarUrl: account.imageUrl,
      url: 'https://bitbucket.org/%7Bd301aafa-d676-4ee0-88be-962be7417567%7D/',
    }),
  },
  (t) => {
    it('reads no email, and does not ask for one, without the email scope', async () => {
      // Clerk's id without braces: the profile's is Bitbucket's uuid, braces included.
      const { account, token } = t.connect({ scopes: ['account'], providerUserId: JANE_UUID.slice(1, -1) });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ id: `{${account.providerUserId}}`, email: null });
      expect(t.emulator.calls.count({ route: 'bitbucket.listEmails', accountId: account.id })).toBe(0);
    });

    it('keeps the profile, without email, when Bitbucket refuses the email scope', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: 'bitbucket.listEmails',
        status: 403,
        body: SCOPE_REFUSAL(['account'], ['email']),
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ email: null, username: account.username });
    });

    it('reads the primary address of several', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: 'bitbucket.listEmails',
        status: 200,
        body: {
          pagelen: 10,
          page: 1,
          size: 2,
          values: [
            { is_primary: false, is_confirmed: true, type: 'email', email: 'old@example.com' },
            { is_primary: true, is_confirmed: true, type: 'email', email: 'primary@example.com' },
          ],
        },
      });
      const { profile } = await t.profileOf(token);
      expect(profile).toMatchObject({ email: 'primary@example.com' });
    });

    it("answers the scope refusal of /user with MISSING_SCOPES, the profile's scopes and the granted ones", async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: 'bitbucket.getUser',
        status: 403,
        body: SCOPE_REFUSAL(['email'], ['account']),
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([
        {
          code: 'MISSING_SCOPES',
          provider: 'bitbucket',
          accountId: account.id,
          requiredScopes: ['account'],
          grantedScopes: ['account', 'email'],
        },
      ]);
    });

    it('answers its own scope refusal when a token lacks the scope', async () => {
      const { account } = t.connect({ scopes: ['account'] });
      const response = await t.callApi('/user/emails', { token: account.accessToken });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual(SCOPE_REFUSAL(['account'], ['email']));
    });

    // docs/providers.md#bitbucket documents no wait on Bitbucket's 429: the gateway then says a minute.
    it('answers a 429 without Retry-After with RATE_LIMITED and the default minute', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: 'bitbucket.getUser',
        status: 429,
        body: { type: 'error', error: { message: 'Rate limit for this resource has been exceeded' } },
        headers: { 'X-RateLimit-Limit': '1000', 'X-RateLimit-Resource': 'api' },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'bitbucket', accountId: account.id, retryAfter: 60 },
      ]);
    });
  },
);
