/**
 * The request a piece of work belongs to, carried through every await by AsyncLocalStorage, so that
 * each log line written while serving a request (a provider call, a Clerk retry, a breaker opening)
 * carries that request's id without passing a logger around; and, when traces are exported, the
 * request's server span, under which each Clerk and provider call is recorded.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Span } from '@opentelemetry/api';

export interface RequestScope {
  readonly requestId: string;
  /** The request's server span, when traces are exported (`observability/tracing.ts`). */
  span?: Span;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** The caller's `x-request-id` when it is a plain token (it is echoed and logged), else a new UUID. */
export function requestIdFrom(given: string | null | undefined): string {
  return given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

export function runInRequest<T>(requestId: string, work: () => T): T {
  return storage.run({ requestId }, work);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}
