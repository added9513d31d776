import { CUSTOM_OIDC_ID } from '../providers/provider-declaration.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import { OTHER_PROVIDER_ENUM } from '../providers/provider-registry.js';
import type { GatewayBuilder } from './builder.js';

/** `Provider`: a value per provider the gateway serves (`CUSTOM` for custom OIDC), and `OTHER`. */
export function addProviderEnum(builder: GatewayBuilder, registry: ProviderRegistry) {
  const values: Record<string, { description: string }> = {};
  for (const provider of registry.providers) {
    values[provider.enumValue] = {
      description:
        provider.id === CUSTOM_OIDC_ID
          ? 'A custom OIDC provider configured in Clerk (`oauth_custom_<key>`); `providerKey` tells which.'
          : `${provider.displayName} (Clerk key \`${provider.clerkKey}\`).`,
    };
  }
  values[OTHER_PROVIDER_ENUM] = {
    description: "A provider this gateway does not know yet; `providerKey` carries Clerk's key.",
  };
  return builder.enumType('Provider', {
    description: 'A social connection provider supported by Clerk.',
    values,
  });
}

export type ProviderEnumRef = ReturnType<typeof addProviderEnum>;
