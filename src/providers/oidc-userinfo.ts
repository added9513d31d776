/**
 * Profiles from an OpenID Connect userinfo endpoint, which many providers serve (Google, LinkedIn,
 * Slack, Vercel, Hugging Face, custom OIDC connections): the standard claims of OIDC Core §5.1
 * (https://openid.net/specs/openid-connect-core-1_0.html#StandardClaims), each but `sub` present only
 * with the scope that releases it. A declaration names its endpoint with `userinfoPath`.
 */
import { z } from 'zod';
import { type ProfileSource, type ProviderProfile, profileOf } from './provider-profile.js';

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

/** The profile of the userinfo endpoint at `path`: one call. */
export function userinfoProfile(path: string): ProfileSource {
  return {
    calls: 1,
    read: async (calls) => profileOfClaims(await calls.getJson(path, userinfoClaimsSchema)),
  };
}
