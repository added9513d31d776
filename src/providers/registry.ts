/**
 * Every provider the gateway knows, one line each. Adding a provider touches its folder
 * (`src/providers/<id>/`) and one line here; `test/providers/registry.test.ts` fails when a folder is
 * missing from this list, or lacks emulator routes or tests.
 */
import { github } from './github/index.js';
import { notion } from './notion/index.js';
import type { ProviderModule } from './provider-module.js';

// biome-ignore format: one provider a line, in alphabetical order, so each is added in a line of its own
export const PROVIDERS: readonly ProviderModule[] = [
  github,
  notion,
];

const byId = new Map(PROVIDERS.map((provider) => [provider.manifest.id, provider]));

/** The module of a provider id; every custom OIDC connection (`custom_<key>`) has the `custom` module. */
export function providerModuleOf(id: string): ProviderModule | undefined {
  return byId.get(id.startsWith('custom_') ? 'custom' : id);
}
