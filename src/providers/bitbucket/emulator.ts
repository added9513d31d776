/**
 * Bitbucket Cloud REST 2.0 as the gateway uses it: `GET /user` (scope `account`) and `GET /user/emails`
 * (scope `email`), with Bitbucket's `{type: "error", error: {...}}` envelope (docs/providers.md#bitbucket).
 */
import { type EmulatorReply, jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  type AccountHandler,
  createBearerApiEmulator,
  type ProviderEmulatorFactory,
} from '../../emulator/provider-emulator.js';
import { BITBUCKET_EMAIL_SCOPE } from './provider.js';

const API_URL = 'https://api.bitbucket.org/2.0';

function bitbucketError(status: number, error: Record<string, unknown>, headers?: Record<string, string>) {
  return jsonReply(status, { type: 'error', error }, headers);
}

/** A route that needs `scope`; without it, Bitbucket's 403 naming granted and required scopes. */
function withScope(scope: string, handler: AccountHandler): AccountHandler {
  return (request, account) =>
    account.scopes.includes(scope)
      ? handler(request, account)
      : bitbucketError(403, {
          message: 'Your credentials lack one or more required privilege scopes.',
          detail: { granted: account.scopes, required: [scope] },
        });
}

export const createBitbucketEmulator: ProviderEmulatorFactory = (deps) =>
  createBearerApiEmulator(
    {
      id: 'bitbucket',
      unauthorized: () => bitbucketError(401, { message: 'Access token expired.' }),
      rateLimited: (): EmulatorReply =>
        bitbucketError(
          429,
          { message: 'Rate limit for this resource has been exceeded' },
          {
            // The header names of docs/providers.md#bitbucket ("Rate limits"), which are unverified; the
            // values are illustrative.
            'x-ratelimit-limit': '1000',
            'x-ratelimit-resource': 'api',
          },
        ),
      routes: (router) =>
        router
          .get(
            '/user',
            'bitbucket.getUser',
            withScope('account', (_request, account) => jsonReply(200, userJson(account))),
          )
          .get(
            '/user/emails',
            'bitbucket.listEmails',
            withScope(BITBUCKET_EMAIL_SCOPE, (_request, account) => jsonReply(200, emailsJson(account))),
          ),
    },
    deps,
  );

/** Bitbucket's user uuid, braces included: Clerk's provider user id, braced when it is not. */
export function bitbucketUuidOf(account: { readonly providerUserId: string }): string {
  const id = account.providerUserId;
  return id.startsWith('{') ? id : `{${id}}`;
}

/** Bitbucket's timestamps: microseconds and a `+00:00` offset. */
function bitbucketTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '000+00:00');
}

/** The shape of the `/user` example of docs/providers.md#bitbucket ("Profile"), from the stored account. */
function userJson(account: StoredAccount): Record<string, unknown> {
  const uuid = bitbucketUuidOf(account);
  const encoded = encodeURIComponent(uuid);
  const nickname = account.username ?? `user${account.providerUserId}`;
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  return {
    display_name: name || nickname,
    links: {
      self: { href: `${API_URL}/users/${encoded}` },
      avatar: { href: account.imageUrl },
      html: { href: `https://bitbucket.org/${encoded}/` },
    },
    created_on: bitbucketTime(account.createdAt),
    type: 'user',
    uuid,
    has_2fa_enabled: null,
    username: nickname,
    is_staff: false,
    account_id: `557058:${uuid.slice(1, -1)}`,
    nickname,
    account_status: 'active',
    location: null,
  };
}

/** `GET /user/emails`: one page with the account's address, primary and confirmed. */
function emailsJson(account: StoredAccount): Record<string, unknown> {
  const values =
    account.email === null
      ? []
      : [
          {
            is_primary: true,
            is_confirmed: true,
            type: 'email',
            email: account.email,
            links: { self: { href: `${API_URL}/user/emails/${encodeURIComponent(account.email)}` } },
          },
        ];
  return { pagelen: 10, values, page: 1, size: values.length };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createBitbucketEmulator;
