/**
 * Before any test: the system packages the suite needs are there (installed when missing and possible,
 * else the run stops at once saying how: `support/system-packages.ts`), and the package is built
 * (`npm run build`), so the tests of `npm start` and of the library run what users run, the compiled
 * `dist/`. `npm test` needs no set-up step of its own.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { provisionSystemPackages, TEST_PACKAGES } from './support/system-packages.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));

export default function setup(): void {
  provisionSystemPackages(TEST_PACKAGES);
  try {
    execFileSync(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
    throw new Error(`npm run build failed before the tests:\n${output}`);
  }
}
