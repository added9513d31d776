import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import type { ProviderCalls } from '../account-api.js';
import { defineProvider } from '../provider-declaration.js';
import { type ProviderProfile, profileOf } from '../provider-profile.js';
import {
  CALENDAR_VIEW_SCOPES,
  DRIVE_CHILDREN_SCOPES,
  GRAPH_ME_SCOPES,
  grantsGraphMe,
} from './graph-scopes.js';
import { microsoftSchema } from './schema.js';

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

/** Microsoft Graph (docs/providers.md#microsoft). */
export const microsoft = defineProvider({
  id: 'microsoft',
  displayName: 'Microsoft',
  clerkDocsSlug: 'microsoft',
  apiBaseUrl: 'https://graph.microsoft.com',
  // Outlook answers event times in this zone (UTC is also its default); other Graph APIs are assumed to
  // ignore it (docs/providers.md#microsoft, "API and headers").
  headers: { Prefer: 'outlook.timezone="UTC"' },
  // Throttling is a 429 with `Retry-After` in seconds (the defaults); a 403 is a permission problem,
  // never a limit.
  // A missing permission is a 403 `{error: {code}}`: `Authorization_RequestDenied` (directory),
  // `ErrorAccessDenied` (Outlook: the calendar) or `accessDenied` (OneDrive).
  refusals: [
    {
      status: 403,
      when: { at: 'error.code', oneOf: ['Authorization_RequestDenied', 'ErrorAccessDenied', 'accessDenied'] },
      means: 'MISSING_SCOPES',
    },
  ],
  // Lists page with an opaque `@odata.nextLink` URL in the body (a key with a dot in it), of which one
  // parameter is kept: OneDrive's `$skiptoken` here, the calendar view's `$skip` on its own request
  // (schema.ts). `$top` up to 1000 for OneDrive's children (docs/providers.md#microsoft, "Pagination").
  pagination: {
    kind: 'next-url',
    nextAt: ['@odata.nextLink'],
    param: '$skiptoken',
    sizeParam: '$top',
    maxPageSize: 1000,
  },
  // Observed once in a Clerk authorize URL: no `User.Read`.
  defaultScopes: ['openid', 'email', 'profile', 'offline_access'],
  // The profile reads `/v1.0/me` with `User.Read` (or a broader user permission), else the OpenID
  // Connect userinfo, which needs `openid` (a Clerk default). The lists need their Graph permission,
  // least privilege first (graph-scopes.ts): Clerk's defaults have none.
  fieldScopes: {
    profile: [['openid', ...GRAPH_ME_SCOPES]],
    microsoftCalendarEvents: [CALENDAR_VIEW_SCOPES],
    microsoftDriveItems: [DRIVE_CHILDREN_SCOPES],
  },
  // `GET /v1.0/me` when the account granted `User.Read` (or a broader user permission), else the OpenID
  // Connect `GET /oidc/userinfo` on the same host. A `/me` refused for lack of permission (consent
  // withdrawn since Clerk recorded the scopes) falls back to userinfo too: two calls at most.
  //
  // The two disagree on the id: `/me` has the directory object id, userinfo a `sub` that is pairwise per
  // application (Microsoft identity platform, "UserInfo endpoint"). Each is mapped as the API gives it.
  profile: {
    calls: 2,
    async read(calls, account) {
      if (grantsGraphMe(account.approvedScopes)) {
        try {
          return await readGraphUser(calls);
        } catch (error) {
          if (!(error instanceof GatewayError && error.code === 'MISSING_SCOPES')) throw error;
        }
      }
      return readUserInfo(calls);
    },
  },
  schema: microsoftSchema,
});

async function readGraphUser(calls: ProviderCalls): Promise<ProviderProfile> {
  const user = await calls.getJson('/v1.0/me', graphUserSchema);
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
  const claims = await calls.getJson('/oidc/userinfo', userInfoSchema);
  return profileOf({ id: claims.sub, name: claims.name, email: claims.email });
}
