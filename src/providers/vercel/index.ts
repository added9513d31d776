import { defineProvider } from '../provider-module.js';
import { vercelManifest } from './manifest.js';
import { readVercelProfile } from './profile.js';

export const vercel = defineProvider({
  manifest: vercelManifest,
  readProfile: readVercelProfile,
  emulator: async () => (await import('./emulator.js')).createVercelEmulator,
});
