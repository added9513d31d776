/**
 * `buildSchema(providers)`: a new builder, the shared types, then each provider's own fields. The
 * schema depends on the providers it serves (the `Provider` enum, `Query.providers`, their fields);
 * nothing here imports a provider folder. The schema of a list of providers is built once.
 */
import type { GraphQLSchema } from 'graphql';
import type { Provider } from '../providers/provider-declaration.js';
import { createProviderRegistry, OTHER_PROVIDER_ENUM } from '../providers/provider-registry.js';
import { createBuilder } from './builder.js';
import { addConnectedAccountType } from './connected-account.js';
import { addProfileField } from './profile.js';
import { addProviderEnum } from './provider-enum.js';
import { createProviderKit } from './provider-kit.js';
import { addProvidersQuery } from './providers.js';
import { addSharedInterfaces } from './shared-interfaces.js';
import { addSharedListFields, createSharedLists } from './shared-lists.js';
import { addUserType } from './user.js';

const built = new WeakMap<readonly Provider[], GraphQLSchema>();

export function buildSchema(providers: readonly Provider[]): GraphQLSchema {
  const cached = built.get(providers);
  if (cached) return cached;
  const registry = createProviderRegistry(providers);
  const builder = createBuilder();
  const User = addUserType(builder);
  const ProviderEnum = addProviderEnum(builder, registry);
  const ConnectedAccount = addConnectedAccountType(builder, { User, ProviderEnum, registry });
  addProfileField(builder, { ConnectedAccount, registry });
  addProvidersQuery(builder, { ProviderEnum, registry });
  const interfaces = addSharedInterfaces(builder, {
    ProviderEnum,
    enumValueOf: (providerId) => registry.byId(providerId)?.enumValue ?? OTHER_PROVIDER_ENUM,
  });
  const lists = createSharedLists();
  for (const provider of registry.providers) {
    provider.schema?.(createProviderKit(builder, { ConnectedAccount, interfaces, lists }, provider));
  }
  addSharedListFields(builder, { User, ConnectedAccount, ProviderEnum, registry, interfaces, lists });
  const schema = builder.toSchema({ sortSchema: true });
  built.set(providers, schema);
  return schema;
}
