import { defineProvider } from '../provider-module.js';
import { gitlabManifest } from './manifest.js';
import { readGitLabProfile } from './profile.js';

export const gitlab = defineProvider({
  manifest: gitlabManifest,
  readProfile: readGitLabProfile,
  emulator: async () => (await import('./emulator.js')).createGitLabEmulator,
});
