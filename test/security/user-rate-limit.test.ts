/**
 * The per-user rate limit over real HTTP (its timing is unit-tested with a fake clock in
 * test/unit/security/rate-limit.test.ts): a user past the limit is answered `RATE_LIMITED` with HTTP 429
 * and `Retry-After`, before any Clerk or provider call, and nobody else is slowed down.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorCodes, type Stack, startStack } from '../support/stack.js';

const LIMIT = 3;
const QUERY = { query: '{ me { id connectedAccounts { githubRepos(first: 1) { edges { cursor } } } } }' };

describe('the per-user rate limit', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: { GATEWAY_USER_RATE_LIMIT: String(LIMIT), GATEWAY_USER_RATE_WINDOW_MS: '3600000' },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.calls.reset());

  function newUser(): string {
    const { clerk } = stack.emulator;
    const user = clerk.createUser();
    clerk.connectAccount(user.id, { provider: 'github' });
    return clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
  }

  it('answers RATE_LIMITED with HTTP 429 and Retry-After past the limit, without calling Clerk or a provider', async () => {
    const token = newUser();
    for (let n = 0; n < LIMIT; n++) {
      expect((await stack.post(QUERY, { token })).body.errors).toBeUndefined();
    }
    stack.emulator.calls.reset();

    const refused = await stack.post(QUERY, { token });

    expect(refused.status).toBe(429);
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    const retryAfter = refused.body.errors?.[0]?.extensions?.retryAfter;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('retry-after')).toBe(String(retryAfter));
    expect(refused.body.data ?? null).toBeNull();
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('does not slow down other users', async () => {
    const busy = newUser();
    for (let n = 0; n <= LIMIT; n++) await stack.post(QUERY, { token: busy });

    const other = newUser();
    for (let n = 0; n < LIMIT; n++) {
      expect((await stack.post(QUERY, { token: other })).body.errors).toBeUndefined();
    }
  });

  it('lets exactly the limit through when a user bursts concurrently', async () => {
    const token = newUser();
    const responses = await Promise.all(Array.from({ length: 12 }, () => stack.post(QUERY, { token })));
    const codes = responses.map((response) => errorCodes(response)[0] ?? 'OK');
    expect(codes.filter((code) => code === 'OK')).toHaveLength(LIMIT);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(12 - LIMIT);
  });

  it('does not count requests refused before they run, or requests without a session', async () => {
    const token = newUser();
    for (let n = 0; n < 5; n++) {
      const aliases = Array.from({ length: 16 }, (_, alias) => `a${alias}: id`).join(' ');
      const bomb = await stack.post({ query: `{ me { ${aliases} } }` }, { token });
      expect(errorCodes(bomb)).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await stack.post(QUERY))).toEqual(['UNAUTHENTICATED']);
    }
    for (let n = 0; n < LIMIT; n++) {
      expect((await stack.post(QUERY, { token })).body.errors).toBeUndefined();
    }
  });
});
