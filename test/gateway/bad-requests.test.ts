import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, providerCalls, type Stack, startStack } from '../support/stack.js';

describe('requests that are wrong as sent', () => {
  let stack: Stack;
  let token: string;

  beforeAll(async () => {
    stack = await startStack();
    const user = stack.emulator.clerk.createUser();
    stack.emulator.clerk.connectAccount(user.id, { provider: 'github' });
    token = stack.emulator.clerk.signSessionToken(user.id);
  });
  afterAll(() => stack.close());

  const cases: [string, unknown, string][] = [
    ['a query that does not parse', { query: '{ me { ' }, 'GRAPHQL_PARSE_FAILED'],
    ['a field that does not exist', { query: '{ me { password } }' }, 'GRAPHQL_VALIDATION_FAILED'],
    [
      'an argument of the wrong type',
      { query: '{ me { connectedAccounts { githubRepos(first: "ten") { edges { cursor } } } } }' },
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'a variable of the wrong type',
      {
        query:
          'query Q($n: Int) { me { connectedAccounts { githubRepos(first: $n) { edges { cursor } } } } }',
        variables: { n: 'ten' },
      },
      '',
    ],
    ['a body that is not JSON', '{"query": "{ me { id } }"', 'BAD_REQUEST'],
    ['a batch of operations', [{ query: '{ me { id } }' }, { query: '{ me { id } }' }], 'BAD_REQUEST'],
  ];

  for (const [what, body, reason] of cases) {
    it(`answers ${what} with BAD_USER_INPUT and calls no provider`, async () => {
      stack.emulator.calls.reset();
      const response = await stack.post(body, { token });
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.body.errors?.[0]?.extensions?.reason).toBe(reason || undefined);
      expect(stack.emulator.calls.count()).toBe(0);
      expect(providerCalls(stack.emulator)).toBe(0);
    });
  }

  it('does not quote a malformed body back', async () => {
    const response = await stack.post('{"query": "{ me { id } }", "variables": {"secret": "hunter2"', {
      token,
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).not.toContain('hunter2');
  });
});
