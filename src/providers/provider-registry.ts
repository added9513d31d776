/**
 * The providers one gateway serves, looked up by an account's provider id or Clerk key. Built once per
 * gateway from the declarations (`catalogue.ts` by default), which it validates first.
 */
import { providerIdFromClerkKey } from '../tokens/clerk-api.js';
import { CUSTOM_OIDC_ID, type Provider, validateProviders } from './provider-declaration.js';

/** The `Provider` value of an account whose provider this gateway does not know (a key Clerk added later). */
export const OTHER_PROVIDER_ENUM = 'OTHER';

export interface ProviderRegistry {
  readonly providers: readonly Provider[];
  /** The provider of an account's provider id; every custom OIDC connection (`custom_<key>`) is `custom`'s. */
  byId(providerId: string): Provider | undefined;
  /** The `Provider` value of a Clerk provider key (`oauth_github`, bare `github`, `oauth_custom_acme`). */
  enumValueOf(clerkKey: string): string;
}

export function createProviderRegistry(providers: readonly Provider[]): ProviderRegistry {
  validateProviders(providers);
  const byId = new Map(providers.map((provider) => [provider.id, provider]));
  const lookup = (providerId: string) =>
    byId.get(providerId.startsWith(`${CUSTOM_OIDC_ID}_`) ? CUSTOM_OIDC_ID : providerId);
  return {
    providers,
    byId: lookup,
    enumValueOf: (clerkKey) => lookup(providerIdFromClerkKey(clerkKey))?.enumValue ?? OTHER_PROVIDER_ENUM,
  };
}
