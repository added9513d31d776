import { describe, expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

/** The HubSpot token metadata example of docs/providers.md#hubspot. */
const TEST_USER = { providerUserId: '123456', email: 'test@hubspot.com' };

const TOKEN_PATH = /^\/oauth\/v1\/access-tokens\/(.+)$/;

describeProvider(
  {
    provider: 'hubspot',
    account: TEST_USER,
    expected: () => ({ id: '123456', email: 'test@hubspot.com' }),
  },
  (t) => {
    async function profileErrors(token: string) {
      return (await t.profileOf(token)).errors;
    }

    const getAccessToken = (token: string) =>
      t.callApi(`/oauth/v1/access-tokens/${encodeURIComponent(token)}`);

    describe('the emulator', () => {
      it('answers the metadata of the token in the path, with no Authorization header', async () => {
        const { account } = t.connect();
        const response = await getAccessToken(account.accessToken);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({
          token: account.accessToken,
          user: 'test@hubspot.com',
          hub_domain: 'hubspot.com',
          scopes: ['oauth', 'crm.objects.owners.read'],
          hub_id: expect.any(Number),
          app_id: 456789,
          expires_in: expect.any(Number),
          user_id: 123456,
          token_type: 'access',
        });
      });

      it('answers an unknown token with INVALID_AUTHENTICATION and an expired one with EXPIRED_AUTHENTICATION', async () => {
        const unknown = await getAccessToken('CNye4dqFMBICAAEYhOKlDZZ_unknown');
        expect(unknown.status).toBe(401);
        expect(await unknown.json()).toEqual({
          status: 'error',
          message: expect.stringMatching(/^Authentication credentials not found\./),
          correlationId: expect.any(String),
          category: 'INVALID_AUTHENTICATION',
        });
        const { account } = t.connect();
        const expiredToken = account.accessToken;
        t.emulator.clerk.expireAccessToken(account.id);
        const expired = await getAccessToken(expiredToken);
        expect(expired.status).toBe(401);
        expect(await expired.json()).toMatchObject({
          message: 'The OAuth token used to make this call expired 0 minute(s) ago.',
          category: 'EXPIRED_AUTHENTICATION',
        });
      });

      it('answers a rate limit with the ten-secondly policy and no call left in its window', async () => {
        const { account } = t.connect();
        t.emulator.providers.hubspot?.rateLimit(account.id);
        const response = await getAccessToken(account.accessToken);
        expect(response.status).toBe(429);
        expect(response.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
        expect(response.headers.get('x-hubspot-ratelimit-max')).toBe('110');
        expect(response.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
        expect(await response.json()).toMatchObject({
          status: 'error',
          errorType: 'RATE_LIMIT',
          policyName: 'TEN_SECONDLY_ROLLING',
          groupName: expect.stringMatching(/^publicapi:oauth:456789:\d+$/),
        });
      });
    });

    describe('the gateway', () => {
      // The stack runs at the default log level, debug: every provider call is logged.
      it('never logs the token it puts in the path', async () => {
        const fine = t.connect();
        const revoked = t.connect();
        t.emulator.clerk.revokeAtProvider(revoked.account.id);
        const limited = t.connect();
        t.emulator.providers.hubspot?.rateLimit(limited.account.id);
        const expiring = t.connect();
        t.emulator.calls.reset();
        t.stack.logs.length = 0;

        expect(await profileErrors(fine.token)).toEqual([]);
        expect(await profileErrors(revoked.token)).toMatchObject([{ code: 'REAUTH_REQUIRED' }]);
        expect(await profileErrors(limited.token)).toMatchObject([{ code: 'RATE_LIMITED' }]);
        // Read once, then refused as expired and read again with a fresh token: two tokens in paths.
        expect(await profileErrors(expiring.token)).toEqual([]);
        t.emulator.clerk.expireAccessToken(expiring.account.id);
        expect(await profileErrors(expiring.token)).toEqual([]);

        const tokens = t.emulator.calls
          .all()
          .filter((call) => call.service === 'hubspot')
          .map((call) => decodeURIComponent(TOKEN_PATH.exec(call.path)?.[1] ?? ''));
        expect(new Set(tokens).size).toBe(5);
        expect(tokens).toContain(fine.account.accessToken);
        const providerCalls = t.stack.logs.filter((line) => line.includes('"provider call"'));
        expect(providerCalls).toHaveLength(tokens.length);
        for (const line of providerCalls) expect(line).toContain('/oauth/v1/access-tokens/{token}');
        for (const line of t.stack.logs) {
          for (const token of tokens) expect(line).not.toContain(token);
        }
      });

      it('answers a 403 with category MISSING_SCOPES with MISSING_SCOPES', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          status: 403,
          body: {
            status: 'error',
            message: "This app hasn't been granted all required scopes to make this call.",
            correlationId: 'c033cdaa-2c40-4a64-ae48-b4cec88dad24',
            errors: [
              {
                message: 'One or more of the following scopes are required.',
                context: { requiredGranularScopes: ['oauth'] },
              },
            ],
            links: { scopes: 'https://developers.hubspot.com/scopes' },
            category: 'MISSING_SCOPES',
          },
        });
        expect(await profileErrors(token)).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'hubspot',
            accountId: account.id,
            requiredScopes: [],
            acceptedScopes: [],
            grantedScopes: ['oauth', 'crm.objects.owners.read'],
          },
        ]);
      });

      it('answers another 403 with PROVIDER_ERROR', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          status: 403,
          body: { status: 'error', message: 'Forbidden', category: 'FORBIDDEN' },
        });
        expect(await profileErrors(token)).toEqual([
          { code: 'PROVIDER_ERROR', provider: 'hubspot', accountId: account.id },
        ]);
      });

      it('reads the profile again with a fresh token after an EXPIRED_AUTHENTICATION answer', async () => {
        const { account, token } = t.connect();
        expect(await profileErrors(token)).toEqual([]);
        // The gateway still holds the token it was given; HubSpot now says it expired.
        t.emulator.clerk.expireAccessToken(account.id);
        t.emulator.calls.reset();
        expect(await profileErrors(token)).toEqual([]);
        expect(t.emulator.calls.all().map((call) => [call.route, call.status])).toEqual([
          ['hubspot.getAccessToken', 401],
          ['clerk.getOauthAccessTokens', 200],
          ['hubspot.getAccessToken', 200],
        ]);
      });

      it('answers a 429 without X-HubSpot-RateLimit headers with RATE_LIMITED and the default minute', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, {
          status: 429,
          body: {
            status: 'error',
            message: 'You have reached your secondly limit.',
            errorType: 'RATE_LIMIT',
          },
        });
        expect(await profileErrors(token)).toEqual([
          { code: 'RATE_LIMITED', provider: 'hubspot', accountId: account.id, retryAfter: 60 },
        ]);
      });
    });
  },
);
