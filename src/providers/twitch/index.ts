import { defineProvider } from '../provider-module.js';
import { twitchManifest } from './manifest.js';
import { readTwitchProfile } from './profile.js';

export const twitch = defineProvider({
  manifest: twitchManifest,
  readProfile: readTwitchProfile,
  emulator: async () => (await import('./emulator.js')).createTwitchEmulator,
});
