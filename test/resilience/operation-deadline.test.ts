/**
 * One deadline per GraphQL operation, shorter here than the upstream timeout: when it passes, the
 * fields still waiting answer PROVIDER_TIMEOUT or CLERK_UNAVAILABLE and the response goes out, with the
 * data that did arrive. No retry waits past it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorCodes, type Stack, startStack } from '../support/stack.js';
import { AllAccounts, accountsWithData, expectNoSecrets, newUser, timed } from './fixtures.js';

const OPERATION_TIMEOUT_MS = 700;
/** Scheduling, the emulator and the test's own HTTP round trip; a correctness bound, not a benchmark. */
const SLACK_MS = 500;

describe('the operation deadline', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        GATEWAY_UPSTREAM_TIMEOUT_MS: '10000',
        GATEWAY_OPERATION_TIMEOUT_MS: String(OPERATION_TIMEOUT_MS),
        GATEWAY_RETRY_BUDGET_MS: '5000',
      },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.faults.clear());

  it('answers a provider that does not answer with PROVIDER_TIMEOUT when the deadline passes', async () => {
    const fixture = newUser(stack);
    stack.emulator.faults.inject({ service: 'notion', accountId: fixture.notion.id, hang: true });
    const fromLine = stack.logs.length;

    const { result: response, elapsedMs } = await timed(() =>
      stack.query(AllAccounts, {}, { token: fixture.token }),
    );

    expect(response.body.errors?.map((error) => error.extensions)).toEqual([
      { code: 'PROVIDER_TIMEOUT', provider: 'notion', accountId: fixture.notion.id },
    ]);
    expect(response.body.errors?.[0]?.message).toBe("Notion did not answer before the operation's deadline.");
    expect(accountsWithData(response)).toEqual([fixture.github.id, fixture.githubWork.id]);
    expect(elapsedMs).toBeGreaterThanOrEqual(OPERATION_TIMEOUT_MS - 50);
    expect(elapsedMs).toBeLessThan(OPERATION_TIMEOUT_MS + SLACK_MS);
    expectNoSecrets(stack, fixture, response, fromLine);
  });

  it('answers CLERK_UNAVAILABLE for the accounts whose token call does not come back in time', async () => {
    const fixture = newUser(stack);
    stack.emulator.faults.inject({
      service: 'clerk',
      route: 'clerk.getOauthAccessTokens',
      userId: fixture.user.id,
      hang: true,
      times: 1,
    });

    const { result: response, elapsedMs } = await timed(() =>
      stack.query(AllAccounts, {}, { token: fixture.token }),
    );

    const codes = errorCodes(response);
    expect(new Set(codes)).toEqual(new Set(['CLERK_UNAVAILABLE']));
    expect(codes.length + accountsWithData(response).length).toBe(3);
    expect(elapsedMs).toBeLessThan(OPERATION_TIMEOUT_MS + SLACK_MS);
  });

  it('answers CLERK_UNAVAILABLE on me when the user lookup does not come back in time', async () => {
    const fixture = newUser(stack);
    stack.emulator.faults.inject({
      service: 'clerk',
      route: 'clerk.getUser',
      userId: fixture.user.id,
      hang: true,
    });

    const { result: response, elapsedMs } = await timed(() =>
      stack.query(AllAccounts, {}, { token: fixture.token }),
    );

    expect(errorCodes(response)).toEqual(['CLERK_UNAVAILABLE']);
    expect(elapsedMs).toBeLessThan(OPERATION_TIMEOUT_MS + SLACK_MS);
  });

  it('does not wait for a Retry-After that would end past the deadline, though it fits the budget', async () => {
    const fixture = newUser(stack);
    stack.emulator.notion.rateLimit(fixture.notion.id, { retryAfterSeconds: 1, times: 5 });

    const { result: response, elapsedMs } = await timed(() =>
      stack.query(AllAccounts, {}, { token: fixture.token }),
    );

    expect(response.body.errors?.map((error) => error.extensions)).toEqual([
      { code: 'RATE_LIMITED', retryAfter: 1, provider: 'notion', accountId: fixture.notion.id },
    ]);
    expect(elapsedMs).toBeLessThan(OPERATION_TIMEOUT_MS);
    expect(stack.emulator.calls.count({ route: 'notion.listUsers', accountId: fixture.notion.id })).toBe(1);
  });
});
