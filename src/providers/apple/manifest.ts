import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/**
 * Sign in with Apple (providers.md, "Apple"): Apple has no userinfo, profile or other user-data API for
 * its tokens, so the gateway never calls it; an Apple account's profile is Clerk's record of it.
 */
export const appleManifest = defineProviderManifest({
  id: 'apple',
  displayName: 'Apple',
  apiBaseUrl: null,
  auth: 'none',
  headers: {},
  pagination: 'none',
  // The only scopes Sign in with Apple knows; Clerk does not publish its list (providers.md: inferred).
  defaultScopes: ['name', 'email'],
  // Clerk's data needs no call, hence no scope.
  fieldScopes: { profile: [] },
  clerkDocsUrl: clerkDocsUrlOf('apple'),
});
