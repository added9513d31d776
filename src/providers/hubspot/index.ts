import { defineProvider } from '../provider-module.js';
import { hubspotManifest } from './manifest.js';
import { readHubSpotProfile } from './profile.js';

export const hubspot = defineProvider({
  manifest: hubspotManifest,
  readProfile: readHubSpotProfile,
  emulator: async () => (await import('./emulator.js')).createHubSpotEmulator,
});
