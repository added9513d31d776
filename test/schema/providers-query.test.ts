import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/providers/index.js';
import { preferredScopeOf } from '../../src/providers/scope-requirements.js';
import { graphql } from '../gql/index.js';
import { type Stack, startStack } from '../support/stack.js';

const Catalogue = graphql(`
  query ProviderCatalogue {
    providers {
      provider
      key
      displayName
      defaultScopes
      docsUrl
      fields {
        name
        requiredScopes
      }
    }
  }
`);

describe('Query.providers', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('answers without a session, calling neither Clerk nor a provider', async () => {
    const response = await stack.query(Catalogue, {});
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('lists every registered provider with its key, name, fields and the scopes each field needs', async () => {
    const response = await stack.query(Catalogue, {});
    expect(response.body.data?.providers).toEqual(
      PROVIDERS.map((provider) => ({
        provider: provider.id.toUpperCase(),
        key: provider.id === 'custom' ? 'oauth_custom_<key>' : `oauth_${provider.id}`,
        displayName: provider.displayName,
        defaultScopes: [...provider.defaultScopes],
        docsUrl: `https://clerk.com/docs/guides/configure/auth-strategies/social-connections/${provider.clerkDocsSlug}`,
        fields: Object.entries(provider.fieldScopes).map(([name, requirements]) => ({
          name,
          requiredScopes: requirements.map(preferredScopeOf),
        })),
      })),
    );
  });

  it('says what GitHub offers', async () => {
    const response = await stack.query(Catalogue, {});
    const github = response.body.data?.providers.find((provider) => provider.provider === 'GITHUB');
    expect(github?.fields.map((field) => field.name)).toEqual(['profile', 'githubRepos', 'githubIssues']);
    expect(github?.defaultScopes).toEqual(['user:email', 'read:user']);
  });
});
