/**
 * A provider's manifest: the data that says how to talk to its API and what each of its fields needs.
 * Code in a provider's folder exists only for what data cannot say (response mapping, odd error
 * bodies, schema fields).
 */
import type { UpstreamProfile } from '../http/upstream-http.js';

export type PaginationStyle = 'link-header' | 'cursor-in-body' | 'page-number' | 'offset' | 'none';

export interface ProviderManifest extends UpstreamProfile {
  /** Clerk's provider key without `oauth_` (`github`, `linkedin_oidc`): ids in errors and env names. */
  readonly id: string;
  readonly displayName: string;
  /** The public API; `<ID>_API_URL` overrides it. `null`: the provider has no API (Apple). */
  readonly apiBaseUrl: string | null;
  /**
   * How a call presents the account's OAuth token: `bearer` (default) as `Authorization: Bearer <token>`,
   * as every provider Clerk supports with an API does; `none` for a provider that is never called (Apple).
   */
  readonly auth?: 'bearer' | 'none';
  /** Headers every call carries besides the token. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The API takes the access token in a URL path (`{token}` in the path; HubSpot). Off by default, so no
   * other provider's path can carry the token into a URL.
   */
  readonly tokenInPath?: boolean;
  /** Headers whose value is an operator setting: header name → environment variable (`GATEWAY_…`). */
  readonly configuredHeaders?: Readonly<Record<string, string>>;
  /** How the lists of this API page (documentation; the list code follows it). */
  readonly pagination: PaginationStyle;
  /** The largest page the API serves; connections always ask for this size so pages stay stable. */
  readonly maxPageSize?: number;
  /** The scopes Clerk asks for by default: what `approvedScopes` holds unless the app added more. */
  readonly defaultScopes: readonly string[];
  /**
   * The scopes each field of the provider needs (`profile`, `githubRepos`…). An account whose approved
   * scopes lack one gets `MISSING_SCOPES` for that field, without a call.
   */
  readonly fieldScopes: Readonly<Record<string, readonly string[]>>;
  /** Where Clerk documents the connection. */
  readonly clerkDocsUrl: string;
}

export function defineProviderManifest(manifest: ProviderManifest): ProviderManifest {
  return manifest;
}

/** The GraphQL `Provider` value of a provider id: `GITHUB`, `LINKEDIN_OIDC`. */
export function enumValueOf(id: string): string {
  return id.toUpperCase();
}

/** Clerk's key of a provider id: `oauth_github`. */
export function clerkKeyOf(id: string): string {
  return `oauth_${id}`;
}

/** The environment variable that overrides a provider's base URL: `GITHUB_API_URL`, `LINKEDIN_OIDC_API_URL`. */
export function apiUrlVariableOf(id: string): string {
  return `${id.toUpperCase()}_API_URL`;
}

/** The social-connection page of Clerk's docs for a provider. */
export function clerkDocsUrlOf(slug: string): string {
  return `https://clerk.com/docs/guides/configure/auth-strategies/social-connections/${slug}`;
}
