import { defineProvider } from '../provider-module.js';
import { notionManifest } from './manifest.js';
import { readNotionProfile } from './profile.js';

export const notion = defineProvider({
  manifest: notionManifest,
  readProfile: readNotionProfile,
  emulator: async () => (await import('./emulator.js')).createNotionEmulator,
});
