/**
 * The Coinbase App API v2 as the gateway uses it (docs/providers.md#coinbase): `GET /v2/user` with its
 * scope-dependent fields, a `missing_version` warning, and Coinbase's `{errors: [{id, message}]}` answers.
 */
import { type EmulatorRequest, jsonReply } from '../../emulator/http-router.js';
import type { IdentityStore, StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulatorFactory,
} from '../../emulator/provider-emulator.js';

/**
 * What the emulator adds to every answer of a request without `CB-VERSION`. Unverified: Coinbase's docs
 * call the header optional but recommended and do not give this warning's text.
 */
export const MISSING_VERSION_WARNING = {
  id: 'missing_version',
  message: 'Please supply API version (YYYY-MM-DD) as CB-VERSION header',
  url: 'https://developers.coinbase.com/api#versioning',
};

function coinbaseErrors(status: number, id: string, message: string, headers?: Record<string, string>) {
  return jsonReply(status, { errors: [{ id, message }] }, headers);
}

export const createCoinbaseEmulator: ProviderEmulatorFactory = (deps) =>
  createBearerApiEmulator(
    {
      id: 'coinbase',
      unauthorized: (request) => {
        const [id, message] = tokenRefusalOf(request, deps.identities);
        return coinbaseErrors(401, id, message);
      },
      rateLimited: () => coinbaseErrors(429, 'rate_limit_exceeded', 'Too many requests', {}),
      notFound: () => coinbaseErrors(404, 'not_found', 'Not found'),
      routes: (router) =>
        router.get('/v2/user', 'coinbase.getUser', (request, account) =>
          jsonReply(200, {
            data: userJson(account),
            ...(request.header('cb-version') === undefined ? { warnings: [MISSING_VERSION_WARNING] } : {}),
          }),
        ),
    },
    deps,
  );

/** Which of Coinbase's 401 ids a refused token gets (docs/providers.md#coinbase, "Errors"). */
function tokenRefusalOf(request: EmulatorRequest, identities: IdentityStore): [string, string] {
  const token = bearerTokenOf(request);
  const account = token === undefined ? undefined : identities.accountOfToken(token);
  if (account?.provider !== 'coinbase') return ['invalid_token', 'The access token is invalid'];
  if (account.revokedAtProvider) return ['revoked_token', 'The access token was revoked'];
  return ['expired_token', 'The access token expired'];
}

/**
 * The shape of the `/v2/user` example of docs/providers.md#coinbase ("Profile"), from the stored
 * account: the email only with `wallet:user:email`, the private fields only with `wallet:user:read`.
 */
function userJson(account: StoredAccount): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  const scopes = new Set(account.scopes);
  return {
    id: account.providerUserId,
    name: name || null,
    username: account.username,
    profile_location: null,
    profile_bio: null,
    profile_url: account.username === null ? null : `https://coinbase.com/${account.username}`,
    avatar_url: account.imageUrl,
    resource: 'user',
    resource_path: '/v2/user',
    ...(scopes.has('wallet:user:email') ? { email: account.email } : {}),
    ...(scopes.has('wallet:user:read')
      ? {
          time_zone: 'Pacific Time (US & Canada)',
          native_currency: 'USD',
          bitcoin_unit: 'BTC',
          country: { code: 'US', name: 'United States' },
        }
      : {}),
    created_at: new Date(account.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createCoinbaseEmulator;
