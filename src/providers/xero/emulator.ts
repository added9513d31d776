/**
 * Xero as the gateway uses it: `GET /connections`, the tenants the user authorised (filtered by
 * `authEventId` when asked), with Xero's two 401 bodies and its 429 with `Retry-After` and
 * `X-Rate-Limit-Problem` (docs/providers.md#xero).
 */
import { createHash, randomUUID } from 'node:crypto';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';

/** One entry of `GET /connections` (docs/providers.md#xero, "Data endpoints"). */
export interface XeroConnectionJson {
  /** The connection's id (what `DELETE /connections/{id}` takes). */
  id: string;
  /** Shared by the connections authorised in one consent. */
  authEventId: string;
  /** The organisation's id: the `xero-tenant-id` of accounting calls. */
  tenantId: string;
  tenantType: 'ORGANISATION' | 'PRACTICEMANAGER' | 'PRACTICE' | (string & {});
  /** `null` has been seen for a Practice Manager tenant. */
  tenantName: string | null;
  /** `2019-07-09T23:40:30.1833130`: UTC without a zone, seven fractional digits. */
  createdDateUtc: string;
  updatedDateUtc: string;
}

export interface XeroEmulator extends ProviderEmulatorApi {
  /**
   * The tenants the account's user connected, answered whatever the scopes. A count generates
   * deterministic organisations. Without it, an account lists its own organisation and Xero's demo
   * company once it granted more than the identity scopes, and nothing before.
   */
  setConnections(accountId: string, connections: XeroConnectionJson[] | { count: number }): void;
  /** What `GET /connections` answers the account now. */
  connections(accountId: string): XeroConnectionJson[];
}

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

export function createXeroEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<XeroEmulator> {
  const connectionsByAccount = new Map<string, XeroConnectionJson[]>();

  function requireXeroAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'xero') throw new Error(`Emulator: no Xero account ${accountId}`);
    return account;
  }

  function connectionsOf(account: StoredAccount): XeroConnectionJson[] {
    return connectionsByAccount.get(account.id) ?? defaultConnections(account);
  }

  const emulator = createBearerApiEmulator(
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
        // A plain array, never paged; `authEventId` keeps the tenants of one consent.
        router.get('/connections', 'xero.connections', (request, account) => {
          const authEventId = request.query.authEventId;
          const connections = connectionsOf(account);
          return jsonReply(
            200,
            authEventId === undefined
              ? connections
              : connections.filter((connection) => connection.authEventId === authEventId),
          );
        }),
    },
    deps,
  );

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setConnections(accountId, connections) {
        const account = requireXeroAccount(accountId);
        connectionsByAccount.set(
          accountId,
          Array.isArray(connections) ? connections : generateConnections(account, connections.count),
        );
      },
      connections(accountId) {
        return connectionsOf(requireXeroAccount(accountId));
      },
    },
  };
}

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
 * The account's organisation and Xero's demo company, both connected in the account's consent, once the
 * account granted more than the identity scopes (docs/providers.md#xero, "Profile").
 */
function defaultConnections(account: StoredAccount): XeroConnectionJson[] {
  if (account.scopes.every((scope) => IDENTITY_SCOPES.includes(scope))) return [];
  return [
    connectionJson(account, 0, `${account.lastName ?? account.username ?? 'Demo'} Ltd`, account.createdAt),
    connectionJson(account, 1, 'Demo Company (Global)', account.createdAt + 1_234),
  ];
}

const ORGANISATION_NAMES = [
  'Maple Florists',
  'Harbour Coffee Roasters',
  'Kauri Joinery',
  'Southern Lights Studio',
  'Pohutukawa Plumbing',
  'Tui Bookkeeping',
  'Fernleaf Bakery',
  'Summit Outdoor Gear',
];
const SUFFIXES = ['Ltd', 'Limited', 'Pty Ltd', 'Inc', 'LLC'];

/**
 * `count` organisations, oldest first, connected in consents of three a day apart, the last one when the
 * account was connected.
 */
function generateConnections(account: StoredAccount, count: number): XeroConnectionJson[] {
  const consents = Math.ceil(count / 3);
  return Array.from({ length: count }, (_, index) => {
    const consent = Math.floor(index / 3);
    const connectedAt = account.createdAt - (consents - 1 - consent) * 86_400_000 + (index % 3) * 1_234;
    const base = ORGANISATION_NAMES[index % ORGANISATION_NAMES.length] ?? 'Organisation';
    const suffix = SUFFIXES[Math.floor(index / ORGANISATION_NAMES.length) % SUFFIXES.length] ?? 'Ltd';
    const round = Math.floor(index / (ORGANISATION_NAMES.length * SUFFIXES.length));
    return connectionJson(
      account,
      index,
      `${base} ${suffix}${round === 0 ? '' : ` ${round + 1}`}`,
      connectedAt,
    );
  });
}

/** An organisation connected at `connectedAt`, in the consent of its group of three. */
function connectionJson(
  account: StoredAccount,
  index: number,
  tenantName: string,
  connectedAt: number,
): XeroConnectionJson {
  return {
    id: uuidOf(`connection:${account.id}:${index}`),
    authEventId: uuidOf(`auth-event:${account.id}:${Math.floor(index / 3)}`),
    tenantId: uuidOf(`tenant:${account.id}:${index}`),
    tenantType: 'ORGANISATION',
    tenantName,
    createdDateUtc: xeroUtc(connectedAt),
    // Xero stamps the update a moment after the creation.
    updatedDateUtc: xeroUtc(connectedAt + 2),
  };
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
