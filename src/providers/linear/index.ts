import { defineProvider } from '../provider-module.js';
import { linearManifest } from './manifest.js';
import { readLinearProfile } from './profile.js';

export const linear = defineProvider({
  manifest: linearManifest,
  readProfile: readLinearProfile,
  emulator: async () => (await import('./emulator.js')).createLinearEmulator,
});
