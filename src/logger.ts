/**
 * Structured logs (pino). Whatever a log line is given, credentials are cut out by name: request
 * headers that carry the session, and every field named like a token or key.
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './config.js';
import { currentRequestId } from './request-context.js';

export type { Logger } from 'pino';

/** Fields whose value is a credential, cut out of every log line (`[redacted]`). */
const CREDENTIAL_FIELDS = new Set([
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'token',
  'accessToken',
  'secretKey',
]);
const CENSOR = '[redacted]';

/**
 * A log line with its credentials cut out: a credential field at the top, one level down (`headers`,
 * `upstream`, any object) and in `req.headers`. The line is copied only where it holds one, so a line
 * without (every request line) costs a walk over its keys. It replaces pino's `redact`, which parsed
 * every path again for every field of every line: the largest allocation of a warm query.
 */
export function redactCredentials(line: Record<string, unknown>): Record<string, unknown> {
  return redactFields(line, '');
}

/**
 * `fields` (the line when `parent` is '', else the value of its field `parent`) with each credential
 * censored, and the levels below it that are searched redacted the same way.
 */
function redactFields(fields: Record<string, unknown>, parent: string): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue;
    const value = fields[key];
    const searched = parent === '' || (parent === 'req' && key === 'headers');
    const replaced = CREDENTIAL_FIELDS.has(key)
      ? CENSOR
      : searched && isRecord(value)
        ? redactFields(value, parent === '' ? key : `${parent}.${key}`)
        : value;
    if (replaced === value) continue;
    copy ??= { ...fields };
    copy[key] = replaced;
  }
  return copy ?? fields;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
    formatters: { log: redactCredentials },
  };
  return destination ? pino(options, destination) : pino(options);
}
