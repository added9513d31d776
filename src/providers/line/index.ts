import { defineProvider } from '../provider-module.js';
import { lineManifest } from './manifest.js';
import { readLineProfile } from './profile.js';

export const line = defineProvider({
  manifest: lineManifest,
  readProfile: readLineProfile,
  emulator: async () => (await import('./emulator.js')).createLineEmulator,
});
