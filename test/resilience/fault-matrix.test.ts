/**
 * The fault matrix: every failure of a provider or of Clerk that the gateway must contain, each against
 * a user with two GitHub accounts and a Notion workspace. For each: the documented code (with
 * `provider`, `accountId`, `retryAfter`), data for the accounts that did not fail, an answer within the
 * operation's deadline, and no token or secret key in the response or in any log line.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatedAccount, FaultSpec } from '../../src/emulator/index.js';
import { errorCodes, type Stack, startStack } from '../support/stack.js';
import {
  AllAccounts,
  accountsWithData,
  expectNoSecrets,
  type Fixture,
  newUser,
  noteTokens,
  timed,
} from './fixtures.js';

const UPSTREAM_TIMEOUT_MS = 500;
const OPERATION_TIMEOUT_MS = 2_000;
/** Scheduling, the emulator and the test's own HTTP round trip; a correctness bound, not a benchmark. */
const SLACK_MS = 1_000;
const MAX_BODY_BYTES = 64 * 1024;

type ProviderId = 'github' | 'notion';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    env: {
      GATEWAY_UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
      GATEWAY_OPERATION_TIMEOUT_MS: String(OPERATION_TIMEOUT_MS),
      GATEWAY_RETRY_BUDGET_MS: '1200',
      // The circuit breaker has tests of its own; here every fault must reach the provider.
      GATEWAY_CIRCUIT_FAILURE_THRESHOLD: '1000',
      GATEWAY_MAX_UPSTREAM_BODY_BYTES: String(MAX_BODY_BYTES),
    },
  });
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.emulator.faults.clear();
  stack.emulator.calls.reset();
});

function accountOf(fixture: Fixture, provider: ProviderId): EmulatedAccount {
  return provider === 'github' ? fixture.github : fixture.notion;
}

function fieldOf(provider: ProviderId): 'githubRepos' | 'notionUsers' {
  return provider === 'github' ? 'githubRepos' : 'notionUsers';
}

/** The error body each provider sends ("Errors" in docs/providers.md#github and docs/providers.md#notion). */
function errorBody(provider: ProviderId, status: number, message: string, code = 'object_not_found') {
  return provider === 'github'
    ? { message, documentation_url: 'https://docs.github.com/rest', status: String(status) }
    : { object: 'error', status, code, message, request_id: '4b3e1c9a-0000-4000-8000-000000000000' };
}

interface ProviderCase {
  readonly name: string;
  readonly providers: readonly ProviderId[];
  readonly arrange: (fixture: Fixture, provider: ProviderId, account: EmulatedAccount) => void;
  readonly expected: { readonly code: string; readonly retryAfter?: unknown };
}

const inject = (
  provider: ProviderId,
  account: EmulatedAccount,
  spec: Omit<FaultSpec, 'service' | 'accountId'>,
) => stack.emulator.faults.inject({ service: provider, accountId: account.id, ...spec });

const providerCases: readonly ProviderCase[] = [
  {
    name: 'a revoked token (401, and 401 again with a fresh one)',
    providers: ['github', 'notion'],
    arrange: (_fixture, _provider, account) => stack.emulator.clerk.revokeAtProvider(account.id),
    expected: { code: 'REAUTH_REQUIRED' },
  },
  {
    name: 'a 403 for missing permissions, without a rate-limit signal',
    providers: ['github'],
    arrange: (_fixture, provider, account) =>
      inject(provider, account, {
        status: 403,
        body: errorBody(provider, 403, 'Resource not accessible by integration'),
        // GitHub sends its rate-limit headers on every answer: here they say nothing is exhausted.
        headers: {
          'x-ratelimit-remaining': '4999',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        },
      }),
    expected: { code: 'PROVIDER_ERROR' },
  },
  {
    name: 'a 403 restricted_resource (no user-information capability)',
    providers: ['notion'],
    arrange: (_fixture, _provider, account) =>
      stack.emulator.notion.setWorkspace(account.id, { people: 3, bots: 0 }, { userInformation: 'none' }),
    expected: { code: 'PROVIDER_ERROR' },
  },
  {
    name: 'a 403 exhausted rate limit (x-ratelimit-remaining: 0)',
    providers: ['github'],
    arrange: (_fixture, _provider, account) => stack.emulator.github.setRateLimitRemaining(account.id, 0),
    expected: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) },
  },
  {
    name: 'a 404',
    providers: ['github', 'notion'],
    arrange: (_fixture, provider, account) =>
      inject(provider, account, { status: 404, body: errorBody(provider, 404, 'Not Found') }),
    expected: { code: 'PROVIDER_ERROR' },
  },
  {
    name: 'a 429 with Retry-After beyond the retry budget',
    providers: ['github'],
    arrange: (_fixture, provider, account) =>
      inject(provider, account, {
        status: 429,
        body: errorBody(provider, 429, 'You have exceeded a secondary rate limit.'),
        headers: { 'retry-after': '42' },
      }),
    expected: { code: 'RATE_LIMITED', retryAfter: 42 },
  },
  {
    name: 'a 429 with Retry-After beyond the retry budget',
    providers: ['notion'],
    arrange: (_fixture, _provider, account) =>
      stack.emulator.notion.rateLimit(account.id, { retryAfterSeconds: 30, times: 10 }),
    expected: { code: 'RATE_LIMITED', retryAfter: 30 },
  },
  {
    name: 'a 500',
    providers: ['github', 'notion'],
    arrange: (_fixture, provider, account) =>
      inject(provider, account, {
        status: 500,
        body: errorBody(provider, 500, 'Server Error', 'internal_server_error'),
      }),
    expected: { code: 'PROVIDER_ERROR' },
  },
  {
    name: 'a 503, every time (retried, then given up)',
    providers: ['github', 'notion'],
    arrange: (_fixture, provider, account) =>
      inject(provider, account, {
        status: 503,
        body: errorBody(provider, 503, 'Service unavailable', 'service_unavailable'),
      }),
    expected: { code: 'PROVIDER_ERROR' },
  },
  {
    name: 'no answer at all',
    providers: ['github', 'notion'],
    arrange: (_fixture, provider, account) => inject(provider, account, { hang: true }),
    expected: { code: 'PROVIDER_TIMEOUT' },
  },
  {
    name: 'a reset connection, every time',
    providers: ['github', 'notion'],
    arrange: (_fixture, provider, account) => inject(provider, account, { reset: true }),
    expected: { code: 'PROVIDER_ERROR' },
  },
  {
    name: 'malformed JSON',
    providers: ['github', 'notion'],
    arrange: (_fixture, provider, account) => inject(provider, account, { malformedJson: true }),
    expected: { code: 'PROVIDER_ERROR' },
  },
  {
    name: 'a body over the size cap',
    providers: ['github', 'notion'],
    arrange: (_fixture, provider, account) =>
      inject(provider, account, { status: 200, body: { padding: 'x'.repeat(2 * MAX_BODY_BYTES) } }),
    expected: { code: 'PROVIDER_ERROR' },
  },
];

describe('a failing provider', () => {
  for (const testCase of providerCases) {
    for (const provider of testCase.providers) {
      it(`answers ${testCase.name} from ${provider} with ${testCase.expected.code}, in time, data for the others and no secret`, async () => {
        const fixture = newUser(stack);
        const account = accountOf(fixture, provider);
        testCase.arrange(fixture, provider, account);
        const fromLine = stack.logs.length;

        const { result: response, elapsedMs } = await timed(() =>
          stack.query(AllAccounts, {}, { token: fixture.token }),
        );

        expect(response.status).toBe(200);
        const index = [fixture.github, fixture.githubWork, fixture.notion].indexOf(account);
        expect(response.body.errors).toEqual([
          expect.objectContaining({
            path: ['me', 'connectedAccounts', index, fieldOf(provider)],
            extensions: { ...testCase.expected, provider, accountId: account.id },
          }),
        ]);
        const others = [fixture.github, fixture.githubWork, fixture.notion].filter(
          (candidate) => candidate !== account,
        );
        expect(accountsWithData(response)).toEqual(others.map((other) => other.id));
        expect(elapsedMs).toBeLessThan(OPERATION_TIMEOUT_MS + SLACK_MS);
        expectNoSecrets(stack, fixture, response, fromLine);
      });
    }
  }
});

describe('a failing provider that recovers within the retry budget', () => {
  const transient: { name: string; spec: Omit<FaultSpec, 'service' | 'accountId'> }[] = [
    { name: 'a 503', spec: { status: 503, body: { message: 'Service unavailable' }, times: 1 } },
    { name: 'a 502', spec: { status: 502, body: 'Bad gateway', times: 1 } },
    { name: 'a reset connection', spec: { reset: true, times: 1 } },
  ];
  for (const { name, spec } of transient) {
    it(`answers with data after ${name} on the first try`, async () => {
      const fixture = newUser(stack);
      inject('github', fixture.github, spec);

      const response = await stack.query(AllAccounts, {}, { token: fixture.token });

      expect(response.body.errors).toBeUndefined();
      expect(accountsWithData(response)).toHaveLength(3);
      expect(stack.emulator.calls.count({ route: 'github.listRepos', accountId: fixture.github.id })).toBe(2);
    });
  }

  it('waits out a short Retry-After and answers with data', async () => {
    const fixture = newUser(stack);
    stack.emulator.notion.rateLimit(fixture.notion.id, { retryAfterSeconds: 1, times: 1 });

    const { result: response, elapsedMs } = await timed(() =>
      stack.query(AllAccounts, {}, { token: fixture.token }),
    );

    expect(response.body.errors).toBeUndefined();
    expect(accountsWithData(response)).toHaveLength(3);
    expect(elapsedMs).toBeGreaterThanOrEqual(1_000);
    expect(stack.emulator.calls.count({ route: 'notion.listUsers', accountId: fixture.notion.id })).toBe(2);
  });

  it('does not retry a 500', async () => {
    const fixture = newUser(stack);
    inject('github', fixture.github, { status: 500, body: { message: 'Server Error' }, times: 1 });

    const response = await stack.query(AllAccounts, {}, { token: fixture.token });

    expect(errorCodes(response)).toEqual(['PROVIDER_ERROR']);
    expect(stack.emulator.calls.count({ route: 'github.listRepos', accountId: fixture.github.id })).toBe(1);
  });
});

interface ClerkCase {
  readonly name: string;
  readonly arrange: (fixture: Fixture) => void;
  readonly expected: { readonly code: string; readonly retryAfter?: number };
}

/** Faults on `users.getUser`: the whole `me` fails, since nothing is known of the user. */
const clerkUserCases: readonly ClerkCase[] = [
  {
    name: '404 (the user no longer exists)',
    arrange: ({ user }) =>
      stack.emulator.clerk.failNext({
        route: 'clerk.getUser',
        userId: user.id,
        status: 404,
        code: 'resource_not_found',
      }),
    expected: { code: 'UNAUTHENTICATED' },
  },
  {
    name: '429 beyond the retry budget',
    arrange: ({ user }) =>
      stack.emulator.clerk.failNext({
        route: 'clerk.getUser',
        userId: user.id,
        status: 429,
        code: 'too_many_requests',
        retryAfterSeconds: 30,
      }),
    expected: { code: 'RATE_LIMITED', retryAfter: 30 },
  },
  {
    name: '500',
    arrange: ({ user }) =>
      stack.emulator.clerk.failNext({
        route: 'clerk.getUser',
        userId: user.id,
        status: 500,
        code: 'internal_clerk_error',
      }),
    expected: { code: 'CLERK_UNAVAILABLE' },
  },
  {
    name: 'no answer at all',
    arrange: ({ user }) =>
      stack.emulator.faults.inject({ service: 'clerk', route: 'clerk.getUser', userId: user.id, hang: true }),
    expected: { code: 'CLERK_UNAVAILABLE' },
  },
];

/** Faults on `getUserOauthAccessToken`: only the accounts of the provider whose tokens failed. */
const clerkTokenCases: readonly ClerkCase[] = [
  {
    name: '404 oauth_token_provider_not_enabled',
    arrange: ({ user }) =>
      stack.emulator.clerk.failNext({
        route: 'clerk.getOauthAccessTokens',
        userId: user.id,
        status: 404,
        code: 'oauth_token_provider_not_enabled',
      }),
    expected: { code: 'REAUTH_REQUIRED' },
  },
  {
    name: '400 oauth_token_retrieval_error',
    arrange: ({ user }) =>
      stack.emulator.clerk.failNext({
        route: 'clerk.getOauthAccessTokens',
        userId: user.id,
        status: 400,
        code: 'oauth_token_retrieval_error',
      }),
    expected: { code: 'REAUTH_REQUIRED' },
  },
  {
    name: '422 oauth_missing_refresh_token',
    arrange: ({ user }) =>
      stack.emulator.clerk.failNext({
        route: 'clerk.getOauthAccessTokens',
        userId: user.id,
        status: 422,
        code: 'oauth_missing_refresh_token',
      }),
    expected: { code: 'REAUTH_REQUIRED' },
  },
  {
    name: '429 beyond the retry budget',
    arrange: ({ user }) =>
      stack.emulator.clerk.failNext({
        route: 'clerk.getOauthAccessTokens',
        userId: user.id,
        status: 429,
        code: 'too_many_requests',
        retryAfterSeconds: 30,
      }),
    expected: { code: 'RATE_LIMITED', retryAfter: 30 },
  },
  {
    name: '500',
    arrange: ({ user }) =>
      stack.emulator.clerk.failNext({
        route: 'clerk.getOauthAccessTokens',
        userId: user.id,
        status: 500,
        code: 'internal_clerk_error',
      }),
    expected: { code: 'CLERK_UNAVAILABLE' },
  },
  {
    name: 'no answer at all',
    arrange: ({ user }) =>
      stack.emulator.faults.inject({
        service: 'clerk',
        route: 'clerk.getOauthAccessTokens',
        userId: user.id,
        hang: true,
        times: 1,
      }),
    expected: { code: 'CLERK_UNAVAILABLE' },
  },
];

describe('a failing Clerk', () => {
  for (const testCase of clerkUserCases) {
    it(`answers getUser ${testCase.name} with ${testCase.expected.code} on me, in time and with no secret`, async () => {
      const fixture = newUser(stack);
      testCase.arrange(fixture);
      const fromLine = stack.logs.length;

      const { result: response, elapsedMs } = await timed(() =>
        stack.query(AllAccounts, {}, { token: fixture.token }),
      );

      expect(response.body.errors?.map((error) => ({ path: error.path, ...error.extensions }))).toEqual([
        expect.objectContaining({ path: ['me'], ...testCase.expected }),
      ]);
      expect(response.body.data?.me ?? null).toBeNull();
      expect(elapsedMs).toBeLessThan(OPERATION_TIMEOUT_MS + SLACK_MS);
      expectNoSecrets(stack, fixture, response, fromLine);
    });
  }

  for (const testCase of clerkTokenCases) {
    it(`answers getUserOauthAccessToken ${testCase.name} with ${testCase.expected.code} for that provider's accounts only`, async () => {
      const fixture = newUser(stack);
      testCase.arrange(fixture);
      const fromLine = stack.logs.length;

      const { result: response, elapsedMs } = await timed(() =>
        stack.query(AllAccounts, {}, { token: fixture.token }),
      );

      // The user's GitHub and Notion token calls run in parallel: whichever came first failed.
      const failedProvider = response.body.errors?.[0]?.extensions?.provider;
      expect(['github', 'notion']).toContain(failedProvider);
      const failed = failedProvider === 'github' ? [fixture.github, fixture.githubWork] : [fixture.notion];
      const extensions = (response.body.errors ?? []).map((error) => error.extensions);
      expect(extensions).toHaveLength(failed.length);
      for (const account of failed) {
        expect(extensions).toContainEqual({
          ...testCase.expected,
          provider: failedProvider,
          accountId: account.id,
        });
      }
      const others = [fixture.github, fixture.githubWork, fixture.notion].filter(
        (account) => !failed.includes(account),
      );
      expect(accountsWithData(response)).toEqual(others.map((account) => account.id));
      expect(elapsedMs).toBeLessThan(OPERATION_TIMEOUT_MS + SLACK_MS);
      expectNoSecrets(stack, fixture, response, fromLine);
    });
  }

  it('retries a 429 whose Retry-After fits the budget, and answers with data', async () => {
    const fixture = newUser(stack);
    stack.emulator.clerk.failNext({
      route: 'clerk.getOauthAccessTokens',
      userId: fixture.user.id,
      status: 429,
      code: 'too_many_requests',
      retryAfterSeconds: 1,
    });

    const { result: response, elapsedMs } = await timed(() =>
      stack.query(AllAccounts, {}, { token: fixture.token }),
    );

    expect(response.body.errors).toBeUndefined();
    expect(accountsWithData(response)).toHaveLength(3);
    expect(elapsedMs).toBeGreaterThanOrEqual(1_000);
    expect(stack.emulator.calls.count({ route: 'clerk.getOauthAccessTokens', userId: fixture.user.id })).toBe(
      3,
    );
  });

  it('retries a 503 and answers with data', async () => {
    const fixture = newUser(stack);
    stack.emulator.clerk.failNext({
      route: 'clerk.getUser',
      userId: fixture.user.id,
      status: 503,
      code: 'service_unavailable',
    });

    const response = await stack.query(AllAccounts, {}, { token: fixture.token });

    expect(response.body.errors).toBeUndefined();
    expect(stack.emulator.calls.count({ route: 'clerk.getUser', userId: fixture.user.id })).toBe(2);
    noteTokens(stack, fixture);
  });
});
