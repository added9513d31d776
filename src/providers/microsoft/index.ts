import { defineProvider } from '../provider-module.js';
import { microsoftManifest } from './manifest.js';
import { readMicrosoftProfile } from './profile.js';

export const microsoft = defineProvider({
  manifest: microsoftManifest,
  readProfile: readMicrosoftProfile,
  emulator: async () => (await import('./emulator.js')).createMicrosoftEmulator,
});
