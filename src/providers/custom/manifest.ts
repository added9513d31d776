import type { AnswerMeaning, ProviderAnswer } from '../../http/upstream-http.js';
import { clerkDocsUrlOf, defineProviderManifest } from '../provider-manifest.js';

/** RFC 6750 §3.1: a token lacking a scope the resource needs gets a 403 saying `insufficient_scope`. */
function interpretOidcAnswer({ status, headers }: ProviderAnswer): AnswerMeaning | undefined {
  const challenge = headers.get('www-authenticate') ?? '';
  return status === 403 && /error="?insufficient_scope"?/.test(challenge)
    ? { kind: 'missing-scopes' }
    : undefined;
}

/**
 * Every custom OIDC connection Clerk has (`oauth_custom_<key>`), read through its issuer's userinfo
 * endpoint (providers.md, "Custom OIDC provider").
 */
export const customManifest = defineProviderManifest({
  id: 'custom',
  displayName: 'Custom OIDC',
  // None of its own: each connection `custom_<key>` is called on its issuer, `GATEWAY_OIDC_<KEY>_ISSUER`
  // (the configuration and app.ts give it as the connection's base URL).
  apiBaseUrl: null,
  headers: { Accept: 'application/json' },
  // No provider-specific signal (providers.md: none): the HTTP one, 429 with `Retry-After`. A 403 is an
  // RFC 6750 refusal, never a rate limit.
  rateLimit: { signalledStatuses: [], retryAfterHeaders: ['retry-after'] },
  interpret: interpretOidcAnswer,
  interpretStatuses: [403],
  pagination: 'none',
  // Inferred (providers.md, Custom OIDC): the OIDC identity scopes.
  defaultScopes: ['openid', 'email', 'profile'],
  // The userinfo endpoint serves only tokens of an OpenID request (OIDC Core §5.3); `email` and `profile`
  // only decide which claims come back.
  fieldScopes: { profile: ['openid'] },
  clerkDocsUrl: clerkDocsUrlOf('custom-provider'),
});

/** The setting that names a connection's issuer, as the configuration reads it. */
export function issuerVariableOf(connection: string): string {
  return `GATEWAY_OIDC_${connection.slice('custom_'.length).replaceAll('-', '_').toUpperCase()}_ISSUER`;
}
