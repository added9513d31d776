import { defineProvider } from '../provider-module.js';
import { huggingfaceManifest } from './manifest.js';
import { readHuggingFaceProfile } from './profile.js';

export const huggingface = defineProvider({
  manifest: huggingfaceManifest,
  readProfile: readHuggingFaceProfile,
  emulator: async () => (await import('./emulator.js')).createHuggingFaceEmulator,
});
