import { GatewayError } from '../../errors.js';
import type { UpstreamResponse } from '../../http/upstream-types.js';
import type { ExternalAccountRecord } from '../../tokens/clerk-api.js';
import type { ProviderCalls } from '../account-api.js';
import { profileOfClaims, userinfoClaimsSchema } from '../oidc-userinfo.js';
import { CUSTOM_OIDC_ID, defineProvider } from '../provider-declaration.js';
import { DISCOVERY_PATH, discoveryDocumentOf, userinfoPathOf } from './discovery.js';

/**
 * Every custom OIDC connection Clerk has (`oauth_custom_<key>`), read through its issuer's userinfo
 * endpoint (docs/providers.md#custom-oidc).
 */
export const custom = defineProvider({
  id: CUSTOM_OIDC_ID,
  displayName: 'Custom OIDC',
  clerkDocsSlug: 'custom-provider',
  // None of its own: each connection `custom_<key>` is called on its issuer, `GATEWAY_OIDC_<KEY>_ISSUER`
  // (the configuration and app.ts give it as the connection's base URL).
  apiBaseUrl: null,
  headers: { Accept: 'application/json' },
  // No provider-specific rate-limit signal: the HTTP one, 429 with `Retry-After` (the defaults). A 403 is
  // an RFC 6750 refusal (§3.1: a token lacking a scope the resource needs gets `insufficient_scope`,
  // https://www.rfc-editor.org/rfc/rfc6750#section-3.1), never a rate limit.
  refusals: [
    {
      status: 403,
      header: { name: 'www-authenticate', matches: /error="?insufficient_scope"?/ },
      means: 'MISSING_SCOPES',
    },
  ],
  // Inferred: the OIDC identity scopes.
  defaultScopes: ['openid', 'email', 'profile'],
  // The userinfo endpoint serves only tokens of an OpenID request (OIDC Core §5.3); `email` and `profile`
  // only decide which claims come back.
  fieldScopes: { profile: ['openid'] },
  // The standard claims (OIDC Core §5.1) of the issuer's userinfo endpoint, found in the issuer's
  // discovery document: two calls, the first shared by every account of the connection.
  profile: {
    calls: 2,
    async read(calls, account) {
      const attribution = { provider: CUSTOM_OIDC_ID, accountId: account.id };
      const document = await discoveryDocumentOf(account.providerId, () =>
        getOnIssuer(calls, account, DISCOVERY_PATH),
      ).catch((error: unknown) => {
        // The fetch may have been another account's: the failure is told as this one's.
        throw error instanceof GatewayError ? error.withDetails(attribution) : error;
      });
      const userinfoPath = userinfoPathOf(document);
      if (userinfoPath === undefined) {
        throw new GatewayError(
          'PROVIDER_ERROR',
          `The discovery document of ${account.providerId} puts its userinfo endpoint off the issuer's origin: it is not called with the account's token.`,
          attribution,
        );
      }
      const claims = calls.parse(
        userinfoClaimsSchema,
        (await getOnIssuer(calls, account, userinfoPath)).body,
      );
      return profileOfClaims(claims);
    },
  },
});

/** The setting that names a connection's issuer, as the configuration reads it. */
export function issuerVariableOf(connection: string): string {
  return `GATEWAY_OIDC_${connection.slice('custom_'.length).replaceAll('-', '_').toUpperCase()}_ISSUER`;
}

/**
 * `calls.get` on the connection's issuer. It throws, before any call, when it cannot build the URL:
 * the connection has no issuer configured, which the error then names.
 */
function getOnIssuer(
  calls: ProviderCalls,
  account: ExternalAccountRecord,
  path: string,
): Promise<UpstreamResponse> {
  try {
    return calls.get(path);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    throw new GatewayError(
      'PROVIDER_ERROR',
      `No issuer is configured for the custom OIDC connection ${account.providerId}: set ${issuerVariableOf(account.providerId)}.`,
      { provider: CUSTOM_OIDC_ID, accountId: account.id },
      { cause: error },
    );
  }
}
