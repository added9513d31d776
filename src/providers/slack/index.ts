import { defineProvider } from '../provider-module.js';
import { slackManifest } from './manifest.js';
import { readSlackProfile } from './profile.js';

export const slack = defineProvider({
  manifest: slackManifest,
  readProfile: readSlackProfile,
  emulator: async () => (await import('./emulator.js')).createSlackEmulator,
});
