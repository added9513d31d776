/**
 * `npx vite examples/web` (development) or `npx vite build examples/web`: the page, as static files.
 * `VITE_GATEWAY_URL` and `VITE_CLERK_PUBLISHABLE_KEY` come from the environment or `examples/web/.env`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: the built page works from any path it is served under.
  base: './',
  build: {
    // With VITE_CLERK_PUBLISHABLE_KEY, Clerk's SDK is a chunk of its own (1.5 MB), loaded after the page;
    // without it (the sandbox) the build leaves the SDK out.
    chunkSizeWarningLimit: 2000,
  },
});
