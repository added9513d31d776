/**
 * Structured logs (pino). Whatever a log line is given, credentials are cut out by path: request
 * headers that carry the session, and every field named like a token or key.
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './config.js';
import { currentRequestId } from './request-context.js';

export type { Logger } from 'pino';

export const REDACTED_PATHS = [
  'authorization',
  'cookie',
  '*.authorization',
  '*.Authorization',
  '*.cookie',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'secretKey',
  '*.secretKey',
];

/** Standard output, written asynchronously off the request path; `flush` it before exiting. */
export function stdoutDestination(): DestinationStream {
  return pino.destination({ dest: 1, sync: false });
}

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    // Every line written while serving a request names it (see request-context.ts); a line that names
    // it itself is left as it is.
    mixin: (line: object) => {
      if ('requestId' in line) return {};
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    base: { service: 'provider-graph' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
