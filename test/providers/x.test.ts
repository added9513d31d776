import { expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

describeProvider(
  {
    provider: 'x',
    account: { username: 'XDevelopers', firstName: 'X', lastName: 'Dev', email: 'dev@example.com' },
    // Without `users.email` (not a Clerk default) X gives no email.
    expected: (account) => ({
      id: account.providerUserId,
      username: 'XDevelopers',
      name: 'X Dev',
      avatarUrl: account.imageUrl,
      url: 'https://x.com/XDevelopers',
    }),
  },
  (t) => {
    /** The `user.fields` of the account's first call to X. */
    function userFieldsAsked(accountId: string): string | undefined {
      const [call] = t.emulator.calls.all().filter((record) => record.accountId === accountId);
      return call?.query['user.fields'];
    }

    it('asks for confirmed_email only when the account granted users.email, and reads it', async () => {
      const { account, token } = t.connect({
        scopes: ['users.read', 'tweet.read', 'users.email'],
        email: 'dev@example.com',
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile?.email).toBe('dev@example.com');
      expect(userFieldsAsked(account.id)).toBe('profile_image_url,confirmed_email');
    });

    it('does not ask for confirmed_email with the default scopes', async () => {
      const { account, token } = t.connect({ email: 'dev@example.com' });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile?.email).toBeNull();
      expect(userFieldsAsked(account.id)).toBe('profile_image_url');
    });

    it('reads the profile from a 200 that also carries partial errors', async () => {
      const { account, token } = t.connect({ username: 'partial' });
      t.answerOnce(account.id, {
        times: 1,
        status: 200,
        body: {
          data: { id: account.providerUserId, name: 'Partial', username: 'partial' },
          errors: [{ title: 'Not Found Error', detail: 'Could not find pinned tweet.', type: 'about:blank' }],
        },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({
        id: account.providerUserId,
        username: 'partial',
        name: 'Partial',
        avatarUrl: null,
      });
    });

    it("answers X's 403 client-not-enrolled with PROVIDER_ERROR, not a rate limit", async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 403,
        headers: { 'content-type': 'application/problem+json' },
        body: {
          client_id: '123456',
          detail:
            'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project.',
          registration_url: 'https://developer.twitter.com/en/docs/projects/overview',
          title: 'Client Forbidden',
          required_enrollment: 'Appropriate Level of API Access',
          reason: 'client-not-enrolled',
          type: 'https://api.twitter.com/2/problems/client-forbidden',
        },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'x', accountId: account.id }]);
    });

    it('waits a minute on a 429 without x-rate-limit-reset', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 429,
        body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'x', accountId: account.id, retryAfter: 60 },
      ]);
    });
  },
);
