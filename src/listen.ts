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

/** Closes the server once on SIGTERM or SIGINT (in-flight requests get `graceMs`), then exits with 0. */
export function closeOnSignals(
  server: RunningServer,
  logger: Logger,
  onClose?: () => Promise<void>,
  graceMs?: number,
): void {
  let closing = false;
  const stop = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    void server
      .close(graceMs)
      .then(() => onClose?.())
      .then(() => {
        logger.info('stopped');
        logger.flush(() => process.exit(0));
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
