import type { ProviderManifest } from '../providers/provider-manifest.js';
import { clerkKeyOf, enumValueOf } from '../providers/provider-manifest.js';
import { PROVIDERS } from '../providers/registry.js';
import { builder } from './builder.js';
import { ProviderEnum } from './provider-enum.js';

interface FieldShape {
  readonly name: string;
  readonly requiredScopes: readonly string[];
}

const ProviderField = builder.objectRef<FieldShape>('ProviderField').implement({
  description: 'A field of `ConnectedAccount` that reads a provider, and the scopes it needs.',
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'The field of `ConnectedAccount` (`profile`, `githubRepos`…).',
    }),
    requiredScopes: t.exposeStringList('requiredScopes', {
      description:
        'OAuth scopes the account must have granted; add them to the connection in the Clerk Dashboard.',
    }),
  }),
});

const SupportedProvider = builder.objectRef<ProviderManifest>('SupportedProvider').implement({
  description:
    'A social connection provider this gateway reads: what to offer users, and which scopes to ask for.',
  fields: (t) => ({
    provider: t.field({
      type: ProviderEnum,
      description: 'Its `Provider` value.',
      resolve: (manifest) => enumValueOf(manifest.id),
    }),
    key: t.string({
      description:
        "Clerk's provider key (`oauth_github`); for custom OIDC connections the pattern `oauth_custom_<key>`.",
      // Custom OIDC connections are many: their keys follow the pattern.
      resolve: (manifest) => (manifest.id === 'custom' ? 'oauth_custom_<key>' : clerkKeyOf(manifest.id)),
    }),
    displayName: t.exposeString('displayName', { description: 'Its name, as shown to users.' }),
    defaultScopes: t.exposeStringList('defaultScopes', {
      description: 'The scopes Clerk asks for by default.',
    }),
    fields: t.field({
      type: [ProviderField],
      description: 'The fields of `ConnectedAccount` that read this provider, with the scopes each needs.',
      resolve: (manifest) =>
        Object.entries(manifest.fieldScopes).map(([name, requiredScopes]) => ({ name, requiredScopes })),
    }),
    docsUrl: t.exposeString('clerkDocsUrl', { description: "Clerk's guide to setting up the connection." }),
  }),
});

builder.queryField('providers', (t) =>
  t.field({
    type: [SupportedProvider],
    description:
      'The providers this gateway reads, with the fields each offers and the scopes each field needs: enough to render "connect" buttons and scope prompts. Needs no sign-in.',
    resolve: () => [...PROVIDERS.map((provider) => provider.manifest)],
  }),
);
