import { GatewayError } from '../errors.js';
import type { CallableProvider } from '../providers/account-api.js';
import { scopeDetails, unmetRequirements } from '../providers/scope-requirements.js';
import type { ExternalAccountRecord } from '../tokens/clerk-api.js';

/**
 * Refuses, before any call, a field whose scopes the account did not grant (as the provider's
 * declaration says them): `MISSING_SCOPES` with what is required (each requirement's least-privilege
 * scope), what else would do, and what was granted.
 */
export function requireFieldScopes(
  provider: CallableProvider,
  field: string,
  account: ExternalAccountRecord,
): void {
  const requirements = provider.fieldScopes[field] ?? [];
  const unmet = unmetRequirements(requirements, account.approvedScopes);
  if (unmet.length === 0) return;
  const missing = unmet.map((requirement) =>
    typeof requirement === 'string' ? requirement : `one of ${requirement.join(', ')}`,
  );
  throw new GatewayError(
    'MISSING_SCOPES',
    `${provider.displayName} needs ${missing.length > 1 ? 'the scopes' : 'the scope'} ${missing.join('; ')} for \`${field}\`: add ${missing.length > 1 ? 'them' : 'it'} to the connection in the Clerk Dashboard and have the user connect again.`,
    {
      provider: account.providerId,
      accountId: account.id,
      ...scopeDetails(requirements, account.approvedScopes),
    },
  );
}
