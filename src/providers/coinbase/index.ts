import { defineProvider } from '../provider-module.js';
import { coinbaseManifest } from './manifest.js';
import { readCoinbaseProfile } from './profile.js';

export const coinbase = defineProvider({
  manifest: coinbaseManifest,
  readProfile: readCoinbaseProfile,
  emulator: async () => (await import('./emulator.js')).createCoinbaseEmulator,
});
