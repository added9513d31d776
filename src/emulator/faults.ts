/**
 * Fault injection: canned answers, delays, hung requests, reset connections and truncated JSON,
 * narrowed to a service, a route, an account or a user. The first matching fault with calls left wins.
 */
import type { ServiceName } from './http-router.js';

export interface FaultSpec {
  service: ServiceName;
  /** A route name such as `github.listRepos`; omitted: every route of the service. */
  route?: string;
  /** Only calls presenting this account's token. */
  accountId?: string;
  /** Only Clerk calls about this user. */
  userId?: string;
  /** How many calls the fault applies to; omitted: all of them. */
  times?: number;
  /** A canned answer: `body` object → JSON with the service's content type, string → as is (text/plain unless `headers` says otherwise). */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Extra delay before the canned or the normal answer. */
  delayMs?: number;
  /** Never answer (until the client gives up or the emulator closes). */
  hang?: boolean;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Answer 200 with the normal body cut in half, under the service's JSON content type. */
  malformedJson?: boolean;
}

export interface InjectedFault {
  remove(): void;
  /** How many calls this fault has applied to. */
  hits(): number;
}

export interface Faults {
  inject(spec: FaultSpec): InjectedFault;
  clear(): void;
}

export interface FaultTarget {
  service: ServiceName;
  route: string;
  userId?: string;
  accountId?: string;
}

export interface FaultTable extends Faults {
  /** The fault that applies to this call, counting the hit; `undefined` when none does. */
  take(target: FaultTarget): FaultSpec | undefined;
}

interface ActiveFault {
  readonly spec: FaultSpec;
  remaining: number;
  hits: number;
}

/** `isKnownRoute` catches typos in `route`, which would otherwise silently never match. */
export function createFaults(isKnownRoute: (route: string) => boolean): FaultTable {
  let active: ActiveFault[] = [];
  return {
    inject(spec) {
      if (spec.route !== undefined && !isKnownRoute(spec.route)) {
        throw new Error(`Unknown emulator route "${spec.route}" in fault spec`);
      }
      const fault: ActiveFault = {
        spec: { ...spec },
        remaining: spec.times ?? Number.POSITIVE_INFINITY,
        hits: 0,
      };
      active.push(fault);
      return {
        remove: () => {
          active = active.filter((candidate) => candidate !== fault);
        },
        hits: () => fault.hits,
      };
    },
    clear() {
      active = [];
    },
    take(target) {
      const fault = active.find((candidate) => candidate.remaining > 0 && applies(candidate.spec, target));
      if (!fault) return undefined;
      fault.remaining -= 1;
      fault.hits += 1;
      return fault.spec;
    },
  };
}

function applies(spec: FaultSpec, target: FaultTarget): boolean {
  return (
    spec.service === target.service &&
    (spec.route === undefined || spec.route === target.route) &&
    (spec.accountId === undefined || spec.accountId === target.accountId) &&
    (spec.userId === undefined || spec.userId === target.userId)
  );
}
