/**
 * `npm test` provisions its system packages: nothing when they are there; apt-get as root (an update
 * first when the lists are empty); otherwise a stop before any test with the command to run.
 */
import { describe, expect, it } from 'vitest';
import {
  type Machine,
  ProvisioningError,
  provisionSystemPackages,
  type SystemPackage,
} from '../../support/system-packages.js';

function fakeMachine(overrides: Partial<Machine> & { installs?: Set<string> } = {}) {
  const ran: string[] = [];
  const said: string[] = [];
  const machine: Machine = {
    isRoot: true,
    hasAptGet: true,
    hasPackageLists: () => true,
    run(command, args) {
      ran.push([command, ...args].join(' '));
      if (args[0] === 'install') for (const name of args.slice(1)) overrides.installs?.add(name);
    },
    say: (line) => said.push(line),
    ...overrides,
  };
  return { machine, ran, said };
}

/** Packages that are present once "installed" into `installed`. */
function packages(installed: Set<string>, ...names: string[]): SystemPackage[] {
  return names.map((name) => ({
    apt: name,
    brew: `${name}-brew`,
    neededBy: `the ${name} tests`,
    present: () => installed.has(name),
  }));
}

describe('provisionSystemPackages', () => {
  it('does nothing when every package is there', () => {
    const installed = new Set(['chromium', 'redis-server']);
    const { machine, ran, said } = fakeMachine();
    provisionSystemPackages(packages(installed, 'chromium', 'redis-server'), machine);
    expect(ran).toEqual([]);
    expect(said).toEqual([]);
  });

  it('installs what is missing with apt-get as root, saying what and why in one line', () => {
    const installed = new Set(['chromium']);
    const { machine, ran, said } = fakeMachine({ installs: installed });
    provisionSystemPackages(packages(installed, 'chromium', 'redis-server'), machine);
    expect(ran).toEqual(['apt-get install -y -qq --no-install-recommends redis-server']);
    expect(said).toEqual(['npm test: installing redis-server with apt-get, for the redis-server tests']);
  });

  it('updates the package lists first when they were never downloaded', () => {
    const installed = new Set<string>();
    const { machine, ran } = fakeMachine({ installs: installed, hasPackageLists: () => false });
    provisionSystemPackages(packages(installed, 'chromium', 'redis-server'), machine);
    expect(ran).toEqual([
      'apt-get update -qq',
      'apt-get install -y -qq --no-install-recommends chromium redis-server',
    ]);
  });

  it('stops at once without root, naming the command, and runs nothing', () => {
    const { machine, ran } = fakeMachine({ isRoot: false });
    const attempt = () => provisionSystemPackages(packages(new Set(), 'chromium', 'redis-server'), machine);
    expect(attempt).toThrow(ProvisioningError);
    expect(attempt).toThrow('sudo apt-get install -y chromium redis-server');
    expect(ran).toEqual([]);
  });

  it('names apt-get and Homebrew where there is no apt-get', () => {
    const { machine, ran } = fakeMachine({ isRoot: false, hasAptGet: false });
    const attempt = () =>
      provisionSystemPackages(packages(new Set(['chromium']), 'chromium', 'redis-server'), machine);
    expect(attempt).toThrow(/apt-get install -y redis-server[\s\S]*brew install redis-server-brew/);
    expect(ran).toEqual([]);
  });

  it('stops when apt-get fails, or leaves a package missing', () => {
    const failing = fakeMachine({
      run: () => {
        throw new Error('E: Unable to locate package chromium');
      },
    });
    expect(() => provisionSystemPackages(packages(new Set(), 'chromium'), failing.machine)).toThrow(
      /apt-get could not install chromium: E: Unable to locate package chromium/,
    );
    const ineffective = fakeMachine();
    expect(() => provisionSystemPackages(packages(new Set(), 'chromium'), ineffective.machine)).toThrow(
      'apt-get ran, but chromium is still missing',
    );
  });
});
