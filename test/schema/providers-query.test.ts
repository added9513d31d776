import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src/providers/registry.js';
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
      PROVIDERS.map(({ manifest }) => ({
        provider: manifest.id.toUpperCase(),
        key: manifest.id === 'custom' ? 'oauth_custom_<key>' : `oauth_${manifest.id}`,
        displayName: manifest.displayName,
        defaultScopes: [...manifest.defaultScopes],
        docsUrl: manifest.clerkDocsUrl,
        fields: Object.entries(manifest.fieldScopes).map(([name, requiredScopes]) => ({
          name,
          requiredScopes: [...requiredScopes],
        })),
      })),
    );
  });

  it('says what GitHub offers', async () => {
    const response = await stack.query(Catalogue, {});
    const github = response.body.data?.providers.find((provider) => provider.provider === 'GITHUB');
    expect(github?.fields.map((field) => field.name)).toEqual(['profile', 'githubRepos']);
    expect(github?.defaultScopes).toEqual(['user:email', 'read:user']);
  });
});
