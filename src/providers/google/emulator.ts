/**
 * Google's userinfo endpoint as the gateway uses it: `GET /oauth2/v3/userinfo`, whose claims depend on
 * the token's scopes, with its OAuth-style 401, the Google API error envelope for a missing scope, and a
 * rate limit that names the moment it ends (docs/providers.md#google).
 */
import { type EmulatorReply, jsonReply, textReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import { createBearerApiEmulator, type ProviderEmulatorFactory } from '../../emulator/provider-emulator.js';

const REALM = 'Bearer realm="https://accounts.google.com/"';
const EMAIL_SCOPES = ['email', 'https://www.googleapis.com/auth/userinfo.email'];
const PROFILE_SCOPES = ['profile', 'https://www.googleapis.com/auth/userinfo.profile'];
/** Any of these lets a token read userinfo. */
const USERINFO_SCOPES = ['openid', ...EMAIL_SCOPES, ...PROFILE_SCOPES];
/** Consumer domains; an account of any other domain is a Workspace account, with `hd`. */
const CONSUMER_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/** The Google API error envelope (docs/providers.md#google, "Errors"). */
function googleApiError(
  code: number,
  status: string,
  message: string,
  errors: Record<string, string>[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { error: { code, message, errors, status, ...extra } };
}

export const createGoogleEmulator: ProviderEmulatorFactory = (deps) =>
  createBearerApiEmulator(
    {
      id: 'google',
      jsonContentType: 'application/json; charset=utf-8',
      // The userinfo endpoint answers an OAuth-style body, not the API envelope
      // (docs/providers.md#google, "Errors").
      unauthorized: () =>
        jsonReply(
          401,
          { error: 'invalid_request', error_description: 'Invalid Credentials' },
          { 'www-authenticate': `${REALM}, error="invalid_token"` },
        ),
      // Google's per-user limit as Gmail words it: a 403 naming the moment it ends, and no header.
      rateLimited: (_request, retryAfterSeconds) => {
        const retryAt = new Date(Date.now() + retryAfterSeconds * 1000).toISOString();
        return jsonReply(
          403,
          googleApiError(403, 'PERMISSION_DENIED', `User-rate limit exceeded.  Retry after ${retryAt}`, [
            { message: 'User-rate limit exceeded.', domain: 'usageLimits', reason: 'rateLimitExceeded' },
          ]),
        );
      },
      notFound: () => textReply(404, 'Not Found', 'text/html; charset=UTF-8'),
      routes: (router) =>
        router.get('/oauth2/v3/userinfo', 'google.userinfo', (_request, account) =>
          hasAnyScope(account, USERINFO_SCOPES) ? jsonReply(200, userinfoJson(account)) : insufficientScope(),
        ),
    },
    deps,
  );

/**
 * A missing scope: a 403 envelope with `ACCESS_TOKEN_SCOPE_INSUFFICIENT`
 * (docs/providers.md#google, "Errors").
 */
function insufficientScope(): EmulatorReply {
  const body = googleApiError(
    403,
    'PERMISSION_DENIED',
    'Request had insufficient authentication scopes.',
    [{ message: 'Insufficient Permission', domain: 'global', reason: 'insufficientPermissions' }],
    {
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
          domain: 'googleapis.com',
          metadata: { service: 'www.googleapis.com', method: 'oauth2.v3.userinfo' },
        },
      ],
    },
  );
  return jsonReply(403, body, {
    'www-authenticate': `${REALM}, error="insufficient_scope", scope="${USERINFO_SCOPES.join(' ')}"`,
  });
}

function hasAnyScope(account: StoredAccount, scopes: readonly string[]): boolean {
  return scopes.some((scope) => account.scopes.includes(scope));
}

/** `sub` always; name and picture with the profile scope; email (and `hd`) with the email scope. */
function userinfoJson(account: StoredAccount): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: account.providerUserId };
  if (hasAnyScope(account, PROFILE_SCOPES)) {
    const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
    Object.assign(claims, {
      name: name || undefined,
      given_name: account.firstName ?? undefined,
      family_name: account.lastName ?? undefined,
      picture: account.imageUrl,
    });
  }
  if (hasAnyScope(account, EMAIL_SCOPES) && account.email) {
    const domain = account.email.split('@')[1]?.toLowerCase();
    Object.assign(claims, {
      email: account.email,
      email_verified: true,
      hd: domain && !CONSUMER_DOMAINS.has(domain) ? domain : undefined,
    });
  }
  return claims;
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createGoogleEmulator;
