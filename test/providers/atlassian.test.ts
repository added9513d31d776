import { parse } from 'graphql';
import { expect, it } from 'vitest';
import type { AtlassianEmulator, AtlassianSiteJson } from '../../src/providers/atlassian/emulator.js';
import { scopeDetails } from '../../src/providers/scope-requirements.js';
import { describeListField } from '../support/list-field-contract.js';
import { describeProvider } from '../support/provider-harness.js';
import type { GraphQLResponse } from '../support/stack.js';

const Sites = parse(`
  query AtlassianSites($account: ID!) {
    me {
      connectedAccount(id: $account) {
        atlassianSites {
          id
          name
          url
          scopes
          avatarUrl
        }
      }
    }
  }
`);

interface SiteNode {
  id: string;
  name: string;
  url: string;
  scopes: string[];
  avatarUrl: string | null;
}

/** Jira and Confluence product scopes next to the identity ones. */
const PRODUCT_SCOPES = ['read:me', 'read:jira-work', 'read:jira-user', 'read:confluence-content.summary'];

describeProvider(
  {
    provider: 'atlassian',
    account: {
      providerUserId: '112233:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      username: 'mia',
      firstName: 'Mia',
      lastName: 'Krystof',
      email: 'mia@example.com',
    },
    expected: (account) => ({
      id: '112233:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      username: 'mia',
      name: 'Mia Krystof',
      email: 'mia@example.com',
      avatarUrl: account.imageUrl,
    }),
  },
  (t) => {
    const atlassian = () => t.emulator.providers.atlassian as AtlassianEmulator;

    async function sitesOf(token: string, accountId: string) {
      const response = (await t.stack.query(Sites, { account: accountId } as never, {
        token,
      })) as GraphQLResponse<{
        me: { connectedAccount: { atlassianSites: SiteNode[] | null } | null } | null;
      }>;
      return {
        sites: response.body.data?.me?.connectedAccount?.atlassianSites ?? null,
        errors: (response.body.errors ?? []).map((error) => error.extensions ?? {}),
      };
    }

    describeListField(t, {
      field: 'atlassianSites',
      plain: true,
      selection: 'id name url scopes avatarUrl',
      account: { scopes: PRODUCT_SCOPES },
      seed: (emulator, account) => {
        const api = emulator.providers.atlassian as AtlassianEmulator;
        api.setSites(account.id, { count: 7 });
        return api.accessibleResources(account.id).map((site) => site.id);
      },
      route: 'atlassian.accessibleResources',
    });

    it('atlassianSites: lists the sites of the granted product scopes, each with its scopes', async () => {
      const { account, token } = t.connect({ scopes: PRODUCT_SCOPES });
      const expected = atlassian().accessibleResources(account.id);
      // By default: a Jira site, a Jira and Confluence site, a Confluence site.
      expect(expected.map((site) => site.scopes)).toEqual([
        ['read:jira-work', 'read:jira-user'],
        ['read:jira-work', 'read:jira-user', 'read:confluence-content.summary'],
        ['read:confluence-content.summary'],
      ]);
      const { sites, errors } = await sitesOf(token, account.id);
      expect(errors).toEqual([]);
      expect(sites).toEqual(expected);
      expect(sites?.[0]?.url).toMatch(/^https:\/\/[a-z0-9-]+\.atlassian\.net$/);
    });

    it('atlassianSites: is empty, not refused, with only read:me (no product scope reaches a site)', async () => {
      const { account, token } = t.connect();
      t.emulator.calls.reset();
      const { sites, errors } = await sitesOf(token, account.id);
      expect(errors).toEqual([]);
      expect(sites).toEqual([]);
      expect(t.emulator.calls.count({ service: 'atlassian', route: 'atlassian.accessibleResources' })).toBe(
        1,
      );
      const onlyJira = t.connect({ scopes: ['read:me', 'read:jira-work'] });
      const jiraSites = await sitesOf(onlyJira.token, onlyJira.account.id);
      expect(jiraSites.sites?.map((site) => site.scopes)).toEqual([['read:jira-work'], ['read:jira-work']]);
    });

    it('atlassianSites: gives a site listed once per product one node, and a missing avatar null', async () => {
      const { account, token } = t.connect({ scopes: PRODUCT_SCOPES });
      const site = {
        id: '1324a887-45db-1bf4-1e99-ef0ff456d421',
        name: 'your-domain',
        url: 'https://your-domain.atlassian.net',
        avatarUrl: 'https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/flag.png',
      };
      const entries: AtlassianSiteJson[] = [
        { ...site, scopes: ['read:jira-work', 'read:jira-user'] },
        { ...site, scopes: ['read:confluence-content.summary', 'read:jira-user'] },
        {
          id: 'other',
          name: 'other',
          url: 'https://other.atlassian.net',
          scopes: ['read:jira-work'],
          avatarUrl: '',
        },
      ];
      atlassian().setSites(account.id, entries);
      const { sites, errors } = await sitesOf(token, account.id);
      expect(errors).toEqual([]);
      expect(sites).toEqual([
        { ...site, scopes: ['read:jira-work', 'read:jira-user', 'read:confluence-content.summary'] },
        {
          id: 'other',
          name: 'other',
          url: 'https://other.atlassian.net',
          scopes: ['read:jira-work'],
          avatarUrl: null,
        },
      ]);
    });

    it('emulator: answers accessible-resources as a plain array of {id, url, name, scopes, avatarUrl}', async () => {
      const { account } = t.connect({ scopes: PRODUCT_SCOPES });
      const response = await t.callApi('/oauth/token/accessible-resources', {
        token: account.accessToken,
        headers: { accept: 'application/json' },
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>[];
      expect(Array.isArray(body)).toBe(true);
      for (const entry of body)
        expect(Object.keys(entry).sort()).toEqual(['avatarUrl', 'id', 'name', 'scopes', 'url']);
      const refused = await t.callApi('/oauth/token/accessible-resources', { token: 'not-a-token' });
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual({ code: 401, message: 'Unauthorized' });
    });

    it('answers a token without read:me with 401 "Unauthorized; scope does not match"', async () => {
      const { account } = t.connect({ scopes: [] });
      const response = await t.callApi('/me', { token: account.accessToken });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ code: 401, message: 'Unauthorized; scope does not match' });
    });

    it('reads that 401 as MISSING_SCOPES, without fetching another token', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 401,
        body: { code: 401, message: 'Unauthorized; scope does not match' },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(profile).toBeNull();
      expect(errors).toEqual([
        {
          code: 'MISSING_SCOPES',
          provider: 'atlassian',
          accountId: account.id,
          // What to add, and what would do (here one scope).
          ...scopeDetails(['read:me'], ['read:me']),
        },
      ]);
      expect(t.emulator.calls.count({ service: 'atlassian', accountId: account.id })).toBe(1);
    });

    // "email may be empty depending on the user's profile-visibility settings": left out, or "".
    it('gives a null email when profile visibility hides it (field left out)', async () => {
      const { token } = t.connect({ email: null, firstName: 'Mia', lastName: 'Krystof' });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toMatchObject({ name: 'Mia Krystof', email: null });
    });

    it('gives a null email when profile visibility hides it (empty string)', async () => {
      const { account, token } = t.connect();
      t.answerOnce(account.id, {
        status: 200,
        body: { account_type: 'atlassian', account_id: 'acc-1', email: '', name: 'Mia', picture: null },
      });
      const { profile, errors } = await t.profileOf(token);
      expect(errors).toEqual([]);
      expect(profile).toEqual({
        id: 'acc-1',
        username: null,
        name: 'Mia',
        email: null,
        avatarUrl: null,
        url: null,
        source: 'PROVIDER',
      });
    });
  },
);
