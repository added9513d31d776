/**
 * Any number of OpenID Providers, one per connection key, each an issuer at `<base>/<key>`: its discovery
 * document (OIDC Discovery 1.0 §4) and its userinfo endpoint (OIDC Core §5.3), which takes the tokens of
 * the accounts connected as `custom_<key>` and answers RFC 6750 challenges (docs/providers.md#custom-oidc).
 */
import {
  createRouter,
  type EmulatedService,
  type EmulatorReply,
  type EmulatorRequest,
  jsonReply,
} from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import { bearerTokenOf, type ProviderEmulatorFactory } from '../../emulator/provider-emulator.js';

/** Which claims each scope releases (OIDC Core §5.4); `sub` always comes. */
const PROFILE_CLAIMS = ['name', 'given_name', 'family_name', 'preferred_username', 'picture', 'profile'];
const EMAIL_CLAIMS = ['email', 'email_verified'];

interface PendingRateLimit {
  remaining: number;
  retryAfterSeconds: number;
}

/**
 * An RFC 6750 §3 challenge; the body is empty, as many providers send it
 * (docs/providers.md#custom-oidc, "Errors").
 */
function challenge(status: number, value: string): EmulatorReply {
  return { status, headers: { 'www-authenticate': value } };
}

export const createCustomOidcEmulator: ProviderEmulatorFactory = ({ identities, baseUrl }) => {
  const pendingRateLimits = new Map<string, PendingRateLimit>();
  const issuerOf = (key: string) => `${baseUrl()}/${key}`;

  function accountOfToken(request: EmulatorRequest): StoredAccount | undefined {
    const token = bearerTokenOf(request);
    return token === undefined ? undefined : identities.accountOfToken(token);
  }

  function discovery(request: EmulatorRequest): EmulatorReply {
    const issuer = issuerOf(request.params.key ?? '');
    return jsonReply(200, {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      jwks_uri: `${issuer}/jwks`,
      scopes_supported: ['openid', 'email', 'profile', 'offline_access'],
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      claims_supported: ['sub', ...PROFILE_CLAIMS, ...EMAIL_CLAIMS],
    });
  }

  function userinfo(request: EmulatorRequest): EmulatorReply {
    const key = request.params.key ?? '';
    const token = bearerTokenOf(request);
    // No credentials: a bare challenge, without an error code (RFC 6750 §3.1).
    if (token === undefined) return challenge(401, `Bearer realm="${issuerOf(key)}"`);
    const account = identities.accountOfToken(token);
    if (!account || account.provider !== `custom_${key}` || !identities.isTokenAccepted(account, token)) {
      const expired =
        account?.accessToken === token &&
        account.accessTokenExpiresAt !== null &&
        account.accessTokenExpiresAt <= Date.now();
      const description = expired ? 'The access token expired' : 'The access token is invalid';
      return challenge(401, `Bearer error="invalid_token", error_description="${description}"`);
    }
    const limit = pendingRateLimits.get(account.id);
    if (limit && limit.remaining > 0) {
      limit.remaining -= 1;
      return { status: 429, headers: { 'retry-after': String(limit.retryAfterSeconds) } };
    }
    if (!account.scopes.includes('openid')) {
      return challenge(403, 'Bearer error="insufficient_scope", scope="openid"');
    }
    return jsonReply(200, claimsOf(account, issuerOf(key)));
  }

  const service: EmulatedService = {
    name: 'custom',
    router: createRouter()
      .get('/:key/.well-known/openid-configuration', 'custom.discovery', discovery)
      .get('/:key/userinfo', 'custom.userinfo', userinfo),
    jsonContentType: 'application/json',
    responseHeaders: () => ({}),
    notFound: () => jsonReply(404, { error: 'not_found' }),
    identify(request) {
      const account = accountOfToken(request);
      return account ? { accountId: account.id } : {};
    },
  };

  return {
    service,
    api: {
      rateLimit(accountId, options = {}) {
        if (!identities.getAccount(accountId)?.provider.startsWith('custom_')) {
          throw new Error(`Emulator: ${accountId} is not a custom OIDC account`);
        }
        pendingRateLimits.set(accountId, {
          remaining: options.times ?? 1,
          retryAfterSeconds: options.retryAfterSeconds ?? 1,
        });
      },
    },
  };
};

/**
 * The standard claims the account's scopes release, in the shape of the example of
 * docs/providers.md#custom-oidc ("Profile").
 */
function claimsOf(account: StoredAccount, issuer: string): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  const claims: Record<string, unknown> = {
    sub: account.providerUserId,
    name: name || null,
    given_name: account.firstName,
    family_name: account.lastName,
    preferred_username: account.username,
    email: account.email,
    email_verified: account.email === null ? null : true,
    picture: account.imageUrl,
    profile: `${issuer}/people/${account.providerUserId}`,
  };
  const released = [
    'sub',
    ...(account.scopes.includes('profile') ? PROFILE_CLAIMS : []),
    ...(account.scopes.includes('email') ? EMAIL_CLAIMS : []),
  ];
  // A provider leaves out a claim it has no value for.
  return Object.fromEntries(
    released.filter((claim) => claims[claim] != null).map((claim) => [claim, claims[claim]]),
  );
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createCustomOidcEmulator;
