import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { CoinbaseEmulator } from '../../src/providers/coinbase/emulator.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';

const Accounts = parse(`
  query CoinbaseAccounts($account: ID!, $first: Int, $after: String) {
    me {
      connectedAccount(id: $account) {
        coinbaseAccounts(first: $first, after: $after) {
          edges {
            node { id name currency currencyName balance { amount currency } type isPrimary createdAt updatedAt }
          }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

const ACCOUNT_SCOPES = ['wallet:user:read', 'wallet:user:email', 'wallet:accounts:read'];

/** An account in the shape of the Coinbase App docs' example, with `overrides` on top. */
function accountJson(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    name: 'My Wallet',
    primary: true,
    type: 'wallet',
    currency: { code: 'BTC', name: 'Bitcoin', color: '#F7931A', exponent: 8, type: 'crypto' },
    balance: { amount: '39.59000000', currency: 'BTC' },
    created_at: '2024-01-31T20:49:02Z',
    updated_at: '2024-01-31T20:49:02Z',
    resource: 'account',
    resource_path: `/v2/accounts/${id}`,
    ...overrides,
  };
}

const MISSING_VERSION_WARNING = {
  id: 'missing_version',
  message: 'Please supply API version (YYYY-MM-DD) as CB-VERSION header',
  url: 'https://developers.coinbase.com/api#versioning',
};

describeProvider(
  {
    provider: 'coinbase',
    rateLimitSaysWait: false,
    account: {
      providerUserId: '9da7a204-544e-5fd1-9a12-61176c5d4cd8',
      username: 'user1',
      firstName: 'User',
      lastName: 'One',
      email: 'user1@example.com',
    },
    expected: (account) => ({
      id: '9da7a204-544e-5fd1-9a12-61176c5d4cd8',
      username: 'user1',
      name: 'User One',
      email: 'user1@example.com',
      avatarUrl: account.imageUrl,
      url: 'https://coinbase.com/user1',
    }),
  },
  (t) => {
    const getUser = (token: string, headers: Record<string, string> = {}) =>
      t.callApi('/v2/user', { token, headers });
    const LIST_ACCOUNTS = 'coinbase.listAccounts';
    const coinbase = () => t.emulator.providers.coinbase as CoinbaseEmulator;

    describeListField(t, {
      field: 'coinbaseAccounts',
      selection: 'id name currency balance { amount currency }',
      // 230 accounts, a few hidden by Coinbase's access control: its pages of 100 come back short.
      seed: (emulator, account) => {
        const api = emulator.providers.coinbase as CoinbaseEmulator;
        api.setAccounts(account.id, { count: 230 });
        const ids = api.accounts(account.id).map((entry) => entry.id);
        const hidden = [ids[5], ids[99], ids[100], ids[229]] as string[];
        api.setAccounts(account.id, api.accounts(account.id), { hidden });
        return ids.filter((id) => !hidden.includes(id));
      },
      route: LIST_ACCOUNTS,
    });

    async function accountsOf(token: string, accountId: string, first?: number) {
      const response = await t.stack.query(Accounts, { account: accountId, first } as never, { token });
      const body = response.body as {
        data?: { me: { connectedAccount: { coinbaseAccounts: unknown } | null } | null } | null;
        errors?: { extensions?: Record<string, unknown> }[];
      };
      return {
        value: body.data?.me?.connectedAccount?.coinbaseAccounts as
          | { edges: { node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean } }
          | null
          | undefined,
        errors: (body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    }

    describe('coinbaseAccounts', () => {
      it('lists the default accounts, newest first, asked 100 at a time', async () => {
        const { account, token } = t.connect({ scopes: ACCOUNT_SCOPES });
        t.emulator.calls.reset();
        const { value, errors } = await accountsOf(token, account.id, 100);
        expect(errors).toEqual([]);
        const stored = coinbase().accounts(account.id);
        expect(stored.length).toBeGreaterThan(25);
        expect(value?.edges.map((edge) => edge.node.id)).toEqual(stored.map((entry) => entry.id));
        const bitcoin = value?.edges.find((edge) => edge.node.isPrimary)?.node;
        expect(bitcoin).toMatchObject({
          name: 'BTC Wallet',
          currency: 'BTC',
          currencyName: 'Bitcoin',
          balance: { amount: '0.04213300', currency: 'BTC' },
          type: 'WALLET',
        });
        const created = (value?.edges ?? []).map((edge) => Date.parse(String(edge.node.createdAt)));
        expect(created).toEqual([...created].sort((a, b) => b - a));
        expect(t.emulator.calls.all().filter((call) => call.route === LIST_ACCOUNTS)).toEqual([
          expect.objectContaining({ method: 'GET', path: '/v2/accounts', query: { limit: '100' } }),
        ]);
      });

      it('keeps balances as decimal strings and reads either shape of `currency`', async () => {
        const { account, token } = t.connect({ scopes: ACCOUNT_SCOPES });
        t.answerOnce(account.id, {
          route: LIST_ACCOUNTS,
          status: 200,
          body: {
            pagination: {
              ending_before: null,
              starting_after: null,
              limit: 100,
              order: 'desc',
              next_uri: null,
            },
            data: [
              accountJson('2bbf394c-193b-5b2a-9155-3b4732659ede', {
                balance: { amount: '0.00000001', currency: 'BTC' },
              }),
              accountJson('58542935-67b5-56e1-a3f9-42686e07fa40', {
                name: '',
                primary: false,
                type: 'staking',
                currency: 'ETH',
                balance: { amount: '123456789012345678.123456789012345678', currency: 'ETH' },
                created_at: null,
                updated_at: null,
              }),
            ],
          },
        });
        const { value, errors } = await accountsOf(token, account.id);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node)).toEqual([
          {
            id: '2bbf394c-193b-5b2a-9155-3b4732659ede',
            name: 'My Wallet',
            currency: 'BTC',
            currencyName: 'Bitcoin',
            balance: { amount: '0.00000001', currency: 'BTC' },
            type: 'WALLET',
            isPrimary: true,
            createdAt: '2024-01-31T20:49:02.000Z',
            updatedAt: '2024-01-31T20:49:02.000Z',
          },
          {
            id: '58542935-67b5-56e1-a3f9-42686e07fa40',
            name: null,
            currency: 'ETH',
            currencyName: null,
            balance: { amount: '123456789012345678.123456789012345678', currency: 'ETH' },
            type: 'OTHER',
            isPrimary: false,
            createdAt: null,
            updatedAt: null,
          },
        ]);
      });

      it.each(['yesterday', '2024-01-31T20:49:02'])(
        'answers a `created_at` that is no time with an offset (%s) with PROVIDER_ERROR',
        async (createdAt) => {
          const { account, token } = t.connect({ scopes: ACCOUNT_SCOPES });
          t.answerOnce(account.id, {
            route: LIST_ACCOUNTS,
            status: 200,
            body: {
              pagination: {
                ending_before: null,
                starting_after: null,
                limit: 100,
                order: 'desc',
                next_uri: null,
              },
              data: [accountJson('2bbf394c-193b-5b2a-9155-3b4732659ede', { created_at: createdAt })],
            },
            times: 1,
          });
          const { value, errors } = await accountsOf(token, account.id);
          expect(value).toBeNull();
          expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'coinbase', accountId: account.id }]);
        },
      );

      it("answers Coinbase's 403 invalid_scope on the list with MISSING_SCOPES", async () => {
        const { account, token } = t.connect({ scopes: ACCOUNT_SCOPES });
        t.answerOnce(account.id, {
          route: LIST_ACCOUNTS,
          status: 403,
          body: { errors: [{ id: 'invalid_scope', message: 'Invalid scope' }] },
        });
        const { value, errors } = await accountsOf(token, account.id);
        expect(value).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'coinbase',
            accountId: account.id,
            requiredScopes: ['wallet:accounts:read'],
            acceptedScopes: [['wallet:accounts:read']],
            grantedScopes: ACCOUNT_SCOPES,
          },
        ]);
      });

      it.each([0, 101])('refuses `first: %i` with BAD_USER_INPUT, before any call', async (first) => {
        const { account, token } = t.connect({ scopes: ACCOUNT_SCOPES });
        t.emulator.calls.reset();
        const { value, errors } = await accountsOf(token, account.id, first);
        expect(value).toBeNull();
        expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        expect(t.emulator.calls.count({ service: 'coinbase' })).toBe(0);
      });
    });

    describe('the emulated /v2/accounts', () => {
      const list = (token: string, query: Record<string, string> = {}) =>
        t.callApi(`/v2/accounts?${new URLSearchParams(query)}`, {
          token,
          headers: { 'CB-VERSION': '2025-01-01' },
        });

      it('answers 25 accounts by default with the pagination object and a next_uri', async () => {
        const { account } = t.connect({ scopes: ACCOUNT_SCOPES });
        const stored = coinbase().accounts(account.id);
        const body = (await (await list(account.accessToken)).json()) as {
          pagination: Record<string, unknown>;
          data: { id: string }[];
        };
        expect(body.data.map((entry) => entry.id)).toEqual(stored.slice(0, 25).map((entry) => entry.id));
        expect(body.pagination).toEqual({
          ending_before: null,
          starting_after: null,
          previous_ending_before: null,
          next_starting_after: stored[24]?.id,
          limit: 25,
          order: 'desc',
          previous_uri: null,
          next_uri: `/v2/accounts?limit=25&starting_after=${stored[24]?.id}`,
        });
        const last = (await (
          await list(account.accessToken, { limit: '100', starting_after: stored[24]?.id ?? '' })
        ).json()) as { pagination: Record<string, unknown>; data: { id: string }[] };
        expect(last.data.map((entry) => entry.id)).toEqual(stored.slice(25).map((entry) => entry.id));
        expect(last.pagination).toMatchObject({ next_uri: null, next_starting_after: null });
        const oldestFirst = (await (
          await list(account.accessToken, { order: 'asc', limit: '1' })
        ).json()) as {
          data: { id: string }[];
        };
        expect(oldestFirst.data[0]?.id).toBe(stored.at(-1)?.id);
      });

      it.each(['0', '101'])('refuses limit=%s with 400 invalid_request', async (limit) => {
        const { account } = t.connect({ scopes: ACCOUNT_SCOPES });
        const response = await list(account.accessToken, { limit });
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ errors: [{ id: 'invalid_request' }] });
      });

      it('refuses a token without wallet:accounts:read with 403 invalid_scope', async () => {
        const { account } = t.connect();
        const response = await list(account.accessToken);
        expect(response.status).toBe(403);
        expect(await response.json()).toEqual({
          errors: [{ id: 'invalid_scope', message: 'Invalid scope' }],
        });
      });
    });

    it('reads the public profile, without email, when wallet:user:email was not granted', async () => {
      const { token } = t.connect({ scopes: [] });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ username: 'user1', email: null });
    });

    it('reads the user next to a top-level warnings array', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 200,
        body: {
          data: { id: 'cb-1', name: 'User One', username: 'user1', resource: 'user' },
          warnings: [MISSING_VERSION_WARNING],
        },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ id: 'cb-1', name: 'User One', username: 'user1' });
    });

    it('warns about a missing CB-VERSION, and the gateway sends one', async () => {
      const { account, token } = t.connect();
      const without = (await (await getUser(account.accessToken)).json()) as Record<string, unknown>;
      expect(without.warnings).toEqual([MISSING_VERSION_WARNING]);
      const pinned = (await (
        await getUser(account.accessToken, { 'CB-VERSION': '2025-01-01' })
      ).json()) as Record<string, unknown>;
      expect(pinned).not.toHaveProperty('warnings');
      expect((await t.profileOf(token)).errors).toEqual([]);
    });

    it("names why a token is refused with Coinbase's 401 error ids", async () => {
      expect(await (await getUser('not-a-coinbase-token')).json()).toEqual({
        errors: [{ id: 'invalid_token', message: 'The access token is invalid' }],
      });
      const expired = t.connect().account;
      t.emulator.clerk.expireAccessToken(expired.id);
      expect(await (await getUser(expired.accessToken)).json()).toEqual({
        errors: [{ id: 'expired_token', message: 'The access token expired' }],
      });
      const revoked = t.connect().account;
      t.emulator.clerk.revokeAtProvider(revoked.id);
      const response = await getUser(revoked.accessToken);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        errors: [{ id: 'revoked_token', message: 'The access token was revoked' }],
      });
    });

    it('answers 403 invalid_scope with MISSING_SCOPES', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 403,
        body: { errors: [{ id: 'invalid_scope', message: 'Invalid scope' }] },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([
        {
          code: 'MISSING_SCOPES',
          provider: 'coinbase',
          accountId: account.id,
          requiredScopes: [],
          acceptedScopes: [],
          grantedScopes: ['wallet:user:read', 'wallet:user:email'],
        },
      ]);
    });

    // docs/providers.md#coinbase: Coinbase's 429 has no header saying how long to wait; the gateway
    // then says a minute.
    it('answers the documented 429, without any header, with RATE_LIMITED and the default minute', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 429,
        body: { errors: [{ id: 'rate_limit_exceeded', message: 'Too many requests' }] },
      });
      const { errors } = await t.profileOf(token);
      expect(errors).toEqual([
        { code: 'RATE_LIMITED', provider: 'coinbase', accountId: account.id, retryAfter: 60 },
      ]);
    });
  },
);
