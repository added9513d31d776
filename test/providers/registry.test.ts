/**
 * The catalogue of providers: every folder under `src/providers/` is one declared provider, named as
 * Clerk names it, with its emulator routes and its tests, and what it declares matches what it adds to
 * the graph.
 */
import { existsSync, readdirSync } from 'node:fs';
import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createIdentityStore } from '../../src/emulator/identity-store.js';
import { isEmulated, loadProviderEmulator } from '../../src/emulator/index.js';
import { PROVIDERS } from '../../src/providers/index.js';
import { validateProviders } from '../../src/providers/provider-declaration.js';
import { buildSchema } from '../../src/schema/index.js';
import { providerCallsOf } from '../../src/schema/provider-calls.js';

/** Clerk's social providers, by key without `oauth_` (docs/providers.md#clerk-provider-keys). */
const CLERK_PROVIDERS = [
  'apple',
  'atlassian',
  'bitbucket',
  'box',
  'coinbase',
  'discord',
  'dropbox',
  'facebook',
  'github',
  'gitlab',
  'google',
  'hubspot',
  'huggingface',
  'line',
  'linear',
  'linkedin_oidc',
  'microsoft',
  'notion',
  'slack',
  'spotify',
  'tiktok',
  'twitch',
  'vercel',
  'x',
  'xero',
];

const PROVIDERS_DIR = new URL('../../src/providers/', import.meta.url);
const TESTS_DIR = new URL('./', import.meta.url);
const folders = readdirSync(PROVIDERS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const account = (() => {
  const type = buildSchema(PROVIDERS).getType('ConnectedAccount');
  if (!isObjectType(type)) throw new Error('ConnectedAccount is not an object type');
  return type;
})();

describe('the provider catalogue', () => {
  it('declares every provider Clerk supports, and custom OIDC, each once', () => {
    const ids = PROVIDERS.map((provider) => provider.id);
    expect(ids.filter((id) => id !== 'custom').sort()).toEqual(CLERK_PROVIDERS);
    expect(ids).toContain('custom');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has a declared provider for every folder, and a folder for every provider', () => {
    expect(PROVIDERS.map((provider) => provider.id).sort()).toEqual(folders);
  });

  it('passes the validation every gateway runs at start', () => {
    expect(() => validateProviders(PROVIDERS)).not.toThrow();
  });

  for (const provider of PROVIDERS) {
    const { id } = provider;

    it(`${id}: has emulator routes, unless it is never called`, async () => {
      const file = new URL(`${id}/emulator.ts`, PROVIDERS_DIR);
      if (!isEmulated(provider)) {
        expect(provider.apiBaseUrl).toBeNull();
        expect(provider.profile).toBeUndefined();
        expect(existsSync(file)).toBe(false);
        return;
      }
      const create = await loadProviderEmulator(id);
      const emulated = create({ identities: createIdentityStore(), baseUrl: () => `http://127.0.0.1/${id}` });
      expect(emulated.service.name).toBe(id);
      expect(emulated.service.router.routeNames().length).toBeGreaterThan(0);
      expect(emulated.api.rateLimit).toBeTypeOf('function');
    });

    it(`${id}: has tests (test/providers/${id}.test.ts)`, () => {
      expect(existsSync(new URL(`${id}.test.ts`, TESTS_DIR))).toBe(true);
    });

    it(`${id}: declares the scopes of exactly the fields it adds to ConnectedAccount`, () => {
      // Custom OIDC connections are called on their own issuers; every other provider with a profile
      // reader has an API.
      if (provider.profile && id !== 'custom') expect(provider.apiBaseUrl).not.toBeNull();
      const own = Object.values(account.getFields())
        .filter((field) => {
          const calls = providerCallsOf(field);
          return calls !== undefined && Object.keys(calls).length === 1 && id in calls;
        })
        .map((field) => field.name);
      expect(Object.keys(provider.fieldScopes).sort()).toEqual(['profile', ...own].sort());
    });
  }
});
