/**
 * The profile from `GET /v1.0/me` when the account granted `User.Read` (or a broader user permission),
 * else from the OpenID Connect `GET /oidc/userinfo` on the same host, which Clerk's default `openid`
 * scope covers (providers.md, Microsoft profile notes). A `/me` refused for lack of permission (consent
 * withdrawn since Clerk recorded the scopes) falls back to userinfo too.
 *
 * The two disagree on the id: `/me` has the directory object id, userinfo a `sub` that is pairwise per
 * application (Microsoft identity platform, "UserInfo endpoint"). Each is mapped as the API gives it.
 */
import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import type { ProviderCalls } from '../account-api.js';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, type ProviderProfile, profileOf } from '../provider-profile.js';
import { grantsGraphMe } from './graph-scopes.js';
import { microsoftManifest } from './manifest.js';

const graphUserSchema = z.object({
  id: z.string(),
  displayName: z.string().nullish(),
  // Often null for personal accounts, whose sign-in address is the user principal name.
  mail: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
});

const userInfoSchema = z.object({
  sub: z.string(),
  name: z.string().nullish(),
  email: z.string().nullish(),
});

export const readMicrosoftProfile: ProfileReader = async (calls, account) => {
  if (grantsGraphMe(account.approvedScopes)) {
    try {
      return await readGraphUser(calls);
    } catch (error) {
      if (!(error instanceof GatewayError && error.code === 'MISSING_SCOPES')) throw error;
    }
  }
  return readUserInfo(calls);
};

async function readGraphUser(calls: ProviderCalls): Promise<ProviderProfile> {
  const user = bodyOf(graphUserSchema, await calls.get('/v1.0/me'), microsoftManifest.displayName);
  return profileOf({
    id: user.id,
    username: user.userPrincipalName,
    name: user.displayName,
    email: user.mail,
  });
}

/**
 * Userinfo's `picture` is Graph's `/v1.0/me/photo/$value`, which answers only with a `User.Read`
 * token: no use as an avatar URL, so the avatar stays `null`.
 */
async function readUserInfo(calls: ProviderCalls): Promise<ProviderProfile> {
  const claims = bodyOf(userInfoSchema, await calls.get('/oidc/userinfo'), microsoftManifest.displayName);
  return profileOf({ id: claims.sub, name: claims.name, email: claims.email });
}
