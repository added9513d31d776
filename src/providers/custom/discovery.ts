/**
 * Each custom connection's OpenID Provider configuration (OIDC Discovery 1.0 §4), fetched once and shared
 * by every account, operation and request of the process: one fetch at a time per connection (the
 * readers that ask meanwhile wait for it), kept for an hour, and forgotten when the fetch fails so the
 * next read tries again.
 */
import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import type { UpstreamResponse } from '../../http/upstream-types.js';

export const DISCOVERY_PATH = '/.well-known/openid-configuration';

/** Providers rotate keys, hardly ever endpoints: an hour keeps fetches rare and a change picked up soon. */
const DISCOVERY_LIFETIME_MS = 60 * 60 * 1000;

const discoverySchema = z.object({ issuer: z.string(), userinfo_endpoint: z.string() });

export type DiscoveryDocument = z.infer<typeof discoverySchema>;

interface CachedDocument {
  readonly document: Promise<DiscoveryDocument>;
  readonly expiresAt: number;
}

/**
 * By connection (`custom_acme`), which stands for its issuer: a connection has one, its setting, and a
 * reader is not told the issuer's URL (`ProviderCalls` only takes paths). Only connections with an issuer
 * get here, so the map is as small as the configuration.
 */
const documents = new Map<string, CachedDocument>();

export function discoveryDocumentOf(
  connection: string,
  fetchDocument: () => Promise<UpstreamResponse>,
): Promise<DiscoveryDocument> {
  const now = Date.now();
  const cached = documents.get(connection);
  if (cached && cached.expiresAt > now) return cached.document;
  const document = fetchDocument().then((response) => {
    const parsed = discoverySchema.safeParse(response.body);
    if (parsed.success) return parsed.data;
    throw new GatewayError('PROVIDER_ERROR', 'Custom OIDC answered in an unexpected shape.');
  });
  const entry = { document, expiresAt: now + DISCOVERY_LIFETIME_MS };
  documents.set(connection, entry);
  document.catch(() => {
    if (documents.get(connection) === entry) documents.delete(connection);
  });
  return document;
}

/**
 * The path of the userinfo endpoint relative to the issuer, or `undefined` when the document points it
 * anywhere but the issuer's origin: a provider must not steer the account's token elsewhere. The issuer
 * is the document's own, which OIDC Discovery §4.3 requires to be the URL it was fetched under; even a
 * document lying about it cannot move the token, as every call is made on the configured issuer plus a
 * path (account-api.ts), and a path never leaves that origin. An endpoint outside the issuer's path on
 * the same origin (Azure AD B2C) climbs out of it with `..`, which the URL parser resolves, never past
 * the origin. A `{token}` placeholder is refused: the gateway would fill it in with the token
 * (account-api.ts), putting it in the provider's access logs.
 */
export function userinfoPathOf(document: DiscoveryDocument): string | undefined {
  if (!URL.canParse(document.issuer) || !URL.canParse(document.userinfo_endpoint)) return undefined;
  const issuer = new URL(document.issuer);
  const userinfo = new URL(document.userinfo_endpoint);
  if (userinfo.origin !== issuer.origin) return undefined;
  if (/\{token\}|%7Btoken%7D/i.test(document.userinfo_endpoint)) return undefined;
  const issuerPath = issuer.pathname.replace(/\/+$/, '');
  const rest = `${userinfo.pathname}${userinfo.search}`;
  if (userinfo.pathname.startsWith(`${issuerPath}/`)) return rest.slice(issuerPath.length);
  const depth = issuerPath.split('/').length - 1;
  return `${'/..'.repeat(depth)}${rest}`;
}
