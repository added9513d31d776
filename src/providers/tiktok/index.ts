import { defineProvider } from '../provider-module.js';
import { tiktokManifest } from './manifest.js';
import { readTikTokProfile } from './profile.js';

export const tiktok = defineProvider({
  manifest: tiktokManifest,
  readProfile: readTikTokProfile,
  emulator: async () => (await import('./emulator.js')).createTikTokEmulator,
});
