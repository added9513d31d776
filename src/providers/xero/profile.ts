/**
 * Xero has no "me" endpoint: `GET /connections`, the tenants the user authorised, is its only user-level
 * call, and the person (xero_userid, name, email) is in the OIDC id_token Clerk took the account from
 * (providers.md, Xero profile notes). So the profile calls `/connections` with the account's token, which
 * proves the token is still good (or surfaces Xero's 401 and 429), and describes the person with the
 * identity Clerk recorded from Xero.
 */
import { z } from 'zod';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { xeroManifest } from './manifest.js';

/** May well be empty: with only the OIDC scopes no tenant is authorised (providers.md, Xero notes). */
const connectionsSchema = z.array(z.object({ id: z.string(), tenantId: z.string(), tenantType: z.string() }));

export const readXeroProfile: ProfileReader = async (calls, account) => {
  bodyOf(connectionsSchema, await calls.get('/connections'), xeroManifest.displayName);
  return profileOf({
    id: account.providerUserId ?? account.id,
    username: account.username,
    name: [account.firstName, account.lastName].filter(Boolean).join(' '),
    email: account.emailAddress,
    avatarUrl: account.imageUrl,
  });
};
