/**
 * A provider that keeps failing is cut off: its fields fail at once with PROVIDER_ERROR and it is not
 * called, so a dead provider costs nothing; after the cool-down one trial call finds out whether it is
 * back. One account that fails while others succeed never cuts the provider off.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorCodes, type Stack, startStack } from '../support/stack.js';
import { AllAccounts, accountsWithData, newUser, timed } from './fixtures.js';

const UPSTREAM_TIMEOUT_MS = 400;
const COOLDOWN_MS = 600;

describe('the circuit breaker of a provider', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        GATEWAY_UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
        GATEWAY_CIRCUIT_FAILURE_THRESHOLD: '3',
        GATEWAY_CIRCUIT_COOLDOWN_MS: String(COOLDOWN_MS),
      },
    });
  });
  afterAll(() => stack.close());
  beforeEach(async () => {
    stack.emulator.faults.clear();
    // Let a circuit opened by the previous test close again on a successful trial.
    await sleep(COOLDOWN_MS);
    await stack.query(AllAccounts, {}, { token: newUser(stack).token });
    stack.emulator.calls.reset();
  });

  const githubCalls = () => stack.emulator.calls.count({ service: 'github' });

  it('stops calling a provider that does not answer, and answers its fields at once', async () => {
    const fixture = newUser(stack);
    stack.emulator.faults.inject({ service: 'github', hang: true });
    // Two GitHub accounts per query: the second query's timeouts reach the threshold of three.
    for (let query = 0; query < 2; query++) {
      const response = await stack.query(AllAccounts, {}, { token: fixture.token });
      expect(errorCodes(response)).toEqual(['PROVIDER_TIMEOUT', 'PROVIDER_TIMEOUT']);
    }
    const before = githubCalls();

    const { result: response, elapsedMs } = await timed(() =>
      stack.query(AllAccounts, {}, { token: fixture.token }),
    );

    expect(githubCalls()).toBe(before);
    expect(errorCodes(response)).toEqual(['PROVIDER_ERROR', 'PROVIDER_ERROR']);
    expect(response.body.errors?.[0]?.message).toBe(
      'GitHub is failing: calls to it are paused for a few seconds.',
    );
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      provider: 'github',
      accountId: fixture.github.id,
    });
    expect(accountsWithData(response)).toEqual([fixture.notion.id]);
    expect(elapsedMs).toBeLessThan(UPSTREAM_TIMEOUT_MS);
    expect(stack.logs.join('\n')).toContain('"upstream":"github","circuit":"open"');
  });

  it('lets one trial call through after the cool-down and closes again when it succeeds', async () => {
    const fixture = newUser(stack);
    const fault = stack.emulator.faults.inject({
      service: 'github',
      status: 502,
      body: { message: 'Server Error' },
    });
    for (let query = 0; query < 2; query++) await stack.query(AllAccounts, {}, { token: fixture.token });
    fault.remove();
    await sleep(COOLDOWN_MS);
    stack.emulator.calls.reset();

    const trial = await stack.query(AllAccounts, {}, { token: fixture.token });
    // One account's call was the trial; the other, made while it was under way, was still cut off.
    expect(githubCalls()).toBe(1);
    expect(errorCodes(trial)).toEqual(['PROVIDER_ERROR']);

    const after = await stack.query(AllAccounts, {}, { token: fixture.token });
    expect(after.body.errors).toBeUndefined();
    expect(githubCalls()).toBe(3);
  });

  it('never cuts a provider off for one account that fails while the others succeed', async () => {
    const fixture = newUser(stack);
    stack.emulator.faults.inject({
      service: 'github',
      accountId: fixture.github.id,
      status: 500,
      body: 'boom',
    });

    for (let query = 0; query < 6; query++) {
      const response = await stack.query(AllAccounts, {}, { token: fixture.token });
      expect(response.body.errors?.[0]?.message).toBe('GitHub failed (HTTP 500).');
    }
    expect(stack.emulator.calls.count({ route: 'github.listRepos', accountId: fixture.github.id })).toBe(6);
  });

  it('does not count refusals: a provider answering 404 and 429 stays connected', async () => {
    const fixture = newUser(stack);
    stack.emulator.faults.inject({ service: 'github', accountId: fixture.github.id, status: 404, body: {} });
    stack.emulator.faults.inject({
      service: 'github',
      accountId: fixture.githubWork.id,
      status: 429,
      body: {},
      headers: { 'retry-after': '60' },
    });

    for (let query = 0; query < 4; query++) {
      const response = await stack.query(AllAccounts, {}, { token: fixture.token });
      expect(errorCodes(response).sort()).toEqual(['PROVIDER_ERROR', 'RATE_LIMITED']);
    }
    expect(githubCalls()).toBe(8);
  });
});
