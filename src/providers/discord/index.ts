import { defineProvider } from '../provider-module.js';
import { discordManifest } from './manifest.js';
import { readDiscordProfile } from './profile.js';

export const discord = defineProvider({
  manifest: discordManifest,
  readProfile: readDiscordProfile,
  emulator: async () => (await import('./emulator.js')).createDiscordEmulator,
});
