import { createClerkClient, verifyToken } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator, type GitHubRepoJson } from '../../src/emulator/index.js';
import { type SandboxSeed, seedSandbox } from '../../src/emulator/sandbox-seed.js';
import { PROVIDERS } from '../../src/providers/index.js';

let emulator: Emulator;
let seed: SandboxSeed;

beforeAll(async () => {
  emulator = await createEmulator();
  seed = seedSandbox(emulator);
});

afterAll(async () => {
  await emulator.close();
});

describe('sandbox seed', () => {
  it('signs a session token that stays valid for about 30 days', async () => {
    const claims = await verifyToken(seed.sessionToken, { jwtKey: emulator.clerk.jwtKeyPem });

    expect(claims.sub).toBe(seed.user.id);
    expect(claims.exp - Date.now() / 1000).toBeGreaterThan(29 * 24 * 3600);
  });

  it('gives the demo user two GitHub accounts and one on every other provider, custom OIDC included', async () => {
    const clerk = createClerkClient({
      secretKey: emulator.clerk.secretKey,
      apiUrl: emulator.baseUrl('clerk'),
      telemetry: { disabled: true },
    });

    const user = await clerk.users.getUser(seed.user.id);

    const providers = user.externalAccounts.map((account) => account.provider);
    expect(providers.slice(0, 4)).toEqual(['oauth_github', 'oauth_github', 'oauth_notion', 'oauth_google']);
    expect([...new Set(providers)].sort()).toEqual(
      PROVIDERS.map((provider) =>
        provider.id === 'custom' ? 'oauth_custom_acme' : provider.clerkKey,
      ).sort(),
    );
  });

  it('shows more than 100 repositories, private ones included, to the main GitHub account', async () => {
    const token = emulator.clerk.currentAccessToken(seed.accounts.github.id);

    const response = await fetch(`${emulator.baseUrl('github')}/user/repos?per_page=100`, {
      headers: { authorization: `Bearer ${token}`, 'user-agent': 'sandbox-test' },
    });
    const repos = (await response.json()) as GitHubRepoJson[];

    expect(repos).toHaveLength(100);
    expect(repos.some((repo) => repo.private)).toBe(true);
    expect(response.headers.get('link')).toContain('rel="next"');
  });

  it('gives the Notion workspace people and bots', () => {
    const users = emulator.notion.workspaceUsers(seed.accounts.notion.id);

    expect(users.filter((user) => user.type === 'person').length).toBeGreaterThan(2);
    expect(users.filter((user) => user.type === 'bot').length).toBeGreaterThan(0);
  });
});
