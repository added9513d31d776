import { describe, expect, it } from 'vitest';
import { describeProvider } from '../support/provider-harness.js';

/** The Facebook example account of docs/providers.md#facebook. */
const JANE = {
  providerUserId: '10158123456789012',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane@example.com',
};

function graphError(code: number, extra: Record<string, unknown> = {}) {
  return {
    error: {
      message: `(#${code}) refused`,
      type: 'OAuthException',
      code,
      fbtrace_id: 'AbCdEf12345',
      ...extra,
    },
  };
}

describeProvider(
  {
    provider: 'facebook',
    account: JANE,
    // Facebook's rate-limit errors say nothing of how long they last (docs/providers.md#facebook).
    rateLimitSaysWait: false,
    expected: (account) => ({
      id: JANE.providerUserId,
      name: 'Jane Doe',
      email: 'jane@example.com',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    function getMe(token: string | undefined, fields?: string) {
      const path = fields === undefined ? '/me' : `/me?${new URLSearchParams({ fields })}`;
      return t.callApi(path, token === undefined ? {} : { token });
    }

    describe('the emulator', () => {
      it('answers only id and name without ?fields', async () => {
        const { account } = t.connect();
        expect(await (await getMe(account.accessToken)).json()).toEqual({
          id: JANE.providerUserId,
          name: 'Jane Doe',
        });
      });

      it('answers the requested fields, picture sized by its modifiers', async () => {
        const { account } = t.connect();
        const response = await getMe(
          account.accessToken,
          'id,name,email,first_name,last_name,picture.width(200).height(200)',
        );
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
        expect(await response.json()).toEqual({
          id: JANE.providerUserId,
          name: 'Jane Doe',
          email: 'jane@example.com',
          first_name: 'Jane',
          last_name: 'Doe',
          picture: { data: { height: 200, is_silhouette: false, url: account.imageUrl, width: 200 } },
        });
        const small = await (await getMe(account.accessToken, 'picture')).json();
        expect(small).toEqual({
          picture: { data: expect.objectContaining({ height: 50, width: 50 }) },
          id: JANE.providerUserId,
        });
      });

      it('leaves email out without the email permission', async () => {
        const { account } = t.connect({ scopes: [] });
        expect(await (await getMe(account.accessToken, 'id,email')).json()).toEqual({
          id: JANE.providerUserId,
        });
      });

      it('refuses an unknown field with code 100', async () => {
        const { account } = t.connect();
        const response = await getMe(account.accessToken, 'id,favorite_color');
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({
          error: {
            message: '(#100) Tried accessing nonexisting field (favorite_color) on node type (User)',
            code: 100,
          },
        });
      });

      it('answers every refused token with HTTP 400, code 190 and the reason in the subcode', async () => {
        const { account } = t.connect();
        const garbled = await getMe('EAAnot-a-token');
        expect(garbled.status).toBe(400);
        expect(garbled.headers.get('www-authenticate')).toBe(
          'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token - Cannot parse access token"',
        );
        expect(await garbled.json()).toEqual({
          error: {
            message: 'Invalid OAuth access token - Cannot parse access token',
            type: 'OAuthException',
            code: 190,
            fbtrace_id: expect.any(String),
          },
        });

        const expiredToken = account.accessToken;
        t.emulator.clerk.expireAccessToken(account.id);
        const expired = await getMe(expiredToken);
        expect(expired.status).toBe(400);
        expect(await expired.json()).toMatchObject({
          error: {
            message: expect.stringMatching(
              /^Error validating access token: Session has expired on \w+day, \d{2}-\w{3}-\d{2} \d{2}:\d{2}:\d{2} P[DS]T\. The current time is /,
            ),
            code: 190,
            error_subcode: 463,
          },
        });

        const { account: removed } = t.connect();
        t.emulator.clerk.revokeAtProvider(removed.id);
        expect(await (await getMe(removed.accessToken)).json()).toMatchObject({
          error: { code: 190, error_subcode: 458 },
        });

        const anonymous = await getMe(undefined);
        expect(anonymous.status).toBe(400);
        expect(await anonymous.json()).toMatchObject({ error: { code: 2500 } });
      });

      it("answers a rate limit with the reference's code 17 body, which states no wait", async () => {
        const { account } = t.connect();
        t.emulator.providers.facebook?.rateLimit(account.id);
        const response = await getMe(account.accessToken);
        expect(response.status).toBe(400);
        expect(response.headers.get('retry-after')).toBeNull();
        expect(response.headers.get('x-app-usage')).toBe(
          '{"call_count":28,"total_time":25,"total_cputime":25}',
        );
        expect(await response.json()).toEqual({
          error: {
            message: '(#17) User request limit reached',
            type: 'OAuthException',
            is_transient: true,
            code: 17,
            fbtrace_id: expect.any(String),
          },
        });
      });
    });

    describe('the gateway', () => {
      it('reads a profile without email when the email permission was not granted', async () => {
        const { account, token } = t.connect({ scopes: [] });
        const { profile, errors } = await t.profileOf(token);
        expect(errors).toEqual([]);
        expect(profile).toEqual({
          id: JANE.providerUserId,
          username: null,
          name: 'Jane Doe',
          email: null,
          avatarUrl: account.imageUrl,
          url: null,
          source: 'PROVIDER',
        });
      });

      it.each([
        ['an expired session on HTTP 400', 400, graphError(190, { error_subcode: 463 })],
        ['a garbled token on HTTP 400', 400, graphError(190)],
        ['an invalid token on HTTP 401', 401, graphError(190, { error_subcode: 467 })],
      ])('answers %s with REAUTH_REQUIRED after one fresh token', async (_case, status, body) => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, { status, body });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'REAUTH_REQUIRED', provider: 'facebook', accountId: account.id },
        ]);
        // The first token, then the fresh one after the refusal.
        expect(t.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId: account.userId })).toBe(
          2,
        );
      });

      it.each([
        [4, 400],
        [17, 400],
        [32, 403],
        [613, 403],
      ])(
        'answers error code %i (HTTP %i) with RATE_LIMITED, a minute since Facebook states no wait',
        async (code, status) => {
          const { account, token } = t.connect();
          t.answerOnce(account.id, { status, body: graphError(code, { is_transient: true }) });
          expect((await t.profileOf(token)).errors).toEqual([
            { code: 'RATE_LIMITED', provider: 'facebook', accountId: account.id, retryAfter: 60 },
          ]);
        },
      );

      it('answers another Graph error with PROVIDER_ERROR', async () => {
        const { account, token } = t.connect();
        t.answerOnce(account.id, { status: 400, body: graphError(100) });
        expect((await t.profileOf(token)).errors).toEqual([
          { code: 'PROVIDER_ERROR', provider: 'facebook', accountId: account.id },
        ]);
      });
    });
  },
);
