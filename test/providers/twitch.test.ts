import { describe, expect, it } from 'vitest';
import { EMULATED_TWITCH_CLIENT_ID } from '../../src/providers/twitch/emulator.js';
import { describeProvider } from '../support/provider-harness.js';

describeProvider(
  {
    provider: 'twitch',
    env: { GATEWAY_TWITCH_CLIENT_ID: EMULATED_TWITCH_CLIENT_ID },
    account: { providerUserId: '141981764', username: 'TwitchDev', email: 'not-real@email.com' },
    expected: (account) => ({
      id: '141981764',
      username: 'twitchdev',
      name: 'TwitchDev',
      email: 'not-real@email.com',
      avatarUrl: account.imageUrl,
      url: 'https://www.twitch.tv/twitchdev',
    }),
  },
  (t) => {
    it('has no email when the token lacks `user:read:email`', async () => {
      const { token } = t.connect({ username: 'TwitchDev', scopes: [] });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ username: 'twitchdev', email: null });
    });

    it('answers an empty `data` with PROVIDER_ERROR', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, { route: 'twitch.getUsers', status: 200, body: { data: [] } });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      // An answer in an unexpected shape (refused by `calls.getJson`'s schema) is not attributed to the
      // account by the shared code.
      expect(errors).toMatchObject([{ code: 'PROVIDER_ERROR' }]);
    });

    describe('the emulator', () => {
      async function users(headers: Record<string, string>) {
        const response = await t.callApi('/users', { headers });
        return {
          status: response.status,
          headers: response.headers,
          body: (await response.json()) as unknown,
        };
      }

      it('answers the fields of the reference example', async () => {
        const { account } = t.connect({ providerUserId: '141981764', username: 'TwitchDev' });
        const { status, body } = await users({
          authorization: `Bearer ${t.emulator.clerk.currentAccessToken(account.id)}`,
          'client-id': EMULATED_TWITCH_CLIENT_ID,
        });
        expect(status).toBe(200);
        const [user] = (body as { data: Record<string, unknown>[] }).data;
        expect(Object.keys(user ?? {})).toEqual([
          'id',
          'login',
          'display_name',
          'type',
          'broadcaster_type',
          'description',
          'profile_image_url',
          'offline_image_url',
          'view_count',
          'email',
          'created_at',
        ]);
        expect(user).toMatchObject({ id: '141981764', login: 'twitchdev', display_name: 'TwitchDev' });
      });

      it("answers Twitch's 401s: no token, no Client-Id, another app's Client-Id, an invalid token", async () => {
        const { account } = t.connect();
        const bearer = `Bearer ${t.emulator.clerk.currentAccessToken(account.id)}`;
        const unauthorized = (message: string) => ({
          status: 401,
          body: { error: 'Unauthorized', status: 401, message },
        });
        expect(await users({ 'client-id': EMULATED_TWITCH_CLIENT_ID })).toMatchObject(
          unauthorized('OAuth token is missing'),
        );
        expect(await users({ authorization: bearer })).toMatchObject(unauthorized('Client ID is missing'));
        expect(await users({ authorization: bearer, 'client-id': 'another-app' })).toMatchObject(
          unauthorized('Client ID and OAuth token do not match'),
        );
        expect(
          await users({ authorization: 'Bearer unknown', 'client-id': EMULATED_TWITCH_CLIENT_ID }),
        ).toMatchObject(unauthorized('Invalid OAuth token'));
      });

      it('answers a rate limit with 429 and `Ratelimit-*` headers, the reset in epoch seconds', async () => {
        const { account } = t.connect();
        t.emulator.providers.twitch?.rateLimit(account.id, { retryAfterSeconds: 20 });
        const { status, headers, body } = await users({
          authorization: `Bearer ${t.emulator.clerk.currentAccessToken(account.id)}`,
          'client-id': EMULATED_TWITCH_CLIENT_ID,
        });
        expect(status).toBe(429);
        expect(body).toEqual({ error: 'Too Many Requests', status: 429, message: 'Too Many Requests' });
        expect(headers.get('ratelimit-limit')).toBe('800');
        expect(headers.get('ratelimit-remaining')).toBe('0');
        const resetIn = Number(headers.get('ratelimit-reset')) - Date.now() / 1000;
        expect(resetIn).toBeGreaterThan(18);
        expect(resetIn).toBeLessThanOrEqual(21);
      });
    });

    // The gateway reads the setting once, at start, and the harness's has the right one, which the
    // contract needs: these cases run on a second gateway over the same emulator.
    describe('without GATEWAY_TWITCH_CLIENT_ID', () => {
      it('refuses with PROVIDER_ERROR, without calling Twitch', async () => {
        const other = await t.gatewayWith({ GATEWAY_TWITCH_CLIENT_ID: undefined });
        try {
          const { account, token } = t.connect();
          t.emulator.calls.reset();
          const { profile, errors } = await t.profileOf(token, other);
          expect(profile).toBeNull();
          expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'twitch', accountId: account.id }]);
          expect(t.emulator.calls.count({ service: 'twitch' })).toBe(0);
        } finally {
          await other.close();
        }
      });
    });

    describe('with the Client-Id of another app', () => {
      // The operator's setting is wrong, not the user's token: reconnecting would not help.
      it("answers Twitch's 401 `Client ID and OAuth token do not match` with PROVIDER_ERROR, not REAUTH_REQUIRED", async () => {
        const other = await t.gatewayWith({ GATEWAY_TWITCH_CLIENT_ID: 'someotherappsclientid000000000' });
        try {
          const { account, token } = t.connect();
          const { errors } = await t.profileOf(token, other);
          expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'twitch', accountId: account.id }]);
          expect(t.emulator.calls.count({ service: 'twitch', accountId: account.id })).toBe(1);
        } finally {
          await other.close();
        }
      });
    });
  },
);
