/**
 * A real `redis-server` (Debian's package) for the tests of the shared cache: on a free port, in memory
 * only, stopped with the test process. It can be killed as a crash and restarted on the same port. A
 * machine without the binary fails at once, saying how to install it: the tests never skip silently.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** SIGKILL, as a crash; the port stays this server's for `restart`. */
  kill(): Promise<void>;
  /** Stops it (if running) and starts it again on the same port, empty. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export const REDIS_MISSING =
  'redis-server not found: install it with "apt-get install -y redis-server" (Debian/Ubuntu) or "brew install redis" (macOS); npm test installs it itself when run as root with apt-get';

const STARTUP_TIMEOUT_MS = 10_000;

export async function startRedis(options: { binary?: string } = {}): Promise<RedisServer> {
  const binary = options.binary ?? 'redis-server';
  try {
    execFileSync(binary, ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(REDIS_MISSING);
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'provider-graph-redis-'));
  let child: ChildProcess | undefined;
  const cleanUp = () => child?.kill('SIGKILL');
  process.once('exit', cleanUp);

  async function start(): Promise<void> {
    const started = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    );
    child = started;
    await waitForPong(port);
  }

  async function halt(signal: NodeJS.Signals): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill(signal);
    await exited;
  }

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => halt('SIGKILL'),
    async restart() {
      await halt('SIGKILL');
      await start();
    },
    async stop() {
      await halt('SIGTERM');
      process.off('exit', cleanUp);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server answers PING, over a raw socket (no client library needed). */
async function waitForPong(port: number): Promise<void> {
  const giveUp = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < giveUp) {
    const answered = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.setTimeout(500);
      socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer on port ${port} within ${STARTUP_TIMEOUT_MS} ms`);
}
