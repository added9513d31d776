import { defineProvider } from '../provider-declaration.js';

/**
 * Sign in with Apple (docs/providers.md#apple): Apple has no userinfo, profile or other user-data API
 * for its tokens, so the gateway never calls it; an Apple account's profile is Clerk's record of it.
 */
export const apple = defineProvider({
  id: 'apple',
  displayName: 'Apple',
  clerkDocsSlug: 'apple',
  apiBaseUrl: null,
  auth: 'none',
  // The only scopes Sign in with Apple knows; Clerk does not publish its list (inferred).
  defaultScopes: ['name', 'email'],
  // Clerk's data needs no call, hence no scope.
  fieldScopes: { profile: [] },
});
