import { defineProvider } from '../provider-module.js';
import { spotifyManifest } from './manifest.js';
import { readSpotifyProfile } from './profile.js';

export const spotify = defineProvider({
  manifest: spotifyManifest,
  readProfile: readSpotifyProfile,
  emulator: async () => (await import('./emulator.js')).createSpotifyEmulator,
});
