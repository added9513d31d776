/**
 * The project's commands as their own processes, as a user (or npm) runs them: a TypeScript entry point
 * through tsx (`src/dev.ts`), or an npm script (`npm start`). Shared by the tests and the benchmark.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves with the first stdout/stderr text matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** `node --import tsx <entry>`: a TypeScript entry point of the project, with only `env` (and PATH). */
export function runEntry(entry: string, env: Record<string, string>): RunningProcess {
  return runProcess(process.execPath, ['--import', 'tsx', entry], env);
}

/** `npm run <script>` (`start` for `npm start`), with only `env` (and PATH and HOME, which npm needs). */
export function runNpm(script: string, env: Record<string, string>): RunningProcess {
  return runProcess('npm', script === 'start' ? ['start'] : ['run', script], {
    HOME: process.env.HOME ?? ROOT,
    ...env,
  });
}

/**
 * A process of the project's root with only `env` (plus PATH): it must not depend on the test runner's
 * environment. Its stdout and stderr are collected.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  options: Pick<SpawnOptions, 'stdio'> = {},
): RunningProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (!match) return;
          cleanup();
          resolve(match);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => {
          check();
          if (listeners.has(check)) {
            cleanup();
            reject(new Error(`process exited before ${pattern}; output:\n${output}`));
          }
        });
        check();
      });
    },
    async stop() {
      for (const pid of descendantsOf(child.pid ?? 0)) killQuietly(pid);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Every process below `pid`, children first found (Linux `/proc`; empty elsewhere). */
export function descendantsOf(pid: number): number[] {
  const children = (parent: number): number[] => {
    try {
      return readdirSync(`/proc/${parent}/task`).flatMap((task) =>
        readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8')
          .split(/\s+/)
          .filter(Boolean)
          .map(Number),
      );
    } catch {
      return [];
    }
  };
  const found: number[] = [];
  for (let queue = children(pid); queue.length > 0; ) {
    const next = queue.shift() as number;
    found.push(next);
    queue.push(...children(next));
  }
  return found;
}

/** The command line of a running process (Linux `/proc`), or `undefined` once it has exited. */
export function commandLineOf(pid: number): string[] | undefined {
  try {
    // An exited process waiting for its parent to collect it (a zombie) has an empty command line.
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return command.length > 0 ? command : undefined;
  } catch {
    return undefined;
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
