import { defineProvider } from '../provider-module.js';
import { xManifest } from './manifest.js';
import { readXProfile } from './profile.js';

export const x = defineProvider({
  manifest: xManifest,
  readProfile: readXProfile,
  emulator: async () => (await import('./emulator.js')).createXEmulator,
});
