import { defineProvider } from '../provider-module.js';
import { githubManifest } from './manifest.js';
import { readGitHubProfile } from './profile.js';

export const github = defineProvider({
  manifest: githubManifest,
  readProfile: readGitHubProfile,
  emulator: async () => (await import('./emulator.js')).createGitHubEmulator,
});
