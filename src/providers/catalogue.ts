/**
 * Every social provider Clerk supports, as data: how Clerk names it, how the graph names it and where
 * its API lives. Provider modules (`providers/<id>/`) add the data fields; a provider without a module
 * still appears in `connectedAccounts` with its Clerk account data.
 *
 * Source: `shared/reference/providers.md` §1.1 (Clerk's `OAUTH_PROVIDERS`).
 */

export interface ProviderIdentity {
  /** Clerk's provider key without `oauth_` (`github`, `linkedin_oidc`); the id used in errors and env names. */
  readonly id: string;
  /** The value of the GraphQL `Provider` enum. */
  readonly enumValue: string;
  readonly displayName: string;
  /** The public API; `<ID>_API_URL` overrides it. `null` when the provider has no API (Apple). */
  readonly apiBaseUrl: string | null;
}

function identity(id: string, displayName: string, apiBaseUrl: string | null): ProviderIdentity {
  return { id, enumValue: id.toUpperCase(), displayName, apiBaseUrl };
}

export const PROVIDER_CATALOGUE: readonly ProviderIdentity[] = [
  identity('apple', 'Apple', null),
  identity('atlassian', 'Atlassian', 'https://api.atlassian.com'),
  identity('bitbucket', 'Bitbucket', 'https://api.bitbucket.org/2.0'),
  identity('box', 'Box', 'https://api.box.com/2.0'),
  identity('coinbase', 'Coinbase', 'https://api.coinbase.com'),
  identity('discord', 'Discord', 'https://discord.com/api/v10'),
  identity('dropbox', 'Dropbox', 'https://api.dropboxapi.com/2'),
  identity('facebook', 'Facebook', 'https://graph.facebook.com/v20.0'),
  identity('github', 'GitHub', 'https://api.github.com'),
  identity('gitlab', 'GitLab', 'https://gitlab.com/api/v4'),
  identity('google', 'Google', 'https://www.googleapis.com'),
  identity('hubspot', 'HubSpot', 'https://api.hubapi.com'),
  identity('huggingface', 'Hugging Face', 'https://huggingface.co'),
  identity('line', 'LINE', 'https://api.line.me'),
  identity('linear', 'Linear', 'https://api.linear.app'),
  identity('linkedin_oidc', 'LinkedIn', 'https://api.linkedin.com'),
  identity('microsoft', 'Microsoft', 'https://graph.microsoft.com'),
  identity('notion', 'Notion', 'https://api.notion.com'),
  identity('slack', 'Slack', 'https://slack.com/api'),
  identity('spotify', 'Spotify', 'https://api.spotify.com/v1'),
  identity('tiktok', 'TikTok', 'https://open.tiktokapis.com'),
  identity('twitch', 'Twitch', 'https://api.twitch.tv/helix'),
  identity('vercel', 'Vercel', 'https://api.vercel.com'),
  identity('x', 'X', 'https://api.x.com/2'),
  identity('xero', 'Xero', 'https://api.xero.com'),
];

/** Enum value for `oauth_custom_<key>` providers (custom OIDC connections). */
export const CUSTOM_PROVIDER_ENUM = 'CUSTOM';
/** Enum value for a provider key this gateway does not know (a provider Clerk added later, legacy keys). */
export const OTHER_PROVIDER_ENUM = 'OTHER';

const byId = new Map(PROVIDER_CATALOGUE.map((provider) => [provider.id, provider]));

/** Clerk sends `oauth_github`, sometimes bare `github` (providers.md §1.3): strip the optional prefix. */
export function providerIdFromClerkKey(clerkKey: string): string {
  return clerkKey.startsWith('oauth_') ? clerkKey.slice('oauth_'.length) : clerkKey;
}

export function findProvider(id: string): ProviderIdentity | undefined {
  return byId.get(id);
}

/** The `Provider` enum value of a Clerk provider key: a catalogue entry, `CUSTOM`, or `OTHER`. */
export function providerEnumOf(clerkKey: string): string {
  const id = providerIdFromClerkKey(clerkKey);
  if (id.startsWith('custom_')) return CUSTOM_PROVIDER_ENUM;
  return byId.get(id)?.enumValue ?? OTHER_PROVIDER_ENUM;
}

/** The environment variable that overrides a provider's base URL: `GITHUB_API_URL`, `LINKEDIN_OIDC_API_URL`. */
export function apiUrlVariableOf(id: string): string {
  return `${id.toUpperCase()}_API_URL`;
}
