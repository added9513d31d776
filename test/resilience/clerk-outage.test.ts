/**
 * A Clerk outage while tokens are cached: users already seen keep getting their data from the last
 * known user record (stale-if-error) and their cached tokens; users never seen get CLERK_UNAVAILABLE.
 * Once Clerk keeps failing, its circuit breaker answers at once instead of waiting for it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorCodes, type Stack, startStack } from '../support/stack.js';
import { AllAccounts, accountsWithData, expectNoSecrets, type Fixture, newUser, timed } from './fixtures.js';

const USER_CACHE_TTL_MS = 150;
const UPSTREAM_TIMEOUT_MS = 500;
const SLACK_MS = 1_000;

/** Clerk's error body (docs/clerk-backend-api.md#error-body), for canned faults. */
const clerkError = {
  errors: [
    {
      message: 'Oops',
      long_message: 'Oops, an unexpected error occurred',
      code: 'internal_clerk_error',
      meta: {},
    },
  ],
  clerk_trace_id: '0123456789abcdef0123456789abcdef',
};

async function warmUser(stack: Stack): Promise<Fixture> {
  const fixture = newUser(stack);
  const first = await stack.query(AllAccounts, {}, { token: fixture.token });
  expect(first.body.errors).toBeUndefined();
  // Past the user record's freshness: the next query asks Clerk again. Tokens live an hour.
  await sleep(USER_CACHE_TTL_MS + 50);
  stack.emulator.calls.reset();
  return fixture;
}

describe('a Clerk outage', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        GATEWAY_USER_CACHE_TTL_MS: String(USER_CACHE_TTL_MS),
        GATEWAY_UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
        GATEWAY_OPERATION_TIMEOUT_MS: '2000',
        GATEWAY_CIRCUIT_FAILURE_THRESHOLD: '1000',
      },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    stack.emulator.faults.clear();
    stack.emulator.calls.reset();
  });

  it('serves a user seen before from the last known record when Clerk answers 500', async () => {
    const fixture = await warmUser(stack);
    stack.emulator.clerk.failNext({
      route: 'clerk.getUser',
      userId: fixture.user.id,
      status: 500,
      code: 'internal_clerk_error',
    });
    const fromLine = stack.logs.length;

    const response = await stack.query(AllAccounts, {}, { token: fixture.token });

    expect(response.body.errors).toBeUndefined();
    expect(accountsWithData(response)).toHaveLength(3);
    expect(stack.emulator.calls.count({ route: 'clerk.getUser', userId: fixture.user.id })).toBe(1);
    expect(stack.logs.slice(fromLine).join('\n')).toContain('serving the last known user record');
    expectNoSecrets(stack, fixture, response, fromLine);
  });

  it('serves a user seen before from the last known record when Clerk does not answer', async () => {
    const fixture = await warmUser(stack);
    stack.emulator.faults.inject({ service: 'clerk', userId: fixture.user.id, hang: true });

    const { result: response, elapsedMs } = await timed(() =>
      stack.query(AllAccounts, {}, { token: fixture.token }),
    );

    expect(response.body.errors).toBeUndefined();
    expect(accountsWithData(response)).toHaveLength(3);
    expect(elapsedMs).toBeLessThan(UPSTREAM_TIMEOUT_MS + SLACK_MS);
  });

  it('answers CLERK_UNAVAILABLE for a user never seen when Clerk answers 500', async () => {
    const fixture = newUser(stack);
    stack.emulator.faults.inject({
      service: 'clerk',
      userId: fixture.user.id,
      status: 500,
      body: clerkError,
    });

    const response = await stack.query(AllAccounts, {}, { token: fixture.token });

    expect(errorCodes(response)).toEqual(['CLERK_UNAVAILABLE']);
    expect(response.body.data?.me ?? null).toBeNull();
  });

  it('answers CLERK_UNAVAILABLE for a user never seen when Clerk does not answer', async () => {
    const fixture = newUser(stack);
    stack.emulator.faults.inject({ service: 'clerk', userId: fixture.user.id, hang: true });

    const { result: response, elapsedMs } = await timed(() =>
      stack.query(AllAccounts, {}, { token: fixture.token }),
    );

    expect(errorCodes(response)).toEqual(['CLERK_UNAVAILABLE']);
    expect(elapsedMs).toBeLessThan(UPSTREAM_TIMEOUT_MS + SLACK_MS);
  });

  it('keeps answering accounts whose tokens are cached while Clerk refuses to hand out new ones', async () => {
    const fixture = await warmUser(stack);
    // Every Clerk call of this user fails: the record is stale, the tokens are still valid.
    stack.emulator.faults.inject({
      service: 'clerk',
      userId: fixture.user.id,
      status: 500,
      body: clerkError,
    });

    for (let query = 0; query < 3; query++) {
      const response = await stack.query(AllAccounts, {}, { token: fixture.token });
      expect(response.body.errors).toBeUndefined();
    }
    expect(stack.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId: fixture.user.id })).toBe(
      0,
    );
  });
});

describe('a Clerk that keeps failing', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        GATEWAY_USER_CACHE_TTL_MS: String(USER_CACHE_TTL_MS),
        GATEWAY_UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
        GATEWAY_CIRCUIT_FAILURE_THRESHOLD: '2',
        GATEWAY_CIRCUIT_COOLDOWN_MS: '60000',
      },
    });
  });
  afterAll(() => stack.close());

  it('is cut off after repeated timeouts: users seen before are served at once, new ones fail at once', async () => {
    const warm = await warmUser(stack);
    stack.emulator.faults.inject({ service: 'clerk', hang: true });
    // Two timeouts in a row open Clerk's circuit.
    for (let query = 0; query < 2; query++) {
      await sleep(USER_CACHE_TTL_MS + 50);
      const response = await stack.query(AllAccounts, {}, { token: warm.token });
      expect(response.body.errors).toBeUndefined();
    }
    expect(stack.emulator.calls.count({ service: 'clerk' })).toBe(2);
    await sleep(USER_CACHE_TTL_MS + 50);

    const served = await timed(() => stack.query(AllAccounts, {}, { token: warm.token }));
    const cold = newUser(stack);
    const refused = await timed(() => stack.query(AllAccounts, {}, { token: cold.token }));

    expect(served.result.body.errors).toBeUndefined();
    expect(served.elapsedMs).toBeLessThan(UPSTREAM_TIMEOUT_MS);
    expect(errorCodes(refused.result)).toEqual(['CLERK_UNAVAILABLE']);
    expect(refused.result.body.errors?.[0]?.message).toContain('paused');
    expect(refused.elapsedMs).toBeLessThan(UPSTREAM_TIMEOUT_MS);
    expect(stack.emulator.calls.count({ service: 'clerk' })).toBe(2);
    expect(stack.logs.join('\n')).toContain('"upstream":"clerk","circuit":"open"');
  });
});
