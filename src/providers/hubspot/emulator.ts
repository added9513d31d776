/**
 * HubSpot's API as the gateway uses it (docs/providers.md#hubspot): the OAuth token metadata endpoint
 * `GET /oauth/v1/access-tokens/:token` (the token in the path) and the CRM contacts list
 * `GET /crm/v3/objects/contacts` (a Bearer token, `limit` ≤ 100, the `after` cursor of
 * `paging.next.after`, a 403 `MISSING_SCOPES` without `crm.objects.contacts.read`), with HubSpot's error
 * envelope (`status`, `message`, `correlationId`, `category`) and its 429 with `X-HubSpot-RateLimit-*`
 * headers.
 */
import { createHash } from 'node:crypto';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorApi,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';
import { generateContacts, type HubSpotContactJson } from './contact-fixtures.js';

export type { HubSpotContactJson, HubSpotContactProperties } from './contact-fixtures.js';

export interface HubSpotEmulator extends ProviderEmulatorApi {
  /**
   * The contacts of the account's HubSpot portal, as `GET /crm/v3/objects/contacts` lists them (kept in
   * ascending id order). A count generates deterministic ones; without it every account has
   * {@link DEFAULT_CONTACT_COUNT}.
   */
  setContacts(accountId: string, contacts: HubSpotContactJson[] | { count: number }): void;
  /** The account's contacts, in list order. */
  contacts(accountId: string): HubSpotContactJson[];
  /** The query of every contacts list request made with the account's token, oldest first. */
  contactRequests(accountId: string): Record<string, string>[];
}

/** More than one page at the largest page size (100), as a small sales team's portal has. */
export const DEFAULT_CONTACT_COUNT = 137;
/** `limit` of the CRM object lists: at most 100, default 10 (docs/providers.md#hubspot, "Data endpoints"). */
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 10;
/** What the list needs (docs/providers.md#hubspot, "Scopes"). */
const CONTACTS_READ = 'crm.objects.contacts.read';
/** Returned whether asked for or not (docs/providers.md#hubspot, "Data endpoints"). */
const ALWAYS_RETURNED = ['createdate', 'hs_object_id', 'lastmodifieddate'];
/** Returned when `properties` is not given. */
const DEFAULT_PROPERTIES = ['email', 'firstname', 'lastname'];

/** The HubSpot app the emulated tokens were issued to. */
const APP_ID = 456789;
/** HubSpot access tokens live 30 minutes (docs/providers.md#hubspot, "API and headers"). */
const TOKEN_LIFETIME_SECONDS = 1800;
/** Public OAuth apps: 110 calls per 10-second rolling window and installed account. */
const TEN_SECONDLY_MAX = 110;
const TEN_SECONDLY_INTERVAL_MS = 10_000;
const MINUTES_PER_DAY = 24 * 60;

function hubspotError(
  request: EmulatorRequest,
  status: number,
  message: string,
  category: string,
): EmulatorReply {
  return jsonReply(status, { status: 'error', message, correlationId: request.id, category });
}

/** The token metadata endpoint takes the token as its last path segment; the CRM, as a Bearer token. */
function tokenOf(request: EmulatorRequest): string | undefined {
  return request.params.token ?? bearerTokenOf(request);
}

export function createHubSpotEmulator(deps: ProviderEmulatorDeps): ProviderEmulator<HubSpotEmulator> {
  const contactsByAccount = new Map<string, HubSpotContactJson[]>();
  const requestsByAccount = new Map<string, Record<string, string>[]>();

  function requireHubSpotAccount(accountId: string): StoredAccount {
    const account = deps.identities.getAccount(accountId);
    if (account?.provider !== 'hubspot') throw new Error(`Emulator: no HubSpot account ${accountId}`);
    return account;
  }

  function contactsOf(account: StoredAccount): HubSpotContactJson[] {
    let contacts = contactsByAccount.get(account.id);
    if (!contacts) {
      contacts = generateContacts({ count: DEFAULT_CONTACT_COUNT, seed: account.id });
      contactsByAccount.set(account.id, contacts);
    }
    return contacts;
  }

  /**
   * `GET /crm/v3/objects/contacts`. `after` is the id the next page starts at (HubSpot's cursor is opaque;
   * the example of docs/providers.md#hubspot shows the next id), `paging` is left out on the last page.
   * The 400 answer to a `limit` over 100 is the emulator's wording (unverified).
   */
  function listContacts(request: EmulatorRequest, account: StoredAccount): EmulatorReply {
    requestsByAccount.set(account.id, [...(requestsByAccount.get(account.id) ?? []), { ...request.query }]);
    if (!account.scopes.includes(CONTACTS_READ)) return missingScopes(request, [CONTACTS_READ]);
    const limit = integerParam(request.query.limit, DEFAULT_LIMIT);
    if (limit === undefined || limit < 1 || limit > MAX_LIMIT) {
      return hubspotError(
        request,
        400,
        `limit must be between 1 and ${MAX_LIMIT}, was ${request.query.limit}`,
        'VALIDATION_ERROR',
      );
    }
    const contacts = contactsOf(account);
    const after = request.query.after;
    if (after !== undefined && !/^\d+$/.test(after)) {
      return hubspotError(request, 400, `Invalid input for 'after': ${after}`, 'VALIDATION_ERROR');
    }
    const start =
      after === undefined ? 0 : contacts.findIndex((contact) => Number(contact.id) >= Number(after));
    const from = start === -1 ? contacts.length : start;
    const page = contacts.slice(from, from + limit);
    const next = contacts[from + limit];
    const asked = request.query.properties?.split(',').filter(Boolean) ?? DEFAULT_PROPERTIES;
    return jsonReply(200, {
      results: page.map((contact) => withProperties(contact, [...asked, ...ALWAYS_RETURNED])),
      ...(next
        ? {
            paging: {
              next: {
                after: next.id,
                link: `${deps.baseUrl()}/crm/v3/objects/contacts?after=${next.id}`,
              },
            },
          }
        : {}),
    });
  }

  const emulator = createBearerApiEmulator(
    {
      id: 'hubspot',
      jsonContentType: 'application/json;charset=utf-8',
      tokenOf,
      unauthorized: (request) => unauthorized(request, deps.identities),
      // The ten-secondly policy of OAuth apps: its window is fixed, so `retryAfterSeconds` does not
      // apply; the answer says only that no call is left in the window.
      rateLimited: (request) => {
        const account = deps.identities.accountOfToken(tokenOf(request) ?? '');
        const hubId = account ? hubIdOf(account) : 0;
        return jsonReply(
          429,
          {
            status: 'error',
            message: 'You have reached your ten_secondly_rolling limit.',
            errorType: 'RATE_LIMIT',
            correlationId: request.id,
            policyName: 'TEN_SECONDLY_ROLLING',
            groupName: `publicapi:oauth:${APP_ID}:${hubId}`,
          },
          {
            'x-hubspot-ratelimit-interval-milliseconds': String(TEN_SECONDLY_INTERVAL_MS),
            'x-hubspot-ratelimit-max': String(TEN_SECONDLY_MAX),
            'x-hubspot-ratelimit-remaining': '0',
          },
        );
      },
      notFound: (request) => hubspotError(request, 404, 'Resource not found', 'OBJECT_NOT_FOUND'),
      routes: (router) =>
        router
          .get('/oauth/v1/access-tokens/:token', 'hubspot.getAccessToken', (request, account) =>
            jsonReply(200, tokenMetadataJson(account, request.params.token ?? '')),
          )
          .get('/crm/v3/objects/contacts', 'hubspot.listContacts', listContacts),
    },
    deps,
  );

  return {
    service: emulator.service,
    api: {
      ...emulator.api,
      setContacts(accountId, contacts) {
        requireHubSpotAccount(accountId);
        contactsByAccount.set(
          accountId,
          Array.isArray(contacts)
            ? [...contacts].sort((a, b) => Number(a.id) - Number(b.id))
            : generateContacts({ count: contacts.count, seed: accountId }),
        );
      },
      contacts(accountId) {
        return [...contactsOf(requireHubSpotAccount(accountId))];
      },
      contactRequests(accountId) {
        return [...(requestsByAccount.get(accountId) ?? [])];
      },
    },
  };
}

/** A contact with the properties asked for, each `null` when the contact has no value. */
function withProperties(contact: HubSpotContactJson, names: readonly string[]): HubSpotContactJson {
  const properties = Object.fromEntries(
    [...new Set(names)].sort().map((name) => [name, contact.properties[name] ?? null]),
  ) as HubSpotContactJson['properties'];
  return { ...contact, properties };
}

/** HubSpot's 403 for a token without a scope the call needs (docs/providers.md#hubspot, "Errors"). */
function missingScopes(request: EmulatorRequest, scopes: readonly string[]): EmulatorReply {
  return jsonReply(403, {
    status: 'error',
    message:
      "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
    correlationId: request.id,
    errors: [
      {
        message: 'One or more of the following scopes are required.',
        context: { requiredGranularScopes: [...scopes] },
      },
    ],
    links: { scopes: 'https://developers.hubspot.com/scopes' },
    category: 'MISSING_SCOPES',
  });
}

/** A whole number, or the default when absent; `undefined` when malformed. */
function integerParam(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  return /^-?\d+$/.test(value) ? Number(value) : undefined;
}

/**
 * An expired token says by how long (EXPIRED_AUTHENTICATION); anything else is not found
 * (INVALID_AUTHENTICATION). The expired wording is unverified (docs/providers.md#hubspot, "Errors").
 */
function unauthorized(request: EmulatorRequest, identities: IdentityStore): EmulatorReply {
  const token = tokenOf(request);
  const account = token === undefined ? undefined : identities.accountOfToken(token);
  const expiresAt = account?.accessTokenExpiresAt ?? null;
  if (
    account?.provider === 'hubspot' &&
    token === account.accessToken &&
    !account.revokedAtProvider &&
    expiresAt !== null
  ) {
    const minutes = Math.floor((Date.now() - expiresAt) / 60_000);
    const ago =
      minutes < MINUTES_PER_DAY ? `${minutes} minute(s)` : `${Math.floor(minutes / MINUTES_PER_DAY)} day(s)`;
    return hubspotError(
      request,
      401,
      `The OAuth token used to make this call expired ${ago} ago.`,
      'EXPIRED_AUTHENTICATION',
    );
  }
  return hubspotError(
    request,
    401,
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
    'INVALID_AUTHENTICATION',
  );
}

/** The token metadata example of docs/providers.md#hubspot ("Profile"), from the stored account. */
function tokenMetadataJson(account: StoredAccount, token: string): Record<string, unknown> {
  const expiresIn =
    account.accessTokenExpiresAt === null
      ? TOKEN_LIFETIME_SECONDS
      : Math.max(0, Math.floor((account.accessTokenExpiresAt - Date.now()) / 1000));
  return {
    token,
    user: account.email ?? '',
    hub_domain: account.email?.split('@')[1] ?? 'demo.hubapi.com',
    scopes: account.scopes,
    hub_id: hubIdOf(account),
    app_id: APP_ID,
    expires_in: expiresIn,
    user_id: userIdOf(account),
    token_type: 'access',
  };
}

function userIdOf(account: StoredAccount): number {
  const id = Number(account.providerUserId);
  return Number.isSafeInteger(id) ? id : hashOf(account.providerUserId);
}

/** The HubSpot account (portal) the user installed the app in: stable per connected account. */
function hubIdOf(account: StoredAccount): number {
  return hashOf(`hub:${account.id}`) % 100_000_000;
}

function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createHubSpotEmulator;
