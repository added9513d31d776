/**
 * Xero as the gateway uses it: `GET /connections`, the tenants the user authorised, with Xero's two 401
 * bodies and its 429 with `Retry-After` and `X-Rate-Limit-Problem` (docs/providers.md#xero).
 */
import { createHash, randomUUID } from 'node:crypto';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulatorFactory,
} from '../../emulator/provider-emulator.js';

/**
 * With only these, no tenant is authorised and `/connections` is empty
 * (docs/providers.md#xero, "Profile").
 */
const IDENTITY_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/**
 * Xero's limits (docs/providers.md#xero, "Rate limits"): 5,000 calls a day per tenant, and 10,000 a
 * minute per app, across tenants.
 */
const DAY_LIMIT = 5000;
const APP_MINUTE_LIMIT = 10_000;

const WWW_AUTHENTICATE = { 'www-authenticate': 'Bearer error=invalid_token' };

export const createXeroEmulator: ProviderEmulatorFactory = (deps) =>
  createBearerApiEmulator(
    {
      id: 'xero',
      unauthorized: (request) => unauthorized(request, deps.identities),
      // Xero documents the headers, not a body (docs/providers.md#xero, "Rate limits"): none is sent.
      rateLimited: (_request, retryAfterSeconds) => ({
        status: 429,
        headers: {
          'retry-after': String(retryAfterSeconds),
          'x-rate-limit-problem': 'minute',
          'x-minlimit-remaining': '0',
          'x-daylimit-remaining': String(DAY_LIMIT - 1),
          'x-appminlimit-remaining': String(APP_MINUTE_LIMIT - 1),
        },
      }),
      notFound: () => jsonReply(404, { Type: null, Title: 'NotFound', Status: 404, Detail: 'Not Found' }),
      routes: (router) =>
        router.get('/connections', 'xero.connections', (_request, account) =>
          jsonReply(200, connectionsOf(account)),
        ),
    },
    deps,
  );

/**
 * An expired token gets the PascalCase `TokenExpired` body; any other bad token the lower-case
 * `AuthenticationUnsuccessful` one with a `Xero-Correlation-Id` (docs/providers.md#xero, "Errors").
 */
function unauthorized(request: EmulatorRequest, identities: IdentityStore): EmulatorReply {
  const token = bearerTokenOf(request);
  const account = token === undefined ? undefined : identities.accountOfToken(token);
  const expiredAt =
    account && account.accessToken === token && !account.revokedAtProvider
      ? account.accessTokenExpiresAt
      : null;
  if (expiredAt !== null && expiredAt <= Date.now()) {
    return jsonReply(
      401,
      {
        Type: null,
        Title: 'Unauthorized',
        Status: 401,
        Detail: `TokenExpired: token expired at ${xeroTimestamp(expiredAt)}`,
        Instance: randomUUID(),
        Extensions: {},
      },
      WWW_AUTHENTICATE,
    );
  }
  const correlationId = randomUUID();
  return jsonReply(
    401,
    { title: 'Unauthorized', status: 401, detail: 'AuthenticationUnsuccessful', instance: correlationId },
    { ...WWW_AUTHENTICATE, 'xero-correlation-id': correlationId },
  );
}

/**
 * One organisation once the account granted more than the identity scopes, in the shape of the example of
 * docs/providers.md#xero ("Profile").
 */
function connectionsOf(account: StoredAccount): Record<string, unknown>[] {
  if (account.scopes.every((scope) => IDENTITY_SCOPES.includes(scope))) return [];
  return [
    {
      id: uuidOf(`connection:${account.id}`),
      authEventId: uuidOf(`auth-event:${account.id}`),
      tenantId: uuidOf(`tenant:${account.id}`),
      tenantType: 'ORGANISATION',
      tenantName: `${account.lastName ?? account.username ?? 'Demo'} Ltd`,
      createdDateUtc: xeroUtc(account.createdAt),
      updatedDateUtc: xeroUtc(account.updatedAt),
    },
  ];
}

function uuidOf(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `2019-07-09T23:40:30.1833130`: no zone, seven fractional digits. */
function xeroUtc(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, -1)}0000`;
}

/** `04/09/2023 05:16:59` (UTC), as in the `TokenExpired` detail. */
function xeroTimestamp(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)} ${iso.slice(11, 19)}`;
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createXeroEmulator;
