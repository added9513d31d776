import { GatewayError } from '../errors.js';
import type { CallableProvider } from '../providers/account-api.js';
import type { ExternalAccountRecord } from '../tokens/clerk-api.js';

/**
 * Refuses, before any call, a field whose scopes the account did not grant (as the provider's
 * declaration says them): `MISSING_SCOPES` with what is required and what was granted.
 */
export function requireFieldScopes(
  provider: CallableProvider,
  field: string,
  account: ExternalAccountRecord,
): void {
  const required = provider.fieldScopes[field] ?? [];
  const missing = required.filter((scope) => !account.approvedScopes.includes(scope));
  if (missing.length === 0) return;
  throw new GatewayError(
    'MISSING_SCOPES',
    `${provider.displayName} needs the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')} for \`${field}\`: add ${missing.length > 1 ? 'them' : 'it'} to the connection in the Clerk Dashboard and have the user connect again.`,
    {
      provider: account.providerId,
      accountId: account.id,
      requiredScopes: required,
      grantedScopes: account.approvedScopes,
    },
  );
}
