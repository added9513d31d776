import { describe, expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

describeProvider(
  {
    provider: 'spotify',
    account: { providerUserId: 'wizzler', firstName: 'JM', lastName: 'Wizzler', email: 'email@example.com' },
    // Spotify has no handle besides the user id.
    expected: (account) => ({
      id: 'wizzler',
      name: 'JM Wizzler',
      email: 'email@example.com',
      avatarUrl: account.imageUrl,
      url: 'https://open.spotify.com/user/wizzler',
    }),
  },
  (t) => {
    const GET_CURRENT_USER = 'spotify.getCurrentUser';

    it("reads a Development-Mode app's `/me`, which has no email, country or product", async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: GET_CURRENT_USER,
        status: 200,
        body: {
          display_name: 'JM Wizzler',
          external_urls: { spotify: 'https://open.spotify.com/user/wizzler' },
          href: 'https://api.spotify.com/v1/users/wizzler',
          id: 'wizzler',
          images: [],
          type: 'user',
          uri: 'spotify:user:wizzler',
        },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toEqual({
        id: 'wizzler',
        username: null,
        name: 'JM Wizzler',
        email: null,
        avatarUrl: null,
        url: 'https://open.spotify.com/user/wizzler',
        source: 'PROVIDER',
      });
    });

    it('takes the widest of several pictures, whatever their order', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: GET_CURRENT_USER,
        status: 200,
        body: {
          id: 'wizzler',
          display_name: null,
          images: [
            { height: 64, url: 'https://i.scdn.co/image/small', width: 64 },
            { height: 300, url: 'https://i.scdn.co/image/large', width: 300 },
          ],
        },
      });
      const { profile } = await t.profileOf(token);
      expect(profile?.avatarUrl).toBe('https://i.scdn.co/image/large');
    });

    it("answers the 403 for a user missing from a Development-Mode app's allowlist with PROVIDER_ERROR", async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        route: GET_CURRENT_USER,
        status: 403,
        body: { error: { status: 403, message: 'User not registered in the Developer Dashboard' } },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'spotify', accountId: account.id }]);
    });

    it('has no email when the token lacks `user-read-email`', async () => {
      const { token } = t.connect({ scopes: ['user-read-private'], email: 'email@example.com' });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile?.email).toBeNull();
    });

    describe('the emulator', () => {
      async function me(token?: string) {
        const response = await t.callApi('/me', token === undefined ? {} : { token });
        return {
          status: response.status,
          headers: response.headers,
          body: (await response.json()) as unknown,
        };
      }

      it('answers the fields of the reference example', async () => {
        const { account } = t.connect({ providerUserId: 'wizzler' });
        const { status, body } = await me(t.emulator.clerk.currentAccessToken(account.id));
        expect(status).toBe(200);
        expect(Object.keys(body as object)).toEqual([
          'country',
          'display_name',
          'email',
          'explicit_content',
          'external_urls',
          'followers',
          'href',
          'id',
          'images',
          'product',
          'type',
          'uri',
          'account_id',
        ]);
        expect(body).toMatchObject({ id: 'wizzler', uri: 'spotify:user:wizzler', type: 'user' });
      });

      it("answers refused tokens with 401 and Spotify's error envelope", async () => {
        const { account } = t.connect();
        const token = t.emulator.clerk.currentAccessToken(account.id);
        const refusal = (message: string) => ({ status: 401, body: { error: { status: 401, message } } });
        expect(await me()).toMatchObject(refusal('No token provided'));
        expect(await me('BQunknown')).toMatchObject(refusal('Invalid access token'));
        t.emulator.clerk.expireAccessToken(account.id);
        expect(await me(token)).toMatchObject(refusal('The access token expired'));
      });

      it('answers a rate limit with 429 and Retry-After', async () => {
        const { account } = t.connect();
        t.emulator.providers.spotify?.rateLimit(account.id, { retryAfterSeconds: 9 });
        const { status, headers, body } = await me(t.emulator.clerk.currentAccessToken(account.id));
        expect(status).toBe(429);
        expect(headers.get('retry-after')).toBe('9');
        expect(body).toEqual({ error: { status: 429, message: 'API rate limit exceeded' } });
      });
    });
  },
);
