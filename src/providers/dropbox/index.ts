import { defineProvider } from '../provider-module.js';
import { dropboxManifest } from './manifest.js';
import { readDropboxProfile } from './profile.js';

export const dropbox = defineProvider({
  manifest: dropboxManifest,
  readProfile: readDropboxProfile,
  emulator: async () => (await import('./emulator.js')).createDropboxEmulator,
});
