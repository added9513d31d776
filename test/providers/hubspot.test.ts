import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { HubSpotContactJson, HubSpotEmulator } from '../../src/providers/hubspot/emulator.js';
import { scopeDetails } from '../../src/providers/scope-requirements.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';

/** The HubSpot token metadata example of docs/providers.md#hubspot. */
const TEST_USER = { providerUserId: '123456', email: 'test@hubspot.com' };

const TOKEN_PATH = /^\/oauth\/v1\/access-tokens\/(.+)$/;

const CONTACTS_SCOPE = 'crm.objects.contacts.read';
const ALL_SCOPES = ['oauth', 'crm.objects.owners.read', CONTACTS_SCOPE];
const LIST_CONTACTS = 'hubspot.listContacts';

const Contacts = parse(`
  query HubSpotContacts($account: ID!, $first: Int, $after: String) {
    me {
      connectedAccount(id: $account) {
        hubspotContacts(first: $first, after: $after) {
          edges { node { id firstName lastName email company phone jobTitle lifecycleStage createdAt updatedAt } }
          pageInfo { hasNextPage endCursor }
        }
      }
    }
  }
`);

/** A contact as HubSpot lists it, with `properties` on top of a complete one. */
function contactJson(
  id: string,
  properties: Partial<HubSpotContactJson['properties']> = {},
): HubSpotContactJson {
  return {
    id,
    properties: {
      company: 'Biglytics',
      createdate: '2024-01-02T10:00:00.000Z',
      email: 'bcooper@biglytics.net',
      firstname: 'Bryan',
      hs_object_id: id,
      jobtitle: 'CTO',
      lastmodifieddate: '2024-03-04T09:00:00.000Z',
      lastname: 'Cooper',
      lifecyclestage: 'customer',
      phone: '+1 617-555-0100',
      ...properties,
    } as HubSpotContactJson['properties'],
    createdAt: '2024-01-02T10:00:00.000Z',
    updatedAt: '2024-03-04T09:00:00.000Z',
    archived: false,
  };
}

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

    const hubspot = () => t.emulator.providers.hubspot as HubSpotEmulator;

    async function contactsOf(token: string, accountId: string, first?: number, after?: string) {
      const response = await t.stack.query(Contacts, { account: accountId, first, after }, { token });
      const body = response.body as {
        data?: { me: { connectedAccount: { hubspotContacts: unknown } | null } | null } | null;
        errors?: { extensions?: Record<string, unknown> }[];
      };
      return {
        value: body.data?.me?.connectedAccount?.hubspotContacts as
          | {
              edges: { node: Record<string, unknown> }[];
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
            }
          | null
          | undefined,
        errors: (body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    }

    // 245 contacts: two full pages of 100, then 45.
    describeListField(t, {
      field: 'hubspotContacts',
      selection: 'id firstName lastName email company updatedAt',
      seed: (emulator, account) => {
        const api = emulator.providers.hubspot as HubSpotEmulator;
        api.setContacts(account.id, { count: 245 });
        return api.contacts(account.id).map((contact) => contact.id);
      },
      route: LIST_CONTACTS,
    });

    describe('hubspotContacts', () => {
      it('gives every account contacts by default, more than one page of 100, asked 100 at a time', async () => {
        const { account, token } = t.connect({ scopes: ALL_SCOPES });
        t.emulator.calls.reset();
        const { value, errors } = await contactsOf(token, account.id, 100);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node.id)).toEqual(
          hubspot()
            .contacts(account.id)
            .slice(0, 100)
            .map((contact) => contact.id),
        );
        expect(value?.pageInfo.hasNextPage).toBe(true);
        expect(hubspot().contacts(account.id).length).toBeGreaterThan(100);
        const [request] = hubspot().contactRequests(account.id);
        expect(request).toEqual({
          limit: '100',
          properties: 'firstname,lastname,email,company,phone,jobtitle,lifecyclestage',
          archived: 'false',
        });
      });

      it('sends `paging.next.after` back as `after` for the next page', async () => {
        const { account, token } = t.connect({ scopes: ALL_SCOPES });
        hubspot().setContacts(account.id, { count: 130 });
        const contacts = hubspot().contacts(account.id);
        let after: string | undefined;
        const ids: unknown[] = [];
        for (let page = 0; page < 3; page++) {
          const { value } = await contactsOf(token, account.id, 60, after);
          ids.push(...(value?.edges ?? []).map((edge) => edge.node.id));
          after = value?.pageInfo.endCursor ?? undefined;
        }
        expect(ids).toEqual(contacts.map((contact) => contact.id));
        // Every page is asked at 100: a connection page resumes inside the provider page it started in.
        const afters = hubspot()
          .contactRequests(account.id)
          .map((query) => query.after);
        expect(new Set(afters)).toEqual(new Set([undefined, contacts[100]?.id]));
      });

      it('maps a contact: unset (`null`) and cleared (`""`) properties are null, times in UTC', async () => {
        const { account, token } = t.connect({ scopes: ALL_SCOPES });
        hubspot().setContacts(account.id, [
          contactJson('512'),
          contactJson('513', {
            firstname: '',
            lastname: null,
            email: null,
            company: '',
            phone: null,
            jobtitle: '',
            lifecyclestage: null,
          }),
        ]);
        const { value, errors } = await contactsOf(token, account.id);
        expect(errors).toEqual([]);
        expect(value?.edges.map((edge) => edge.node)).toEqual([
          {
            id: '512',
            firstName: 'Bryan',
            lastName: 'Cooper',
            email: 'bcooper@biglytics.net',
            company: 'Biglytics',
            phone: '+1 617-555-0100',
            jobTitle: 'CTO',
            lifecycleStage: 'customer',
            createdAt: '2024-01-02T10:00:00.000Z',
            updatedAt: '2024-03-04T09:00:00.000Z',
          },
          {
            id: '513',
            firstName: null,
            lastName: null,
            email: null,
            company: null,
            phone: null,
            jobTitle: null,
            lifecycleStage: null,
            createdAt: '2024-01-02T10:00:00.000Z',
            updatedAt: '2024-03-04T09:00:00.000Z',
          },
        ]);
      });

      it.each(['yesterday', '2024-01-02T10:00:00'])(
        'answers a `createdAt` that is no time with an offset (%s) with PROVIDER_ERROR',
        async (createdAt) => {
          const { account, token } = t.connect({ scopes: ALL_SCOPES });
          hubspot().setContacts(account.id, [{ ...contactJson('512'), createdAt }]);
          const { value, errors } = await contactsOf(token, account.id);
          expect(value).toBeNull();
          expect(errors).toEqual([{ code: 'PROVIDER_ERROR', provider: 'hubspot', accountId: account.id }]);
        },
      );

      it("answers HubSpot's 403 `MISSING_SCOPES` with MISSING_SCOPES naming crm.objects.contacts.read", async () => {
        // Clerk's record says the scope was granted; HubSpot says otherwise (the app's scopes changed).
        const { account, token } = t.connect({ scopes: ALL_SCOPES });
        t.answerOnce(account.id, {
          route: LIST_CONTACTS,
          status: 403,
          body: {
            status: 'error',
            message: "This app hasn't been granted all required scopes to make this call.",
            correlationId: 'c033cdaa-2c40-4a64-ae48-b4cec88dad24',
            errors: [
              {
                message: 'One or more of the following scopes are required.',
                context: { requiredGranularScopes: [CONTACTS_SCOPE] },
              },
            ],
            links: { scopes: 'https://developers.hubspot.com/scopes' },
            category: 'MISSING_SCOPES',
          },
        });
        const { value, errors } = await contactsOf(token, account.id);
        expect(value).toBeNull();
        expect(errors).toEqual([
          {
            code: 'MISSING_SCOPES',
            provider: 'hubspot',
            accountId: account.id,
            ...scopeDetails([CONTACTS_SCOPE], ALL_SCOPES),
          },
        ]);
      });

      it.each([0, 101])('refuses `first: %i` with BAD_USER_INPUT, before any call', async (first) => {
        const { account, token } = t.connect({ scopes: ALL_SCOPES });
        t.emulator.calls.reset();
        const { value, errors } = await contactsOf(token, account.id, first);
        expect(value).toBeNull();
        expect(errors).toEqual([{ code: 'BAD_USER_INPUT' }]);
        expect(t.emulator.calls.count({ service: 'hubspot' })).toBe(0);
      });
    });

    describe('the emulator: contacts', () => {
      async function listContacts(token: string, query: string) {
        const response = await t.callApi(`/crm/v3/objects/contacts${query}`, { token });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      }

      it('answers the requested properties (plus the three always given), and `paging` until the last page', async () => {
        const { account } = t.connect({ scopes: ALL_SCOPES });
        hubspot().setContacts(account.id, { count: 7 });
        const contacts = hubspot().contacts(account.id);
        const first = await listContacts(account.accessToken, '?limit=5&properties=firstname,company');
        expect(first.status).toBe(200);
        const results = first.body.results as HubSpotContactJson[];
        expect(results.map((contact) => contact.id)).toEqual(
          contacts.slice(0, 5).map((contact) => contact.id),
        );
        expect(Object.keys(results[0]?.properties ?? {})).toEqual([
          'company',
          'createdate',
          'firstname',
          'hs_object_id',
          'lastmodifieddate',
        ]);
        expect(Object.keys(results[0] ?? {})).toEqual([
          'id',
          'properties',
          'createdAt',
          'updatedAt',
          'archived',
        ]);
        expect(first.body.paging).toEqual({
          next: {
            after: contacts[5]?.id,
            link: expect.stringMatching(new RegExp(`/crm/v3/objects/contacts\\?after=${contacts[5]?.id}$`)),
          },
        });
        const last = await listContacts(account.accessToken, `?limit=5&after=${contacts[5]?.id}`);
        expect((last.body.results as unknown[]).length).toBe(2);
        expect(last.body).not.toHaveProperty('paging');
      });

      it('refuses a `limit` over 100 with 400 VALIDATION_ERROR', async () => {
        const { account } = t.connect({ scopes: ALL_SCOPES });
        const { status, body } = await listContacts(account.accessToken, '?limit=101');
        expect(status).toBe(400);
        expect(body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
      });

      it('refuses a token without crm.objects.contacts.read with 403 MISSING_SCOPES', async () => {
        const { account } = t.connect();
        const { status, body } = await listContacts(account.accessToken, '?limit=100');
        expect(status).toBe(403);
        expect(body).toMatchObject({
          status: 'error',
          category: 'MISSING_SCOPES',
          errors: [{ context: { requiredGranularScopes: [CONTACTS_SCOPE] } }],
        });
      });

      it('takes the token as a Bearer header on the CRM, and refuses an unknown one with 401', async () => {
        const { status, body } = await listContacts('CNye4dqFMBICAAEYhOKlDZZ_unknown', '');
        expect(status).toBe(401);
        expect(body).toMatchObject({ category: 'INVALID_AUTHENTICATION' });
      });
    });
  },
);
