import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../support/stack.js';

const QUERY = '{ me { connectedAccounts { githubRepos(first: 2) { edges { node { name } } } } } }';

describe('request logging', () => {
  let stack: Stack;
  let token: string;

  beforeAll(async () => {
    stack = await startStack();
    const user = stack.emulator.clerk.createUser();
    const account = stack.emulator.clerk.connectAccount(user.id, { provider: 'github' });
    stack.emulator.github.setRepos(account.id, { count: 3 });
    token = stack.emulator.clerk.signSessionToken(user.id);
  });
  afterAll(() => stack.close());

  const linesOf = (requestId: string) =>
    stack.logs
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.requestId === requestId);

  it("tags every line written while serving a request, provider calls included, with the caller's request id", async () => {
    const response = await stack.post({ query: QUERY }, { token, headers: { 'x-request-id': 'req-abc.1' } });
    expect(response.headers.get('x-request-id')).toBe('req-abc.1');
    const messages = linesOf('req-abc.1').map((line) => line.msg);
    expect(messages).toContain('provider call');
    expect(messages).toContain('request');
  });

  it('gives a request without a usable id a fresh one, and echoes it', async () => {
    const response = await stack.post(
      { query: QUERY },
      { token, headers: { 'x-request-id': 'no spaces <allowed>' } },
    );
    const requestId = response.headers.get('x-request-id') ?? '';
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(linesOf(requestId).map((line) => line.msg)).toContain('request');
  });

  it('keeps concurrent requests apart in the log', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `concurrent-${i}`);
    await Promise.all(
      ids.map((id) => stack.post({ query: QUERY }, { token, headers: { 'x-request-id': id } })),
    );
    for (const id of ids) {
      expect(linesOf(id).filter((line) => line.msg === 'request')).toHaveLength(1);
      expect(linesOf(id).filter((line) => line.msg === 'provider call')).toHaveLength(1);
    }
  });
});

describe('request logging at the default level (info)', () => {
  it('names the request on its line, with its status, and counts errors it masked', async () => {
    const stack = await startStack({ env: { GATEWAY_LOG_LEVEL: 'info' } });
    try {
      const user = stack.emulator.clerk.createUser();
      const account = stack.emulator.clerk.connectAccount(user.id, { provider: 'github' });
      stack.emulator.github.setRepos(account.id, { count: 3 });
      const token = stack.emulator.clerk.signSessionToken(user.id);
      const response = await stack.post(
        { query: QUERY },
        { token, headers: { 'x-request-id': 'req-info.1' } },
      );
      expect(response.headers.get('x-request-id')).toBe('req-info.1');
      const lines = stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
      const request = lines.filter((line) => line.msg === 'request');
      expect(request).toEqual([
        expect.objectContaining({ requestId: 'req-info.1', method: 'POST', path: '/graphql', status: 200 }),
      ]);
      expect(request[0]).not.toHaveProperty('unexpectedErrors');
      // Debug lines (provider calls) are not written at info.
      expect(lines.filter((line) => line.msg === 'provider call')).toEqual([]);
    } finally {
      await stack.close();
    }
  });
});
