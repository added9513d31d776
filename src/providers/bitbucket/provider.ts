import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import type { ProviderCalls } from '../account-api.js';
import { defineProvider } from '../provider-declaration.js';
import { profileOf } from '../provider-profile.js';
import { bitbucketSchema } from './schema.js';

/** The scope `GET /user/emails` needs. */
export const BITBUCKET_EMAIL_SCOPE = 'email';

/**
 * What reads a workspace's repositories: `repository`, or a scope that implies it (`repository:write`,
 * `pullrequest`, `pullrequest:write`, `project`); least privilege first. `repository:admin` does not
 * imply it (docs/providers.md#bitbucket, "Scopes").
 */
export const BITBUCKET_REPOSITORY_SCOPES = [
  'repository',
  'repository:write',
  'pullrequest',
  'pullrequest:write',
  'project',
] as const;

const linkSchema = z.object({ href: z.string() }).optional();

const userSchema = z.object({
  uuid: z.string(),
  display_name: z.string().nullish(),
  // `username` is deprecated in favour of `nickname`.
  nickname: z.string().nullish(),
  username: z.string().nullish(),
  links: z.object({ avatar: linkSchema, html: linkSchema }).optional(),
});

const emailsSchema = z.object({
  values: z.array(z.object({ email: z.string(), is_primary: z.boolean() })),
});

/** Bitbucket Cloud REST 2.0 (docs/providers.md#bitbucket). */
export const bitbucket = defineProvider({
  id: 'bitbucket',
  displayName: 'Bitbucket',
  clerkDocsSlug: 'bitbucket',
  apiBaseUrl: 'https://api.bitbucket.org/2.0',
  headers: { Accept: 'application/json' },
  // A 429 carries `X-RateLimit-Limit`, `X-RateLimit-Resource` and `X-RateLimit-NearLimit`, none of which
  // says how long to wait, and no documented `Retry-After` (the header names are unverified). A
  // `Retry-After`, if Bitbucket sends one, is honoured (the default); without it the wait is the
  // gateway's default minute.
  //
  // A token without a scope an endpoint needs gets a 403 whose error envelope names the scopes:
  // `{"type":"error","error":{"message":"Your credentials lack one or more required privilege
  // scopes.","detail":{"granted":[…],"required":[…]}}}`. Unverified: Bitbucket's docs give only the
  // envelope; the message and `detail` are what Bitbucket clients match on. Other 403s are permission
  // refusals.
  refusals: [{ status: 403, when: { at: 'error.detail.required', present: true }, means: 'MISSING_SCOPES' }],
  // `{pagelen, page, size?, next?, values}`: a page number, with the next page's URL in the body.
  pagination: { kind: 'next-url', nextAt: 'next', param: 'page', sizeParam: 'pagelen', maxPageSize: 100 },
  // Inferred: Clerk's guide ticks Account: Email + Read.
  defaultScopes: ['account', BITBUCKET_EMAIL_SCOPE],
  // `GET /user` needs `account`; the email (`GET /user/emails`, scope `email`) is read only when granted.
  // `bitbucketRepos`: `account` for `GET /user/workspaces`, and `repository` (or a scope implying it) for
  // `GET /repositories/{workspace}`.
  fieldScopes: {
    profile: ['account'],
    bitbucketRepos: ['account', [...BITBUCKET_REPOSITORY_SCOPES]],
  },
  // `GET /user`, which has no email, and `GET /user/emails` for the primary address when the account
  // granted the `email` scope. The email is optional: a refusal of the email scope leaves it `null`
  // rather than failing the profile.
  profile: {
    calls: 2,
    async read(calls, account) {
      const [user, email] = await Promise.all([
        calls.getJson('/user', userSchema),
        account.approvedScopes.includes(BITBUCKET_EMAIL_SCOPE) ? readPrimaryEmail(calls) : null,
      ]);
      return profileOf({
        // `uuid` (`{…}`, braces included) is the user's id in Bitbucket; `account_id` is the Atlassian-wide one.
        id: user.uuid,
        username: user.nickname ?? user.username,
        name: user.display_name,
        email,
        avatarUrl: user.links?.avatar?.href,
        url: user.links?.html?.href,
      });
    },
  },
  schema: bitbucketSchema,
});

/** The primary address; the first page holds it (a user has a handful of addresses). */
async function readPrimaryEmail(calls: ProviderCalls): Promise<string | null> {
  try {
    const emails = await calls.getJson('/user/emails', emailsSchema);
    return emails.values.find((entry) => entry.is_primary)?.email ?? null;
  } catch (error) {
    if (error instanceof GatewayError && error.code === 'MISSING_SCOPES') return null;
    throw error;
  }
}
