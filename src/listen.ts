/**
 * Serving a request listener over HTTP, and stopping cleanly: on SIGTERM or SIGINT the server stops
 * accepting connections, lets in-flight requests finish within a grace period, then exits.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.js';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stop accepting, wait for in-flight requests up to `graceMs`, then cut the rest. */
  close(graceMs?: number): Promise<void>;
}

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

export async function listen(
  handler: Listener,
  address: { port: number; host: string },
): Promise<RunningServer> {
  let closing = false;
  const inFlight = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    inFlight.add(response);
    response.once('close', () => {
      inFlight.delete(response);
      // Once an answer is out during shutdown, its keep-alive socket is idle: close it now, not at timeout.
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    if (closing) response.setHeader('connection', 'close');
    handler(request, response);
  });
  // Let keep-alive clients (benchmarks, proxies) reuse connections a while, but not forever.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = address.host === '0.0.0.0' || address.host === '::' ? 'localhost' : address.host;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close(graceMs = 10_000) {
      closing = true;
      for (const response of inFlight) if (!response.headersSent) response.setHeader('connection', 'close');
      return new Promise((resolve) => {
        const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
        deadline.unref();
        server.close(() => {
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

export interface StopOptions {
  /** At once on the signal: turn readiness off, so that load balancers stop sending requests. */
  readonly onStopping?: () => void;
  /** How long to keep serving after `onStopping`, while load balancers notice, before closing. */
  readonly delayMs?: number;
  /** After the server has stopped (close pooled connections, an emulator…). */
  readonly onClose?: () => Promise<void>;
  /** How long in-flight requests may run on once stopping. */
  readonly graceMs?: number;
  /**
   * Also stop when the parent process exits. Under `npm start` the chain is npm → sh → node, and npm
   * hands a SIGTERM to the shell, which (Debian's dash, for one) dies of it without passing it on: the
   * server takes that exit as the same request to stop, instead of running on orphaned.
   */
  readonly stopWithParent?: boolean;
}

/** How often the parent is looked for, when `stopWithParent`. */
const PARENT_POLL_MS = 250;

/**
 * Closes the server once on SIGTERM or SIGINT (or its parent's exit, when asked), letting in-flight
 * requests finish within `graceMs`, then exits with 0.
 */
export function closeOnSignals(server: RunningServer, logger: Logger, options: StopOptions = {}): void {
  let closing = false;
  const stop = (reason: string) => {
    if (closing) return;
    closing = true;
    options.onStopping?.();
    const delayMs = options.delayMs ?? 0;
    if (delayMs > 0)
      logger.info({ signal: reason, delayMs }, 'shutting down: /ready answers 503, still serving');
    void new Promise((resolve) => setTimeout(resolve, delayMs))
      .then(() => {
        logger.info({ signal: reason }, 'shutting down: finishing in-flight requests');
        return server.close(options.graceMs);
      })
      .then(() => options.onClose?.())
      .then(() => {
        logger.info('stopped');
        logger.flush(() => process.exit(0));
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  if (options.stopWithParent) {
    const parent = process.ppid;
    // `process.ppid` asks the OS each time: an orphan's parent is init (or the nearest subreaper).
    setInterval(() => {
      if (process.ppid !== parent) stop('parent exited');
    }, PARENT_POLL_MS).unref();
  }
}
