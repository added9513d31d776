import { defineProvider } from '../provider-module.js';
import { googleManifest } from './manifest.js';
import { readGoogleProfile } from './profile.js';

export const google = defineProvider({
  manifest: googleManifest,
  readProfile: readGoogleProfile,
  emulator: async () => (await import('./emulator.js')).createGoogleEmulator,
});
