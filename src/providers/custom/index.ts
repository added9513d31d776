import { defineProvider } from '../provider-module.js';
import { customManifest } from './manifest.js';
import { readCustomOidcProfile } from './profile.js';

/** Every `custom_<key>` connection (`providerModuleOf` maps them all here). */
export const custom = defineProvider({
  manifest: customManifest,
  readProfile: readCustomOidcProfile,
  emulator: async () => (await import('./emulator.js')).createCustomOidcEmulator,
});
