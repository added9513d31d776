import { describe, expect, it } from 'vitest';
import {
  type CircuitBreaker,
  type CircuitState,
  createCircuitBreaker,
  createCircuitBreakers,
} from '../../../src/http/circuit-breaker.js';

function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function setup(options: { failureThreshold?: number; cooldownMs?: number; windowMs?: number } = {}) {
  const clock = fakeClock();
  const changes: CircuitState[] = [];
  const breaker = createCircuitBreaker({
    failureThreshold: options.failureThreshold ?? 3,
    cooldownMs: options.cooldownMs ?? 10_000,
    ...(options.windowMs === undefined ? {} : { windowMs: options.windowMs }),
    clock,
    onStateChange: (state) => changes.push(state),
  });
  return { breaker, clock, changes };
}

/** One whole call: acquire, then release with the outcome. `false` when the call was cut off. */
function call(breaker: CircuitBreaker, outcome: 'success' | 'failure'): boolean {
  const permit = breaker.acquire();
  if (!permit) return false;
  breaker.release(permit, outcome);
  return true;
}

describe('createCircuitBreaker', () => {
  it('lets calls through while closed', () => {
    const { breaker } = setup();

    expect(call(breaker, 'success')).toBe(true);
    expect(call(breaker, 'failure')).toBe(true);
    expect(breaker.state()).toBe('closed');
  });

  it('opens after the threshold of failures in a row, and then cuts calls off', () => {
    const { breaker, changes } = setup({ failureThreshold: 3 });

    call(breaker, 'failure');
    call(breaker, 'failure');
    expect(breaker.state()).toBe('closed');
    call(breaker, 'failure');

    expect(breaker.state()).toBe('open');
    expect(changes).toEqual(['open']);
    expect(breaker.acquire()).toBeUndefined();
  });

  it('starts the count again after a success', () => {
    const { breaker } = setup({ failureThreshold: 3 });

    call(breaker, 'failure');
    call(breaker, 'failure');
    call(breaker, 'success');
    call(breaker, 'failure');
    call(breaker, 'failure');

    expect(breaker.state()).toBe('closed');
  });

  it('starts the count again when the last failure is older than the window', () => {
    const { breaker, clock } = setup({ failureThreshold: 3, windowMs: 30_000 });

    call(breaker, 'failure');
    call(breaker, 'failure');
    clock.advance(30_001);
    call(breaker, 'failure');

    expect(breaker.state()).toBe('closed');
  });

  it('lets one trial call through after the cool-down, and cuts off the others meanwhile', () => {
    const { breaker, clock, changes } = setup({ failureThreshold: 1, cooldownMs: 10_000 });
    call(breaker, 'failure');

    clock.advance(9_999);
    expect(breaker.acquire()).toBeUndefined();
    clock.advance(1);
    const trial = breaker.acquire();

    expect(trial).toEqual({ trial: true });
    expect(breaker.state()).toBe('half-open');
    expect(breaker.acquire()).toBeUndefined();
    expect(changes).toEqual(['open', 'half-open']);
  });

  it('closes when the trial call succeeds', () => {
    const { breaker, clock, changes } = setup({ failureThreshold: 1, cooldownMs: 10_000 });
    call(breaker, 'failure');
    clock.advance(10_000);

    expect(call(breaker, 'success')).toBe(true);

    expect(breaker.state()).toBe('closed');
    expect(changes).toEqual(['open', 'half-open', 'closed']);
    expect(call(breaker, 'success')).toBe(true);
  });

  it('opens for another cool-down when the trial call fails', () => {
    const { breaker, clock } = setup({ failureThreshold: 1, cooldownMs: 10_000 });
    call(breaker, 'failure');
    clock.advance(10_000);

    expect(call(breaker, 'failure')).toBe(true);

    expect(breaker.state()).toBe('open');
    clock.advance(9_999);
    expect(breaker.acquire()).toBeUndefined();
    clock.advance(1);
    expect(breaker.acquire()).toEqual({ trial: true });
  });

  it('ignores the outcome of calls that left before the circuit opened', () => {
    const { breaker, clock } = setup({ failureThreshold: 1, cooldownMs: 10_000 });
    const early = breaker.acquire();
    call(breaker, 'failure');
    clock.advance(10_000);
    const trial = breaker.acquire();
    if (!early || !trial) throw new Error('expected permits');

    breaker.release(early, 'success');
    expect(breaker.state()).toBe('half-open');
    breaker.release(trial, 'failure');
    expect(breaker.state()).toBe('open');
  });

  it('needs a fresh run of failures to open again after closing', () => {
    const { breaker, clock } = setup({ failureThreshold: 2, cooldownMs: 10_000 });
    call(breaker, 'failure');
    call(breaker, 'failure');
    clock.advance(10_000);
    call(breaker, 'success');

    call(breaker, 'failure');
    expect(breaker.state()).toBe('closed');
  });
});

describe('createCircuitBreakers', () => {
  it('keeps one breaker per upstream, so one failing upstream does not cut off another', () => {
    const changes: string[] = [];
    const breakers = createCircuitBreakers({
      failureThreshold: 1,
      cooldownMs: 10_000,
      clock: fakeClock(),
      onStateChange: (name, state) => changes.push(`${name} ${state}`),
    });

    call(breakers.get('github'), 'failure');

    expect(breakers.get('github').state()).toBe('open');
    expect(breakers.get('notion').state()).toBe('closed');
    expect(breakers.get('github')).toBe(breakers.get('github'));
    expect(changes).toEqual(['github open']);
  });
});
