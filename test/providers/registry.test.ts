import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createIdentityStore } from '../../src/emulator/identity-store.js';
import { PROVIDER_CATALOGUE } from '../../src/providers/catalogue.js';
import { PROVIDERS } from '../../src/providers/registry.js';

const PROVIDERS_DIR = new URL('../../src/providers/', import.meta.url);
const TESTS_DIR = new URL('./', import.meta.url);
const folders = readdirSync(PROVIDERS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('the provider registry', () => {
  it('names each provider as Clerk does', () => {
    for (const { manifest } of PROVIDERS) {
      if (manifest.id === 'custom') continue;
      expect(PROVIDER_CATALOGUE.map((provider) => provider.id)).toContain(manifest.id);
    }
  });

  it('lists every provider folder, once', () => {
    const ids = PROVIDERS.map((provider) => provider.manifest.id);
    expect([...ids].sort()).toEqual(folders);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const provider of PROVIDERS) {
    const { id } = provider.manifest;

    it(`${id}: has emulator routes, unless it has no API`, async () => {
      if (!provider.emulator) {
        expect(provider.manifest.auth).toBe('none');
        expect(provider.manifest.apiBaseUrl).toBeNull();
        expect(provider.readProfile).toBeUndefined();
        return;
      }
      const create = await provider.emulator();
      const emulated = create({ identities: createIdentityStore(), baseUrl: () => `http://127.0.0.1/${id}` });
      expect(emulated.service.name).toBe(id);
      expect(emulated.service.router.routeNames().length).toBeGreaterThan(0);
      expect(emulated.api.rateLimit).toBeTypeOf('function');
    });

    it(`${id}: has tests (test/providers/${id}.test.ts)`, () => {
      expect(existsSync(new URL(`${id}.test.ts`, TESTS_DIR))).toBe(true);
    });

    it(`${id}: declares the scopes of every field it reads, the profile included when it has an API`, () => {
      const { manifest } = provider;
      // Custom OIDC connections are called on their own issuers.
      if (provider.readProfile && id !== 'custom') {
        expect(manifest.apiBaseUrl).not.toBeNull();
        expect(manifest.fieldScopes.profile).toBeDefined();
      }
      for (const scopes of Object.values(manifest.fieldScopes)) {
        for (const scope of scopes) expect(scope).toMatch(/\S/);
      }
    });
  }
});
