import { describe, expect, it } from 'vitest';
import { type AccountInput, type CannedAnswer, describeProvider } from '../support/provider-harness.js';

const JANE = {
  providerUserId: '2d3b6f2c-7c7e-4f1a-9a4e-1f2e3d4c5b6a',
  username: 'jane',
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane@example.com',
};

const AUTHENTICATION_ERROR = {
  errors: [
    {
      message: 'Authentication required, not authenticated',
      extensions: { type: 'authentication error', code: 'AUTHENTICATION_ERROR', userError: true },
    },
  ],
};
const RATELIMITED = {
  errors: [
    {
      message: 'Rate limit exceeded',
      extensions: { code: 'RATELIMITED', type: 'ratelimited', userError: true },
    },
  ],
};

describeProvider(
  {
    provider: 'linear',
    account: JANE,
    // Linear's `displayName` is the handle, `name` the full name.
    expected: (account) => ({
      id: '2d3b6f2c-7c7e-4f1a-9a4e-1f2e3d4c5b6a',
      username: 'jane',
      name: 'Jane Doe',
      email: 'jane@example.com',
      avatarUrl: account.imageUrl,
      url: 'https://linear.app/acme/profiles/jane',
    }),
  },
  (t) => {
    /** A canned answer to the account's GraphQL calls. */
    function answer(accountId: string, canned: Omit<CannedAnswer, 'route'>) {
      t.answerOnce(accountId, { route: 'linear.graphql', ...canned });
    }

    // "auth failures seen as HTTP 401, 400 and even 200-with-errors" (docs/providers.md#linear).
    it.each([200, 400, 401])('reads `AUTHENTICATION_ERROR` on HTTP %i as REAUTH_REQUIRED', async (status) => {
      const { account, token } = t.connect();
      answer(account.id, { status, body: AUTHENTICATION_ERROR });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: 'linear', accountId: account.id }]);
    });

    it("reads the error `type` alone, as Linear's SDK does", async () => {
      const { account, token } = t.connect();
      answer(account.id, {
        status: 200,
        body: { errors: [{ message: 'Not authenticated', extensions: { type: 'authentication error' } }] },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([{ code: 'REAUTH_REQUIRED', provider: 'linear', accountId: account.id }]);
    });

    // The unit of `X-RateLimit-*-Reset` is unverified (docs/providers.md#linear): seconds and milliseconds
    // both read.
    it.each([
      [200, 'milliseconds', () => String(Date.now() + 20_000)],
      [400, 'milliseconds', () => String(Date.now() + 20_000)],
      [429, 'milliseconds', () => String(Date.now() + 20_000)],
      [400, 'seconds', () => String(Math.round(Date.now() / 1000) + 20)],
    ])(
      'reads `RATELIMITED` on HTTP %i with a reset in epoch %s as RATE_LIMITED',
      async (status, _unit, reset) => {
        const { account, token } = t.connect();
        answer(account.id, {
          status,
          body: RATELIMITED,
          headers: {
            'X-RateLimit-Requests-Limit': '1500',
            'X-RateLimit-Requests-Remaining': '0',
            'X-RateLimit-Requests-Reset': reset(),
          },
        });
        const { profile, errors } = await t.profileOf(token);
        expect(profile).toBeNull();
        expect(errors).toEqual([
          { code: 'RATE_LIMITED', provider: 'linear', accountId: account.id, retryAfter: expect.any(Number) },
        ]);
        expect(errors[0]?.retryAfter).toBeGreaterThanOrEqual(19);
        expect(errors[0]?.retryAfter).toBeLessThanOrEqual(21);
      },
    );

    it('waits for the exhausted bucket: the complexity reset when requests remain', async () => {
      const { account, token } = t.connect();
      answer(account.id, {
        status: 400,
        body: RATELIMITED,
        headers: {
          'X-RateLimit-Requests-Remaining': '1200',
          'X-RateLimit-Requests-Reset': String(Date.now() + 3_600_000),
          'X-RateLimit-Complexity-Remaining': '0',
          'X-RateLimit-Complexity-Reset': String(Date.now() + 5_000),
        },
      });
      const { errors } = await t.profileOf(token);
      expect(errors[0]).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 5 });
    });

    it('reads a `Retry-After`, and waits the default minute when nothing says how long', async () => {
      const first = t.connect();
      answer(first.account.id, { status: 400, body: RATELIMITED, headers: { 'Retry-After': '7' } });
      const second = t.connect();
      answer(second.account.id, {
        status: 429,
        body: 'Too Many Requests',
        headers: { 'Content-Type': 'text/plain' },
      });
      const [withRetryAfter, bare] = await Promise.all([t.profileOf(first.token), t.profileOf(second.token)]);
      expect(withRetryAfter.errors[0]).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 7 });
      expect(bare.errors[0]).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 60 });
    });

    it('answers any other GraphQL error with PROVIDER_ERROR, never as a profile', async () => {
      const { account, token } = t.connect();
      answer(account.id, {
        status: 400,
        body: {
          errors: [
            { message: 'Cannot query field "x"', extensions: { code: 'INPUT_ERROR', type: 'invalid input' } },
          ],
        },
      });
      const other = t.connect();
      answer(other.account.id, {
        status: 200,
        body: {
          data: { viewer: null },
          errors: [
            { message: 'Internal error', extensions: { code: 'INTERNAL_ERROR', type: 'internal error' } },
          ],
        },
      });
      const answers = await Promise.all([t.profileOf(token), t.profileOf(other.token)]);
      expect(answers.map(({ profile, errors }) => ({ profile, errors }))).toEqual([
        { profile: null, errors: [{ code: 'PROVIDER_ERROR', provider: 'linear', accountId: account.id }] },
        {
          profile: null,
          errors: [{ code: 'PROVIDER_ERROR', provider: 'linear', accountId: other.account.id }],
        },
      ]);
    });

    describe('the emulator', () => {
      async function graphql(token: string | undefined, body: string, contentType = 'application/json') {
        const response = await t.callApi('/graphql', {
          method: 'POST',
          ...(token ? { token } : {}),
          headers: { 'content-type': contentType },
          body,
        });
        return { response, body: (await response.json()) as Record<string, unknown> };
      }

      function tokenOf(input: AccountInput = {}) {
        const { account } = t.connect(input);
        return { account, token: t.emulator.clerk.currentAccessToken(account.id) };
      }

      it('answers exactly the selected viewer fields, with aliases, `__typename` and the organization', async () => {
        const { account, token } = tokenOf();
        const query =
          'query Me { viewer { __typename id handle: displayName createdAt organization { name urlKey } } }';
        const { response, body } = await graphql(token, JSON.stringify({ query, operationName: 'Me' }));
        expect(response.status).toBe(200);
        expect(body).toEqual({
          data: {
            viewer: {
              __typename: 'User',
              id: JANE.providerUserId,
              handle: 'jane',
              createdAt: new Date(account.createdAt).toISOString(),
              organization: { name: 'Acme', urlKey: 'acme' },
            },
          },
        });
      });

      it.each([
        ['an unknown field', '{ viewer { id shoeSize } }', 'Cannot query field "shoeSize" on type "User".'],
        [
          'an object without a selection',
          '{ viewer { organization } }',
          'must have a selection of subfields',
        ],
        ['a syntax error', '{ viewer { id }', 'Syntax Error'],
      ])('refuses %s with 400 `INPUT_ERROR`', async (_case, query, message) => {
        const { token } = tokenOf();
        const { response, body } = await graphql(token, JSON.stringify({ query }));
        expect(response.status).toBe(400);
        expect(body).toEqual({
          errors: [
            {
              message: expect.stringContaining(message),
              extensions: { type: 'invalid input', code: 'INPUT_ERROR', userError: true },
            },
          ],
        });
      });

      it('refuses a body that is not JSON with 400, before looking at the token', async () => {
        const { response, body } = await graphql(undefined, 'query { viewer { id } }', 'application/graphql');
        expect(response.status).toBe(400);
        expect(body).toMatchObject({ errors: [{ extensions: { code: 'INPUT_ERROR' } }] });
      });

      it("answers an unknown token with 401 and the reference's `AUTHENTICATION_ERROR` body", async () => {
        const { response, body } = await graphql(
          'lin_oauth_unknown',
          JSON.stringify({ query: '{ viewer { id } }' }),
        );
        expect(response.status).toBe(401);
        expect(body).toEqual({
          errors: [
            {
              message: 'Authentication required, not authenticated',
              extensions: {
                type: 'authentication error',
                code: 'AUTHENTICATION_ERROR',
                statusCode: 401,
                userError: true,
                userPresentableMessage: 'You need to authenticate to access this operation.',
              },
            },
          ],
        });
      });

      it('answers a limit with `RATELIMITED` and the requests bucket, reset in epoch milliseconds', async () => {
        const { account, token } = tokenOf();
        t.emulator.providers.linear?.rateLimit(account.id, { retryAfterSeconds: 30 });
        const before = Date.now();
        const { response, body } = await graphql(token, JSON.stringify({ query: '{ viewer { id } }' }));
        expect(response.status).toBe(400);
        expect(body).toMatchObject({
          errors: [{ extensions: { code: 'RATELIMITED', type: 'ratelimited' } }],
        });
        expect(response.headers.get('x-ratelimit-requests-remaining')).toBe('0');
        const reset = Number(response.headers.get('x-ratelimit-requests-reset'));
        expect(reset).toBeGreaterThanOrEqual(before + 30_000);
        expect(reset).toBeLessThanOrEqual(Date.now() + 30_000);
      });
    });
  },
);
