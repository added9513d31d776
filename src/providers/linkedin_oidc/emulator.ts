/**
 * LinkedIn's OpenID Connect `GET /v2/userinfo` (docs/providers.md#linkedin): claims by granted
 * scope, LinkedIn's `{serviceErrorCode, message, status}` error bodies, and a bare 429.
 */
import { type EmulatorReply, jsonReply } from '../../emulator/http-router.js';
import type { StoredAccount } from '../../emulator/identity-store.js';
import {
  bearerTokenOf,
  createBearerApiEmulator,
  type ProviderEmulator,
  type ProviderEmulatorDeps,
} from '../../emulator/provider-emulator.js';

/** LinkedIn's error body; Rest.li's own answers (throttling, unknown resources) have no `serviceErrorCode`. */
function linkedinError(status: number, message: string, serviceErrorCode?: number): EmulatorReply {
  return jsonReply(status, {
    ...(serviceErrorCode === undefined ? {} : { serviceErrorCode }),
    message,
    status,
  });
}

export function createLinkedInOidcEmulator(deps: ProviderEmulatorDeps): ProviderEmulator {
  const { identities } = deps;
  return createBearerApiEmulator(
    {
      id: 'linkedin_oidc',
      // 65600 invalid, 65601 revoked by the user, 65602 expired (docs/providers.md#linkedin, "Errors"; the
      // mapping is unverified). The gateway reads only the 401.
      unauthorized(request) {
        const token = bearerTokenOf(request);
        const account = token === undefined ? undefined : identities.accountOfToken(token);
        if (account?.revokedAtProvider && account.accessToken === token) {
          return linkedinError(401, 'The token used in the request has been revoked by the user', 65601);
        }
        if (account?.accessTokenExpiresAt != null && account.accessTokenExpiresAt <= Date.now()) {
          return linkedinError(401, 'The token used in the request has expired', 65602);
        }
        return linkedinError(401, 'Invalid access token', 65600);
      },
      // No rate-limit headers at LinkedIn: a bare 429 (the gateway then says to wait its default minute).
      rateLimited: () =>
        linkedinError(
          429,
          'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.',
        ),
      notFound: () => linkedinError(404, 'No virtual resource found'),
      routes: (router) =>
        router.get('/v2/userinfo', 'linkedin_oidc.userInfo', (_request, account) =>
          account.scopes.includes('openid')
            ? jsonReply(200, userInfoOf(account))
            : linkedinError(403, 'Not enough permissions to access: userinfo.GET.NO_VERSION', 100),
        ),
    },
    deps,
  );
}

/**
 * The claims of the example of docs/providers.md#linkedin ("Profile"), `profile` ones with the `profile`
 * scope and `email` ones with the `email` scope; `locale` in the object form real answers often have.
 */
function userInfoOf(account: StoredAccount): Record<string, unknown> {
  const name = [account.firstName, account.lastName].filter(Boolean).join(' ');
  return {
    sub: account.providerUserId,
    ...(account.scopes.includes('profile')
      ? {
          ...(name ? { name } : {}),
          ...(account.firstName ? { given_name: account.firstName } : {}),
          ...(account.lastName ? { family_name: account.lastName } : {}),
          picture: account.imageUrl,
          locale: { country: 'US', language: 'en' },
        }
      : {}),
    ...(account.scopes.includes('email') && account.email !== null
      ? { email: account.email, email_verified: true }
      : {}),
  };
}

/** What the emulator loads for this provider (by convention: the default export of `emulator.ts`). */
export default createLinkedInOidcEmulator;
