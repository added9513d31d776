import type { Provider } from '../providers/provider-declaration.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import { alternativesOf, preferredScopeOf, type ScopeRequirement } from '../providers/scope-requirements.js';
import type { GatewayBuilder } from './builder.js';
import type { ProviderEnumRef } from './provider-enum.js';

interface FieldShape {
  readonly name: string;
  readonly requirements: readonly ScopeRequirement[];
}

/** `Query.providers`: the catalogue, read from the declarations. */
export function addProvidersQuery(
  builder: GatewayBuilder,
  refs: { readonly ProviderEnum: ProviderEnumRef; readonly registry: ProviderRegistry },
): void {
  const { ProviderEnum, registry } = refs;
  const ScopeRequirement = builder.objectRef<readonly string[]>('ScopeRequirement').implement({
    description: 'A scope a field needs, or alternatives any one of which will do.',
    fields: (t) => ({
      anyOf: t.stringList({
        description: 'The scopes that meet it, least privilege first.',
        resolve: (alternatives) => [...alternatives],
      }),
    }),
  });

  const ProviderField = builder.objectRef<FieldShape>('ProviderField').implement({
    description: 'A field of `ConnectedAccount` that reads a provider, and the scopes it needs.',
    fields: (t) => ({
      name: t.exposeString('name', {
        description: 'The field of `ConnectedAccount` (`profile`, `githubRepos`…).',
      }),
      requiredScopes: t.stringList({
        resolve: (field) => field.requirements.map(preferredScopeOf),
        description:
          'The OAuth scopes to add to the connection in the Clerk Dashboard for this field: one per requirement, the least-privilege one where several would do.',
      }),
      scopeRequirements: t.field({
        type: [ScopeRequirement],
        description:
          'Every requirement with each scope that meets it: an account that granted one scope of every requirement can use the field.',
        resolve: (field) => field.requirements.map(alternativesOf),
      }),
    }),
  });

  const SupportedProvider = builder.objectRef<Provider>('SupportedProvider').implement({
    description:
      'A social connection provider this gateway reads: what to offer users, and which scopes to ask for.',
    fields: (t) => ({
      provider: t.field({
        type: ProviderEnum,
        description: 'Its `Provider` value.',
        resolve: (provider) => provider.enumValue,
      }),
      key: t.exposeString('clerkKey', {
        description:
          "Clerk's provider key (`oauth_github`); for custom OIDC connections the pattern `oauth_custom_<key>`.",
      }),
      displayName: t.exposeString('displayName', { description: 'Its name, as shown to users.' }),
      defaultScopes: t.exposeStringList('defaultScopes', {
        description: 'The scopes Clerk asks for by default.',
      }),
      fields: t.field({
        type: [ProviderField],
        description: 'The fields of `ConnectedAccount` that read this provider, with the scopes each needs.',
        resolve: (provider) =>
          Object.entries(provider.fieldScopes).map(([name, requirements]) => ({ name, requirements })),
      }),
      docsUrl: t.exposeString('clerkDocsUrl', { description: "Clerk's guide to setting up the connection." }),
    }),
  });

  builder.queryField('providers', (t) =>
    t.field({
      type: [SupportedProvider],
      description:
        'The providers this gateway reads, with the fields each offers and the scopes each field needs: enough to render "connect" buttons and scope prompts. Needs no sign-in.',
      resolve: () => [...registry.providers],
    }),
  );
}
