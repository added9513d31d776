/**
 * Microsoft Graph as the gateway reads it (docs/providers.md#microsoft): `GET /v1.0/me`, which needs
 * `User.Read`, and the OpenID Connect `GET /oidc/userinfo`, with Graph's error envelope, its 401
 * messages and `WWW-Authenticate`, and its 429 with `Retry-After`.
 */
import { createHash } from 'node:crypto';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { grantsGraphMe } from './graph-scopes.js';

const GRAPH_URL = 'https://graph.microsoft.com';
/** What Graph sends with its entities; its error answers are plain `application/json`. */
const ODATA_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
/** Graph's 401 challenge (the client id is Graph's application id): unverified, no source cited gives it. */
const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

/** Graph's error envelope; `innerError` carries the request ids also sent as headers. */
function graphError(
  request: EmulatorRequest,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorReply {
  const innerError = {
    date: new Date().toISOString().slice(0, 19),
    'request-id': request.id,
    'client-request-id': clientRequestIdOf(request),
  };
  return jsonReply(
    status,
    { error: { code, message, innerError } },
    { 'content-type': 'application/json', ...headers },
  );
}

function clientRequestIdOf(request: EmulatorRequest): string {
  return request.header('client-request-id') ?? request.id;
}

export function createMicrosoftEmulator(deps: ProviderEmulatorDeps): ProviderEmulator {
  const { identities } = deps;

  /** The messages of docs/providers.md#microsoft ("Errors"), by what is wrong with the token. */
  function unauthorized(request: EmulatorRequest): EmulatorReply {
    const token = bearerTokenOf(request);
    const account = token === undefined ? undefined : identities.accountOfToken(token);
    const expired = account?.accessTokenExpiresAt != null && account.accessTokenExpiresAt <= Date.now();
    const message =
      token === undefined
        ? 'Access token is empty.'
        : expired
          ? 'Lifetime validation failed, the token is expired.'
          : // Emulated tokens are opaque strings, not JWTs: what Graph says of a token it cannot parse.
            'IDX14100: JWT is not well formed, there are no dots (.).';
    return graphError(request, 401, 'InvalidAuthenticationToken', message, {
      'www-authenticate': WWW_AUTHENTICATE,
    });
  }

  return createBearerApiEmulator(
    {
      id: 'microsoft',
      jsonContentType: ODATA_JSON,
      responseHeaders: (request) => ({
        'request-id': request.id,
        'client-request-id': clientRequestIdOf(request),
      }),
      unauthorized,
      rateLimited: (request, retryAfterSeconds) =>
        graphError(request, 429, 'TooManyRequests', 'Please retry after', {
          'retry-after': String(retryAfterSeconds),
        }),
      notFound: (request) =>
        graphError(
          request,
          400,
          'BadRequest',
          `Resource not found for the segment '${request.path.split('/').pop()}'.`,
        ),
      routes: (router) =>
        router
          .get('/v1.0/me', 'microsoft.getMe', (request, account) =>
            grantsGraphMe(account.scopes)
              ? jsonReply(200, graphUserOf(account))
              : graphError(
                  request,
                  403,
                  'Authorization_RequestDenied',
                  'Insufficient privileges to complete the operation.',
                ),
          )
          .get('/oidc/userinfo', 'microsoft.userInfo', (_request, account) =>
            jsonReply(200, userInfoOf(account), { 'content-type': 'application/json; charset=utf-8' }),
          ),
    },
    deps,
  );
}

/**
 * The shape of the example of docs/providers.md#microsoft ("Profile"); the fields the account has no data
 * for are null, as for personal accounts.
 */
function graphUserOf(account: StoredAccount): Record<string, unknown> {
  return {
    '@odata.context': `${GRAPH_URL}/v1.0/$metadata#users/$entity`,
    businessPhones: [],
    displayName: [account.firstName, account.lastName].filter(Boolean).join(' ') || null,
    givenName: account.firstName,
    jobTitle: null,
    mail: account.email,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: account.lastName,
    userPrincipalName: account.username ?? account.email,
    id: account.providerUserId,
  };
}

/** Userinfo's claims: `name`, `given_name`, `family_name`, `picture` with `profile`, `email` with `email`. */
function userInfoOf(account: StoredAccount): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  return {
    sub: userInfoSubjectOf(account),
    ...(account.scopes.includes('profile')
      ? {
          ...(name ? { name } : {}),
          ...(account.lastName ? { family_name: account.lastName } : {}),
          ...(account.firstName ? { given_name: account.firstName } : {}),
          picture: `${GRAPH_URL}/v1.0/me/photo/$value`,
        }
      : {}),
    ...(account.scopes.includes('email') && account.email !== null ? { email: account.email } : {}),
  };
}

/**
 * Userinfo's `sub`: pairwise (one per user and application), 43 base64url characters, unlike Graph's
 * object id (Microsoft identity platform, ID token claims).
 */
export function userInfoSubjectOf(account: StoredAccount): string {
  return createHash('sha256').update(`pairwise:${account.providerUserId}`).digest('base64url');
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createMicrosoftEmulator;
