import { defineProvider } from '../provider-module.js';
import { atlassianManifest } from './manifest.js';
import { readAtlassianProfile } from './profile.js';

export const atlassian = defineProvider({
  manifest: atlassianManifest,
  readProfile: readAtlassianProfile,
  emulator: async () => (await import('./emulator.js')).createAtlassianEmulator,
});
