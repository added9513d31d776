import { providerEnumValues } from '../providers/registry.js';
import { builder } from './builder.js';

export const ProviderEnum = builder.enumType('Provider', {
  description: 'A social connection provider supported by Clerk.',
  values: providerEnumValues(),
});
