/**
 * Every social provider Clerk supports, as Clerk lists them. What the gateway reads of each is its
 * module (`providers/<id>/`, listed in `registry.ts`, which also gives the `Provider` enum its values);
 * a test requires a module for every provider here, and the sandbox gives its demo user an account on
 * each.
 *
 * Source: `shared/reference/providers.md` §1.1 (Clerk's `OAUTH_PROVIDERS`).
 */

export interface ProviderIdentity {
  /** Clerk's provider key without `oauth_` (`github`, `linkedin_oidc`); the id used in errors and env names. */
  readonly id: string;
  readonly displayName: string;
}

function identity(id: string, displayName: string): ProviderIdentity {
  return { id, displayName };
}

export const PROVIDER_CATALOGUE: readonly ProviderIdentity[] = [
  identity('apple', 'Apple'),
  identity('atlassian', 'Atlassian'),
  identity('bitbucket', 'Bitbucket'),
  identity('box', 'Box'),
  identity('coinbase', 'Coinbase'),
  identity('discord', 'Discord'),
  identity('dropbox', 'Dropbox'),
  identity('facebook', 'Facebook'),
  identity('github', 'GitHub'),
  identity('gitlab', 'GitLab'),
  identity('google', 'Google'),
  identity('hubspot', 'HubSpot'),
  identity('huggingface', 'Hugging Face'),
  identity('line', 'LINE'),
  identity('linear', 'Linear'),
  identity('linkedin_oidc', 'LinkedIn'),
  identity('microsoft', 'Microsoft'),
  identity('notion', 'Notion'),
  identity('slack', 'Slack'),
  identity('spotify', 'Spotify'),
  identity('tiktok', 'TikTok'),
  identity('twitch', 'Twitch'),
  identity('vercel', 'Vercel'),
  identity('x', 'X'),
  identity('xero', 'Xero'),
];

const byId = new Map(PROVIDER_CATALOGUE.map((provider) => [provider.id, provider]));

/** Clerk sends `oauth_github`, sometimes bare `github` (providers.md §1.3): strip the optional prefix. */
export function providerIdFromClerkKey(clerkKey: string): string {
  return clerkKey.startsWith('oauth_') ? clerkKey.slice('oauth_'.length) : clerkKey;
}

export function findProvider(id: string): ProviderIdentity | undefined {
  return byId.get(id);
}
