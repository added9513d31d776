import { defineProvider } from '../provider-module.js';
import { linkedinOidcManifest } from './manifest.js';
import { readLinkedInProfile } from './profile.js';

export const linkedinOidc = defineProvider({
  manifest: linkedinOidcManifest,
  readProfile: readLinkedInProfile,
  emulator: async () => (await import('./emulator.js')).createLinkedInOidcEmulator,
});
