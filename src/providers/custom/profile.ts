/**
 * A custom OIDC connection's profile: the standard claims (OIDC Core §5.1) of its issuer's userinfo
 * endpoint, found in the issuer's discovery document (providers.md, "Custom OIDC provider").
 */
import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import type { UpstreamResponse } from '../../http/upstream-http.js';
import type { ProviderCalls } from '../account-api.js';
import type { ProfileAccount, ProfileReader } from '../provider-module.js';
import { bodyOf, profileOf } from '../provider-profile.js';
import { DISCOVERY_PATH, discoveryDocumentOf, userinfoPathOf } from './discovery.js';
import { customManifest, issuerVariableOf } from './manifest.js';

/** Claims vary with the provider and its mapping: one of an unexpected type is left out, not fatal. */
const claim = z.string().nullish().catch(null);

const claimsSchema = z.object({
  sub: z.string(),
  name: claim,
  given_name: claim,
  family_name: claim,
  preferred_username: claim,
  email: claim,
  picture: claim,
  profile: claim,
});

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
    claimsSchema,
    await getOnIssuer(calls, account, userinfoPath),
    customManifest.displayName,
  );
  const fullName = [claims.given_name, claims.family_name].filter(Boolean).join(' ');
  return profileOf({
    id: claims.sub,
    username: claims.preferred_username,
    name: claims.name || fullName,
    email: claims.email,
    avatarUrl: claims.picture,
    url: claims.profile,
  });
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
