/**
 * The system packages the test suite needs, provisioned by `npm test` itself (its global setup) before
 * any test runs, so that a fresh machine needs nothing but Node and npm: Debian's `chromium` (the
 * browser tests) and `redis-server` (the shared-cache tests).
 *
 * - Present: nothing happens.
 * - Missing, on a machine with apt-get, as root (CI, containers): installed, with one line saying what
 *   and why (`apt-get update` first when the package lists are empty).
 * - Otherwise: the run stops at once, before any test, with the command to run.
 *
 * Never in `postinstall`: people who install the package as a dependency must never run apt.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

export interface SystemPackage {
  /** Debian's package name. */
  readonly apt: string;
  /** Homebrew's, for the message on macOS. */
  readonly brew: string;
  /** What needs it, for the line that says why it is installed. */
  readonly neededBy: string;
  /** Whether it is installed. */
  readonly present: () => boolean;
}

/** What provisioning may do; the real machine by default, fakes in its tests. */
export interface Machine {
  readonly isRoot: boolean;
  readonly hasAptGet: boolean;
  /** Whether apt's package lists were ever downloaded (`apt-get update`). */
  readonly hasPackageLists: () => boolean;
  run(command: string, args: readonly string[]): void;
  say(line: string): void;
}

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const TEST_PACKAGES: readonly SystemPackage[] = [
  {
    apt: 'chromium',
    brew: 'chromium',
    neededBy: 'the browser tests (GraphiQL, examples/web)',
    present: () => existsSync(CHROMIUM_PATH),
  },
  {
    apt: 'redis-server',
    brew: 'redis',
    neededBy: 'the shared-cache tests',
    present: () => commandWorks('redis-server', ['--version']),
  },
];

export class ProvisioningError extends Error {
  override readonly name = 'ProvisioningError';
}

/** Installs what is missing when it can, else throws with the command that would. */
export function provisionSystemPackages(
  packages: readonly SystemPackage[],
  machine: Machine = thisMachine(),
): void {
  const missing = packages.filter((candidate) => !candidate.present());
  if (missing.length === 0) return;
  const names = missing.map((candidate) => candidate.apt);
  if (!machine.isRoot || !machine.hasAptGet) {
    const apt = `${machine.isRoot ? '' : 'sudo '}apt-get install -y ${names.join(' ')}`;
    const brew = `brew install ${missing.map((candidate) => candidate.brew).join(' ')}`;
    throw new ProvisioningError(
      [
        `The tests need ${names.join(' and ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed (${missing.map((candidate) => candidate.neededBy).join('; ')}).`,
        `npm test installs ${missing.length === 1 ? 'it' : 'them'} itself when run as root on a machine with apt-get; here, install ${missing.length === 1 ? 'it' : 'them'} and run npm test again:`,
        machine.hasAptGet ? `  ${apt}` : `  ${apt}    (Debian, Ubuntu)\n  ${brew}    (macOS)`,
      ].join('\n'),
    );
  }
  machine.say(
    `npm test: installing ${names.join(', ')} with apt-get, for ${missing.map((candidate) => candidate.neededBy).join(' and ')}`,
  );
  try {
    if (!machine.hasPackageLists()) machine.run('apt-get', ['update', '-qq']);
    machine.run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names]);
  } catch (error) {
    throw new ProvisioningError(`apt-get could not install ${names.join(' ')}: ${(error as Error).message}`);
  }
  const still = missing.filter((candidate) => !candidate.present()).map((candidate) => candidate.apt);
  if (still.length > 0)
    throw new ProvisioningError(`apt-get ran, but ${still.join(' and ')} is still missing`);
}

function thisMachine(): Machine {
  return {
    isRoot: process.getuid?.() === 0,
    hasAptGet: commandWorks('apt-get', ['--version']),
    hasPackageLists: () => {
      try {
        return readdirSync('/var/lib/apt/lists').some((name) => name.endsWith('_Packages'));
      } catch {
        return false;
      }
    },
    run(command, args) {
      execFileSync(command, args, {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    },
    say: (line) => process.stderr.write(`${line}\n`),
  };
}

function commandWorks(command: string, args: readonly string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
