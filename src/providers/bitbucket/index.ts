import { defineProvider } from '../provider-module.js';
import { bitbucketManifest } from './manifest.js';
import { readBitbucketProfile } from './profile.js';

export const bitbucket = defineProvider({
  manifest: bitbucketManifest,
  readProfile: readBitbucketProfile,
  emulator: async () => (await import('./emulator.js')).createBitbucketEmulator,
});
