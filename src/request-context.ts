/**
 * The request a piece of work belongs to, carried through every await by AsyncLocalStorage, so that
 * each log line written while serving a request (a provider call, a Clerk retry, a breaker opening)
 * carries that request's id without passing a logger around.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface RequestScope {
  readonly requestId: string;
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
