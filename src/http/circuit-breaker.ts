/**
 * A circuit breaker per upstream (each provider, and Clerk), so that a dead upstream costs nothing:
 * no socket, no timeout waited out, no retry.
 *
 * Policy:
 * - Closed: calls go out. A call that ends in an upstream failure (5xx, timeout, reset or refused
 *   connection, after its retries) extends a streak; any answer below 500 (a 4xx, a 401, a rate limit
 *   included: the upstream is up, only unwilling) ends it. A streak also ends when its last failure is
 *   older than `windowMs`. `failureThreshold` failures in a row open the circuit.
 * - Open: for `cooldownMs` calls fail at once, without reaching the upstream.
 * - Half-open: after the cool-down one trial call goes out while the others still fail at once; its
 *   success closes the circuit, its failure opens it for another cool-down.
 *
 * It counts logical calls, not attempts, and failures in a row across all accounts: one account whose
 * calls fail while others' succeed never opens it.
 */
import type { Clock } from '../cache/cache-store.js';
import { systemClock } from '../cache/cache-store.js';

export type CircuitState = 'closed' | 'open' | 'half-open';
export type CallOutcome = 'success' | 'failure';

/** Leave to make one call; every permit must be released with the call's outcome. */
export interface CircuitPermit {
  readonly trial: boolean;
}

export interface CircuitBreaker {
  /** A permit for one call, or `undefined` when calls are cut off. */
  acquire(): CircuitPermit | undefined;
  release(permit: CircuitPermit, outcome: CallOutcome): void;
  state(): CircuitState;
}

export interface CircuitBreakerOptions {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  readonly windowMs?: number;
  readonly clock?: Clock;
  readonly onStateChange?: (state: CircuitState) => void;
}

export const DEFAULT_FAILURE_WINDOW_MS = 30_000;

const CALL: CircuitPermit = { trial: false };
const TRIAL: CircuitPermit = { trial: true };

export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const clock = options.clock ?? systemClock;
  const windowMs = options.windowMs ?? DEFAULT_FAILURE_WINDOW_MS;
  let current: CircuitState = 'closed';
  let streak = 0;
  let lastFailureAt = 0;
  let openedAt = 0;
  let trialOut = false;

  function become(state: CircuitState): void {
    if (state === current) return;
    current = state;
    options.onStateChange?.(state);
  }

  function open(): void {
    openedAt = clock.now();
    trialOut = false;
    become('open');
  }

  return {
    acquire() {
      if (current === 'closed') return CALL;
      if (current === 'open' && clock.now() - openedAt >= options.cooldownMs) become('half-open');
      if (current === 'half-open' && !trialOut) {
        trialOut = true;
        return TRIAL;
      }
      return undefined;
    },
    release(permit, outcome) {
      if (permit.trial) {
        if (current !== 'half-open') return;
        if (outcome === 'success') {
          streak = 0;
          trialOut = false;
          become('closed');
        } else {
          open();
        }
        return;
      }
      // Calls that left before the circuit opened say nothing about a trial under way.
      if (current !== 'closed') return;
      if (outcome === 'success') {
        streak = 0;
        return;
      }
      const now = clock.now();
      streak = now - lastFailureAt > windowMs ? 1 : streak + 1;
      lastFailureAt = now;
      if (streak >= options.failureThreshold) open();
    },
    state: () => current,
  };
}

/** One breaker per upstream name, made on first use with the same options. */
export interface CircuitBreakers {
  get(name: string): CircuitBreaker;
}

export function createCircuitBreakers(
  options: Omit<CircuitBreakerOptions, 'onStateChange'> & {
    readonly onStateChange?: (name: string, state: CircuitState) => void;
  },
): CircuitBreakers {
  const breakers = new Map<string, CircuitBreaker>();
  const { onStateChange, ...shared } = options;
  return {
    get(name) {
      let breaker = breakers.get(name);
      if (!breaker) {
        breaker = createCircuitBreaker({
          ...shared,
          ...(onStateChange ? { onStateChange: (state: CircuitState) => onStateChange(name, state) } : {}),
        });
        breakers.set(name, breaker);
      }
      return breaker;
    },
  };
}
