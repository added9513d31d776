import { defineProvider } from '../provider-module.js';
import { boxManifest } from './manifest.js';
import { readBoxProfile } from './profile.js';

export const box = defineProvider({
  manifest: boxManifest,
  readProfile: readBoxProfile,
  emulator: async () => (await import('./emulator.js')).createBoxEmulator,
});
