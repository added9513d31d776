import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatedAccount, EmulatedUser } from '../../src/emulator/index.js';
import { graphql } from '../gql/index.js';
import { type Stack, startStack } from '../support/stack.js';

const Everything = graphql(`
  query TokenLifecycle {
    me {
      connectedAccounts {
        id
        githubRepos(first: 3) {
          edges {
            node {
              fullName
            }
          }
        }
        notionUsers(first: 3) {
          edges {
            node {
              id
            }
          }
        }
      }
    }
  }
`);

interface Fixture {
  user: EmulatedUser;
  github: EmulatedAccount;
  githubWork: EmulatedAccount;
  notion: EmulatedAccount;
  token: string;
}

describe('the token broker against Clerk', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.calls.reset());

  /** A fresh user (so nothing is cached) with two GitHub accounts and a Notion account. */
  function newUser(
    tokens: { lifetimeSeconds?: number | null; unit?: 'seconds' | 'milliseconds' } = {},
  ): Fixture {
    const { clerk, github, notion } = stack.emulator;
    const user = clerk.createUser();
    const options = {
      ...(tokens.lifetimeSeconds !== undefined ? { tokenLifetimeSeconds: tokens.lifetimeSeconds } : {}),
      ...(tokens.unit ? { expiresAtUnit: tokens.unit } : {}),
    };
    const fixture = {
      user,
      github: clerk.connectAccount(user.id, { provider: 'github', ...options }),
      githubWork: clerk.connectAccount(user.id, { provider: 'github', label: 'Work', ...options }),
      notion: clerk.connectAccount(user.id, { provider: 'notion', ...options }),
      token: clerk.signSessionToken(user.id, { expiresInSeconds: 3600 }),
    };
    github.setRepos(fixture.github.id, { count: 4 });
    github.setRepos(fixture.githubWork.id, { count: 5 });
    notion.setWorkspace(fixture.notion.id, { people: 3, bots: 1 });
    return fixture;
  }

  const clerkCalls = (userId: string) => ({
    getUser: stack.emulator.calls.count({ route: 'clerk.getUser', userId }),
    tokens: stack.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId }),
  });

  it('makes one Clerk token call per provider for a cold query, and none for a warm one', async () => {
    const { user, token } = newUser();
    const cold = await stack.query(Everything, {}, { token });
    expect(cold.body.errors).toBeUndefined();
    expect(clerkCalls(user.id)).toEqual({ getUser: 1, tokens: 2 });

    stack.emulator.calls.reset();
    const warm = await stack.query(Everything, {}, { token });
    expect(warm.body).toEqual(cold.body);
    expect(clerkCalls(user.id)).toEqual({ getUser: 0, tokens: 0 });
    expect(stack.emulator.calls.count({ service: 'github' })).toBe(2);
    expect(stack.emulator.calls.count({ service: 'notion' })).toBe(1);
  });

  it('shares one in-flight Clerk call among concurrent cold requests', async () => {
    const { user, token } = newUser();
    stack.emulator.setLatency('clerk', 50);
    try {
      const responses = await Promise.all(
        Array.from({ length: 12 }, () => stack.query(Everything, {}, { token })),
      );
      expect(responses.every((response) => response.body.errors === undefined)).toBe(true);
    } finally {
      stack.emulator.setLatency('clerk', 0);
    }
    expect(clerkCalls(user.id)).toEqual({ getUser: 1, tokens: 2 });
  });

  for (const unit of ['seconds', 'milliseconds'] as const) {
    it(`reads expires_at in ${unit} and does not cache a token about to expire`, async () => {
      // 30 s left is inside the default 60 s safety margin: use it, but ask Clerk again next time.
      const shortLived = newUser({ lifetimeSeconds: 30, unit });
      await stack.query(Everything, {}, { token: shortLived.token });
      await stack.query(Everything, {}, { token: shortLived.token });
      expect(clerkCalls(shortLived.user.id).tokens).toBe(4);

      const longLived = newUser({ lifetimeSeconds: 3600, unit });
      await stack.query(Everything, {}, { token: longLived.token });
      await stack.query(Everything, {}, { token: longLived.token });
      expect(clerkCalls(longLived.user.id).tokens).toBe(2);
    });
  }

  it('caches a token without expiry (expires_at: null)', async () => {
    const { user, token } = newUser({ lifetimeSeconds: null });
    await stack.query(Everything, {}, { token });
    await stack.query(Everything, {}, { token });
    expect(clerkCalls(user.id).tokens).toBe(2);
  });

  it('refreshes a token the provider rejects as expired, once, and answers with data', async () => {
    const fixture = newUser();
    await stack.query(Everything, {}, { token: fixture.token });
    const before = stack.emulator.clerk.currentAccessToken(fixture.github.id);
    stack.emulator.clerk.expireAccessToken(fixture.github.id);
    stack.emulator.calls.reset();

    const response = await stack.query(Everything, {}, { token: fixture.token });
    expect(response.body.errors).toBeUndefined();
    expect(stack.emulator.clerk.currentAccessToken(fixture.github.id)).not.toBe(before);
    expect(clerkCalls(fixture.user.id).tokens).toBe(1);
    expect(stack.emulator.calls.count({ route: 'github.listRepos', accountId: fixture.github.id })).toBe(2);

    stack.emulator.calls.reset();
    await stack.query(Everything, {}, { token: fixture.token });
    expect(clerkCalls(fixture.user.id).tokens).toBe(0);
  });

  it('answers REAUTH_REQUIRED when the provider still refuses the fresh token, and keeps the other accounts', async () => {
    const fixture = newUser();
    await stack.query(Everything, {}, { token: fixture.token });
    stack.emulator.clerk.revokeAtProvider(fixture.github.id);
    stack.emulator.calls.reset();

    const response = await stack.query(Everything, {}, { token: fixture.token });
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        path: ['me', 'connectedAccounts', 0, 'githubRepos'],
        extensions: { code: 'REAUTH_REQUIRED', provider: 'github', accountId: fixture.github.id },
      }),
    ]);
    const [github, githubWork, notion] = response.body.data?.me?.connectedAccounts ?? [];
    expect(github?.githubRepos).toBeNull();
    expect(githubWork?.githubRepos?.edges).toHaveLength(3);
    expect(notion?.notionUsers?.edges).toHaveLength(3);
    // One refused call, one fresh token from Clerk: no retry loop.
    expect(clerkCalls(fixture.user.id).tokens).toBe(1);
    expect(stack.emulator.calls.count({ route: 'github.listRepos', accountId: fixture.github.id })).toBe(1);
  });

  const clerkFailures = [
    { status: 400, code: 'oauth_token_retrieval_error', expected: { code: 'REAUTH_REQUIRED' } },
    { status: 422, code: 'oauth_missing_refresh_token', expected: { code: 'REAUTH_REQUIRED' } },
    {
      status: 429,
      code: 'too_many_requests',
      retryAfterSeconds: 7,
      expected: { code: 'RATE_LIMITED', retryAfter: 7 },
    },
    { status: 500, code: 'internal_clerk_error', expected: { code: 'CLERK_UNAVAILABLE' } },
  ];
  for (const failure of clerkFailures) {
    it(`maps Clerk's ${failure.status} ${failure.code} to ${failure.expected.code} for that provider only`, async () => {
      const fixture = newUser();
      const { expected, ...spec } = failure;
      // The GitHub token call fails; the Notion one, made in parallel, does not.
      stack.emulator.clerk.failNext({
        route: 'clerk.getOauthAccessTokens',
        userId: fixture.user.id,
        ...spec,
      });
      const response = await stack.query(Everything, {}, { token: fixture.token });
      const codes: Record<string, unknown>[] = (response.body.errors ?? []).map((error) => ({
        ...error.extensions,
      }));
      const failedProvider = codes[0]?.provider;
      expect(['github', 'notion']).toContain(failedProvider);
      const failedAccounts =
        failedProvider === 'github' ? [fixture.github, fixture.githubWork] : [fixture.notion];
      expect(codes).toHaveLength(failedAccounts.length);
      for (const account of failedAccounts) {
        expect(codes).toContainEqual(
          expect.objectContaining({ ...expected, provider: failedProvider, accountId: account.id }),
        );
      }
      const accounts = response.body.data?.me?.connectedAccounts ?? [];
      expect(
        accounts.filter((account) => account.githubRepos !== null || account.notionUsers !== null),
      ).toHaveLength(3 - failedAccounts.length);
    });
  }

  it('answers REAUTH_REQUIRED when Clerk cannot refresh an expired token', async () => {
    const fixture = newUser();
    stack.emulator.clerk.revokeGrant(fixture.notion.id);
    stack.emulator.clerk.expireAccessToken(fixture.notion.id);
    const response = await stack.query(Everything, {}, { token: fixture.token });
    expect(response.body.errors?.map((error) => error.extensions)).toEqual([
      { code: 'REAUTH_REQUIRED', provider: 'notion', accountId: fixture.notion.id },
    ]);
  });
});
