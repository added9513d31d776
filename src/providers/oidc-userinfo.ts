/**
 * Profiles from an OpenID Connect userinfo endpoint, which many providers serve (Google, LinkedIn,
 * Slack, Vercel, Hugging Face, custom OIDC connections): the standard claims of OIDC Core §5.1, each
 * but `sub` present only with the scope that releases it.
 */
import { z } from 'zod';
import type { ProfileReader } from './provider-module.js';
import { bodyOf, type ProviderProfile, profileOf } from './provider-profile.js';

/** Claims vary with the provider and its mapping: one of an unexpected type is left out, not fatal. */
const claim = z.string().nullish().catch(null);

export const userinfoClaimsSchema = z.object({
  sub: z.string(),
  name: claim,
  given_name: claim,
  family_name: claim,
  preferred_username: claim,
  email: claim,
  picture: claim,
  /** The user's page at the provider. */
  profile: claim,
});

export type UserinfoClaims = z.infer<typeof userinfoClaimsSchema>;

export function profileOfClaims(claims: UserinfoClaims): ProviderProfile {
  return profileOf({
    id: claims.sub,
    username: claims.preferred_username,
    name: claims.name || [claims.given_name, claims.family_name].filter(Boolean).join(' '),
    email: claims.email,
    avatarUrl: claims.picture,
    url: claims.profile,
  });
}

/** The reader of a provider whose profile is its userinfo endpoint at `path`. */
export function userinfoReader(path: string, providerName: string): ProfileReader {
  return async (calls) => profileOfClaims(bodyOf(userinfoClaimsSchema, await calls.get(path), providerName));
}
