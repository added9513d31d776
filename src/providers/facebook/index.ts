import { defineProvider } from '../provider-module.js';
import { facebookManifest } from './manifest.js';
import { readFacebookProfile } from './profile.js';

export const facebook = defineProvider({
  manifest: facebookManifest,
  readProfile: readFacebookProfile,
  emulator: async () => (await import('./emulator.js')).createFacebookEmulator,
});
