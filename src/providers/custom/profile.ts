/**
 * A custom OIDC connection's profile: the standard claims (OIDC Core §5.1) of its issuer's userinfo
 * endpoint, found in the issuer's discovery document (providers.md, "Custom OIDC provider").
 */
import { GatewayError } from '../../errors.js';
import type { UpstreamResponse } from '../../http/upstream-http.js';
import type { ProviderCalls } from '../account-api.js';
import { profileOfClaims, userinfoClaimsSchema } from '../oidc-userinfo.js';
import type { ProfileAccount, ProfileReader } from '../provider-module.js';
import { bodyOf } from '../provider-profile.js';
import { DISCOVERY_PATH, discoveryDocumentOf, userinfoPathOf } from './discovery.js';
import { customManifest, issuerVariableOf } from './manifest.js';

export const readCustomOidcProfile: ProfileReader = async (calls, account) => {
  const attribution = { provider: customManifest.id, accountId: account.id };
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
  const claims = bodyOf(
    userinfoClaimsSchema,
    await getOnIssuer(calls, account, userinfoPath),
    customManifest.displayName,
  );
  return profileOfClaims(claims);
};

/**
 * `calls.get` on the connection's issuer. It throws, before any call, when it cannot build the URL:
 * the connection has no issuer configured, which the error then names.
 */
function getOnIssuer(calls: ProviderCalls, account: ProfileAccount, path: string): Promise<UpstreamResponse> {
  try {
    return calls.get(path);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    throw new GatewayError(
      'PROVIDER_ERROR',
      `No issuer is configured for the custom OIDC connection ${account.providerId}: set ${issuerVariableOf(account.providerId)}.`,
      { provider: customManifest.id, accountId: account.id },
      { cause: error },
    );
  }
}
