/**
 * The demo data of `npm run dev` (README, "Quick start"): one user with two GitHub accounts (one with
 * more than 100 repositories, private ones included), a Notion workspace, a Google account, and an
 * account on every other provider Clerk supports plus a custom OIDC connection (`custom_acme`), each
 * with the scopes of every field, so that every profile and every list can be read; and a session token
 * that stays valid for the whole run.
 */
import { PROVIDERS } from '../providers/index.js';
import { alternativesOf } from '../providers/scope-requirements.js';
import type { EmulatedAccount, EmulatedUser, Emulator } from './index.js';

/** The custom OIDC connection of the sandbox; `npm run dev` points `GATEWAY_OIDC_ACME_ISSUER` at it. */
export const SANDBOX_OIDC_CONNECTION = 'custom_acme';

export interface SandboxSeed {
  user: EmulatedUser;
  /** A session token valid for 30 days: a pasted token must not be refused a minute later. */
  sessionToken: string;
  accounts: {
    github: EmulatedAccount;
    githubWork: EmulatedAccount;
    notion: EmulatedAccount;
    google: EmulatedAccount;
    /** One account on each other provider, in the catalogue's order, then the custom OIDC one. */
    others: EmulatedAccount[];
  };
}

const THIRTY_DAYS_SECONDS = 30 * 24 * 60 * 60;

/**
 * Clerk's default scopes of the provider plus every scope its fields accept (both of Slack's
 * `channels:read` and `groups:read`, so Ada's private channels show too).
 */
/**
 * Scopes no field requires but without which a provider's list is empty or partial: Atlassian lists the
 * sites of the products a token may use, Xero the organisations a tenant scope was granted for, Hugging
 * Face private models only with a repository scope (docs/providers.md#atlassian, #xero, #huggingface).
 */
const SCOPES_THAT_FILL_LISTS: Readonly<Record<string, readonly string[]>> = {
  atlassian: ['read:jira-work', 'read:confluence-content.summary'],
  // Private models show with a repository scope; public ones need none.
  huggingface: ['read-repos'],
  xero: ['accounting.settings.read'],
};

export function everyFieldScopeOf(providerId: string): string[] {
  const provider = PROVIDERS.find((candidate) => candidate.id === providerId);
  if (!provider) throw new Error(`Sandbox: no provider ${providerId}`);
  const fieldScopes = Object.values(provider.fieldScopes).flatMap((requirements) =>
    requirements.flatMap(alternativesOf),
  );
  return [
    ...new Set([...provider.defaultScopes, ...fieldScopes, ...(SCOPES_THAT_FILL_LISTS[providerId] ?? [])]),
  ];
}

export function seedSandbox(emulator: Emulator): SandboxSeed {
  const { clerk } = emulator;
  const user = clerk.createUser({
    username: 'ada',
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.com',
    imageUrl: 'https://img.clerk.com/sandbox/ada.png',
  });

  // GitHub OAuth-app tokens never expire (docs/providers.md#github, "API and headers"): `expires_at: null`.
  const github = clerk.connectAccount(user.id, {
    provider: 'github',
    providerUserId: '5830001',
    username: 'ada-lovelace',
    scopes: ['read:user', 'user:email', 'repo'],
    tokenLifetimeSeconds: null,
  });
  emulator.github.setRepos(github.id, { count: 137, privateEvery: 5 });

  // Default scopes: its private repositories exist but stay invisible without `repo`.
  const githubWork = clerk.connectAccount(user.id, {
    provider: 'github',
    providerUserId: '5830002',
    username: 'ada-at-analytical-engines',
    email: 'ada@analytical-engines.example',
    label: 'Work',
    tokenLifetimeSeconds: null,
  });
  emulator.github.setRepos(githubWork.id, { count: 12, privateEvery: 4 });

  const notion = clerk.connectAccount(user.id, { provider: 'notion', tokenLifetimeSeconds: 3600 });
  emulator.notion.setWorkspace(notion.id, { people: 7, bots: 2 });

  // `expires_at` in milliseconds for Google, so the sandbox exercises both units: the sandbox's own choice,
  // since the unit is undocumented for every provider (docs/clerk-backend-api.md#expiry-unit).
  const google = clerk.connectAccount(user.id, {
    provider: 'google',
    scopes: everyFieldScopeOf('google'),
    tokenLifetimeSeconds: 3600,
    expiresAtUnit: 'milliseconds',
  });

  // Each provider's own emulator gives every account realistic default data (a calendar with events next
  // week, a Drive, channels, playlists…), so the accounts only need the scopes every field asks for.
  const seeded = new Set(['github', 'notion', 'google']);
  const others = [
    ...PROVIDERS.filter((provider) => provider.id !== 'custom' && !seeded.has(provider.id)).map(
      (provider) => provider.id,
    ),
    SANDBOX_OIDC_CONNECTION,
  ].map((provider) =>
    clerk.connectAccount(user.id, {
      provider,
      ...(provider === SANDBOX_OIDC_CONNECTION ? {} : { scopes: everyFieldScopeOf(provider) }),
      username: 'ada',
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      tokenLifetimeSeconds: 3600,
    }),
  );

  const sessionToken = clerk.signSessionToken(user.id, { expiresInSeconds: THIRTY_DAYS_SECONDS });
  return { user, sessionToken, accounts: { github, githubWork, notion, google, others } };
}
