import { CUSTOM_PROVIDER_ENUM, OTHER_PROVIDER_ENUM, PROVIDER_CATALOGUE } from '../providers/catalogue.js';
import { builder } from './builder.js';

const values: Record<string, { description: string }> = {};
for (const provider of PROVIDER_CATALOGUE) {
  values[provider.enumValue] = {
    description: `${provider.displayName} (Clerk key \`oauth_${provider.id}\`).`,
  };
}
values[CUSTOM_PROVIDER_ENUM] = {
  description:
    'A custom OIDC provider configured in Clerk (`oauth_custom_<key>`); `providerKey` tells which.',
};
values[OTHER_PROVIDER_ENUM] = {
  description: "A provider this gateway does not know yet; `providerKey` carries Clerk's key.",
};

export const ProviderEnum = builder.enumType('Provider', {
  description: 'A social connection provider supported by Clerk.',
  values,
});
