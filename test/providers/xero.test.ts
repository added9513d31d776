import { parse } from 'graphql';
import { expect, it } from 'vitest';
import type { XeroConnectionJson, XeroEmulator } from '../../src/providers/xero/emulator.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';
import type { GraphQLResponse } from '../support/stack.js';

const Organisations = parse(`
  query XeroOrganisations($account: ID!) {
    me {
      connectedAccount(id: $account) {
        xeroOrganisations {
          id
          connectionId
          authEventId
          name
          type
          connectedAt
          updatedAt
        }
      }
    }
  }
`);

const IDENTITY_SCOPES = ['openid', 'profile', 'email', 'offline_access'];
const ACCOUNTING_SCOPES = [...IDENTITY_SCOPES, 'accounting.settings.read'];

/** The example of Xero's auth-flow guide (docs/providers.md#xero, "Profile"). */
const MAPLE: XeroConnectionJson = {
  id: 'e1eede29-f875-4a5d-8470-17f6a29a88b1',
  authEventId: 'd99ecdfe-391d-43d2-b834-17636ba90e8d',
  tenantId: '70784a63-d24b-46a9-a4db-0e70a274b056',
  tenantType: 'ORGANISATION',
  tenantName: 'Maple Florists Ltd',
  createdDateUtc: '2019-07-09T23:40:30.1833130',
  updatedDateUtc: '2020-05-15T01:35:13.8491980',
};

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
    const xero = () => t.emulator.providers.xero as XeroEmulator;

    async function organisationsOf(token: string, accountId: string) {
      const response = (await t.stack.query(Organisations, { account: accountId } as never, {
        token,
      })) as GraphQLResponse<{
        me: { connectedAccount: { xeroOrganisations: Record<string, unknown>[] | null } | null } | null;
      }>;
      return {
        organisations: response.body.data?.me?.connectedAccount?.xeroOrganisations ?? null,
        errors: (response.body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    }

    describeListField(t, {
      field: 'xeroOrganisations',
      plain: true,
      selection: 'id connectionId authEventId name type connectedAt updatedAt',
      account: { scopes: ACCOUNTING_SCOPES },
      seed: (emulator, account) => {
        const api = emulator.providers.xero as XeroEmulator;
        api.setConnections(account.id, { count: 8 });
        return api.connections(account.id).map((connection) => connection.tenantId);
      },
      route: 'xero.connections',
    });

    it('xeroOrganisations: gives the tenant id as id, the connection id beside it, and UTC times', async () => {
      const { account, token } = t.connect({ scopes: ACCOUNTING_SCOPES });
      xero().setConnections(account.id, [
        MAPLE,
        {
          ...MAPLE,
          id: 'c0000000-0000-4000-a000-000000000002',
          tenantId: 't0000000-0000-4000-a000-000000000002',
          tenantType: 'PRACTICEMANAGER',
          // Seen for Practice Manager tenants.
          tenantName: null,
          createdDateUtc: '2021-02-03T04:05:06',
          updatedDateUtc: '2021-02-03T04:05:06.5Z',
        },
        {
          ...MAPLE,
          id: 'c0000000-0000-4000-a000-000000000003',
          tenantId: 't0000000-0000-4000-a000-000000000003',
          tenantType: 'PRACTICE',
          tenantName: 'Tui Bookkeeping',
        },
        // A kind Xero may add later is left out rather than mislabelled.
        { ...MAPLE, id: 'c-4', tenantId: 't-4', tenantType: 'WORKFLOWMAX' },
      ]);
      const { organisations, errors } = await organisationsOf(token, account.id);
      expect(errors).toEqual([]);
      expect(organisations).toEqual([
        {
          id: MAPLE.tenantId,
          connectionId: MAPLE.id,
          authEventId: MAPLE.authEventId,
          name: 'Maple Florists Ltd',
          type: 'ORGANISATION',
          connectedAt: '2019-07-09T23:40:30.183Z',
          updatedAt: '2020-05-15T01:35:13.849Z',
        },
        {
          id: 't0000000-0000-4000-a000-000000000002',
          connectionId: 'c0000000-0000-4000-a000-000000000002',
          authEventId: MAPLE.authEventId,
          name: null,
          type: 'PRACTICEMANAGER',
          connectedAt: '2021-02-03T04:05:06.000Z',
          updatedAt: '2021-02-03T04:05:06.500Z',
        },
        expect.objectContaining({ id: 't0000000-0000-4000-a000-000000000003', type: 'PRACTICE' }),
      ]);
    });

    it('xeroOrganisations: is empty, not refused, with only the identity scopes', async () => {
      const identityOnly = t.connect();
      t.emulator.calls.reset();
      const empty = await organisationsOf(identityOnly.token, identityOnly.account.id);
      expect(empty).toEqual({ organisations: [], errors: [] });
      expect(t.emulator.calls.count({ service: 'xero' })).toBe(1);
      // Granting a tenant scope connects the account's organisation and Xero's demo company, in one consent.
      const granted = t.connect({ scopes: ACCOUNTING_SCOPES });
      const { organisations } = await organisationsOf(granted.token, granted.account.id);
      expect(organisations?.map((organisation) => organisation.name)).toEqual([
        'Florist Ltd',
        'Demo Company (Global)',
      ]);
      expect(new Set(organisations?.map((organisation) => organisation.authEventId)).size).toBe(1);
    });

    it('xeroOrganisations: refuses a time Xero would not send with PROVIDER_ERROR', async () => {
      const { account, token } = t.connect({ scopes: ACCOUNTING_SCOPES });
      xero().setConnections(account.id, [{ ...MAPLE, createdDateUtc: '/Date(1562715630183)/' }]);
      const { organisations, errors } = await organisationsOf(token, account.id);
      expect(organisations).toBeNull();
      expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'xero', accountId: account.id }]);
    });

    it('emulator: /connections is a plain array, filtered by authEventId when asked', async () => {
      const { account } = t.connect({ scopes: ACCOUNTING_SCOPES });
      xero().setConnections(account.id, { count: 5 });
      const all = xero().connections(account.id);
      // Consents of three: two auth events.
      const [first, , , fourth] = all;
      expect(first?.authEventId).not.toBe(fourth?.authEventId);
      const response = await t.callApi(`/connections?authEventId=${fourth?.authEventId}`, {
        token: account.accessToken,
        headers: { accept: 'application/json' },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(all.slice(3));
      for (const connection of all) {
        expect(connection.createdDateUtc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}$/);
      }
    });

    async function connectionsAnswer(accessToken: string) {
      const response = await t.callApi('/connections', {
        token: accessToken,
        headers: { accept: 'application/json' },
      });
      return { response, body: (await response.json()) as unknown };
    }

    it('lists no tenant with only the identity scopes, two once an accounting scope is granted', async () => {
      const identityOnly = t.connect();
      const withAccounting = t.connect({
        scopes: ['openid', 'profile', 'email', 'offline_access', 'accounting.transactions.read'],
      });
      expect((await connectionsAnswer(identityOnly.account.accessToken)).body).toEqual([]);
      expect((await connectionsAnswer(withAccounting.account.accessToken)).body).toEqual([
        expect.objectContaining({ tenantType: 'ORGANISATION', tenantName: 'Florist Ltd' }),
        expect.objectContaining({ tenantType: 'ORGANISATION', tenantName: 'Demo Company (Global)' }),
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
