/**
 * HubSpot's OAuth token metadata endpoint as the gateway uses it: `GET /oauth/v1/access-tokens/:token`,
 * the token in the path, with HubSpot's error envelope (`status`, `message`, `correlationId`,
 * `category`) and its 429 with `X-HubSpot-RateLimit-*` headers (docs/providers.md#hubspot).
 */
import { createHash } from 'node:crypto';
import { type EmulatorReply, type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import { createBearerApiEmulator, type ProviderEmulatorFactory } from '../../emulator/provider-emulator.js';

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

/** The token is the last path segment. */
function tokenOf(request: EmulatorRequest): string | undefined {
  return request.params.token;
}

export const createHubSpotEmulator: ProviderEmulatorFactory = (deps) =>
  createBearerApiEmulator(
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
        router.get('/oauth/v1/access-tokens/:token', 'hubspot.getAccessToken', (request, account) =>
          jsonReply(200, tokenMetadataJson(account, request.params.token ?? '')),
        ),
    },
    deps,
  );

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
