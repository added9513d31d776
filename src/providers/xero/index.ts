import { defineProvider } from '../provider-module.js';
import { xeroManifest } from './manifest.js';
import { readXeroProfile } from './profile.js';

export const xero = defineProvider({
  manifest: xeroManifest,
  readProfile: readXeroProfile,
  emulator: async () => (await import('./emulator.js')).createXeroEmulator,
});
