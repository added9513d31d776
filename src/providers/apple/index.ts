import { defineProvider } from '../provider-module.js';
import { appleManifest } from './manifest.js';

/** No `readProfile` and no emulator: Apple has no API (`ConnectedAccount.profile` answers from Clerk). */
export const apple = defineProvider({ manifest: appleManifest });
