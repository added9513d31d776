/**
 * `GET /user`, which has no email, and `GET /user/emails` for the primary address when the account
 * granted the `email` scope (providers.md, "Bitbucket"). The email is optional: a refusal of the email
 * scope leaves it `null` rather than failing the profile.
 */
import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import type { ProviderCalls } from '../account-api.js';
import type { ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { BITBUCKET_EMAIL_SCOPE, bitbucketManifest } from './manifest.js';

const linkSchema = z.object({ href: z.string() }).optional();

const userSchema = z.object({
  uuid: z.string(),
  display_name: z.string().nullish(),
  // `username` is deprecated in favour of `nickname` (providers.md, Bitbucket profile notes).
  nickname: z.string().nullish(),
  username: z.string().nullish(),
  links: z.object({ avatar: linkSchema, html: linkSchema }).optional(),
});

const emailsSchema = z.object({
  values: z.array(z.object({ email: z.string(), is_primary: z.boolean() })),
});

export const readBitbucketProfile: ProfileReader = async (calls, account) => {
  const [user, email] = await Promise.all([
    calls.get('/user').then((response) => bodyOf(userSchema, response, bitbucketManifest.displayName)),
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
};

/** The primary address; the first page holds it (a user has a handful of addresses). */
async function readPrimaryEmail(calls: ProviderCalls): Promise<string | null> {
  try {
    const emails = bodyOf(emailsSchema, await calls.get('/user/emails'), bitbucketManifest.displayName);
    return emails.values.find((entry) => entry.is_primary)?.email ?? null;
  } catch (error) {
    if (error instanceof GatewayError && error.code === 'MISSING_SCOPES') return null;
    throw error;
  }
}
