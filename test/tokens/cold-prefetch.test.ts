/**
 * A cold query in two round trips: for a user whose record is not cached, the tokens of the providers
 * whose fields the query selects are fetched alongside the user lookup, not after it. No call for
 * providers the query does not name, none for a warm user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../support/stack.js';

const CLERK_LATENCY_MS = 300;
const REPOS = '{ me { connectedAccounts { githubRepos(first: 2) { edges { node { name } } } } } }';

describe('tokens fetched ahead for a cold user', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
    stack.emulator.setLatency('clerk', CLERK_LATENCY_MS);
  });
  afterAll(async () => {
    stack.emulator.setLatency('clerk', 0);
    await stack.close();
  });

  function coldUser(providers: readonly ('github' | 'notion')[]) {
    const { clerk } = stack.emulator;
    const user = clerk.createUser();
    for (const provider of providers) {
      const account = clerk.connectAccount(user.id, { provider });
      if (provider === 'github') stack.emulator.github.setRepos(account.id, { count: 3 });
    }
    return { userId: user.id, token: clerk.signSessionToken(user.id, { expiresInSeconds: 600 }) };
  }
  const clerkCalls = (userId: string) => stack.emulator.calls.all().filter((call) => call.userId === userId);

  it("asks Clerk for the user and the query's provider tokens at once", async () => {
    const { userId, token } = coldUser(['github']);
    const response = await stack.post({ query: REPOS }, { token });
    expect(response.body.errors).toBeUndefined();
    const calls = clerkCalls(userId);
    expect(calls.map((call) => call.route).sort()).toEqual(['clerk.getOauthAccessTokens', 'clerk.getUser']);
    const [first, second] = calls.map((call) => call.at).sort((a, b) => a - b);
    // In a row they would arrive a Clerk round trip (300 ms) apart.
    expect((second ?? 0) - (first ?? 0)).toBeLessThan(CLERK_LATENCY_MS / 2);
  });

  it('fetches nothing ahead for a warm user, or for fields of no one provider', async () => {
    const { userId, token } = coldUser(['github']);
    await stack.post({ query: '{ me { id connectedAccounts { id profile { name } } } }' }, { token });
    // `profile` is every provider's: no token was fetched ahead, and the one `profile` needed came after.
    const cold = clerkCalls(userId);
    expect(cold.map((call) => call.route)).toEqual(['clerk.getUser', 'clerk.getOauthAccessTokens']);
    expect((cold[1]?.at ?? 0) - (cold[0]?.at ?? 0)).toBeGreaterThanOrEqual(CLERK_LATENCY_MS - 50);
    stack.emulator.calls.reset();
    await stack.post({ query: REPOS }, { token });
    expect(clerkCalls(userId)).toEqual([]);
  });

  it('spends one call on a provider the user has no account of, and answers as usual', async () => {
    const { userId, token } = coldUser(['github']);
    const response = await stack.post(
      { query: '{ me { connectedAccounts { provider notionUsers(first: 1) { edges { cursor } } } } }' },
      { token },
    );
    expect(response.body).toEqual({
      data: { me: { connectedAccounts: [{ provider: 'GITHUB', notionUsers: null }] } },
    });
    expect(
      clerkCalls(userId)
        .map((call) => call.route)
        .sort(),
    ).toEqual(['clerk.getOauthAccessTokens', 'clerk.getUser']);
    expect(clerkCalls(userId).find((call) => call.route === 'clerk.getOauthAccessTokens')?.path).toContain(
      'oauth_notion',
    );
  });
});
