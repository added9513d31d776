import { GatewayError } from '../errors.js';
import type { ProviderManifest } from '../providers/provider-manifest.js';
import type { ExternalAccountRecord } from '../tokens/clerk-api.js';

/**
 * Refuses, before any call, a field whose scopes the account did not grant (as the provider's manifest
 * declares them): `MISSING_SCOPES` with what is required and what was granted.
 */
export function requireFieldScopes(
  manifest: ProviderManifest,
  field: string,
  account: ExternalAccountRecord,
): void {
  const required = manifest.fieldScopes[field] ?? [];
  const missing = required.filter((scope) => !account.approvedScopes.includes(scope));
  if (missing.length === 0) return;
  throw new GatewayError(
    'MISSING_SCOPES',
    `${manifest.displayName} needs the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')} for \`${field}\`: add ${missing.length > 1 ? 'them' : 'it'} to the connection in the Clerk Dashboard and have the user connect again.`,
    {
      provider: account.providerId,
      accountId: account.id,
      requiredScopes: required,
      grantedScopes: account.approvedScopes,
    },
  );
}
