import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatedAccount, FaultSpec } from '../../src/emulator/index.js';
import { graphql } from '../gql/index.js';
import { type Stack, startStack } from '../support/stack.js';

const Everything = graphql(`
  query PartialFailure {
    me {
      id
      connectedAccounts {
        id
        githubRepos(first: 2) {
          edges {
            node {
              fullName
            }
          }
        }
        notionUsers(first: 2) {
          edges {
            node {
              name
            }
          }
        }
      }
    }
  }
`);

describe('a failing provider', () => {
  let stack: Stack;
  let token: string;
  let github: EmulatedAccount;
  let githubWork: EmulatedAccount;
  let notion: EmulatedAccount;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_UPSTREAM_TIMEOUT_MS: '1000' } });
    const { clerk } = stack.emulator;
    const user = clerk.createUser();
    github = clerk.connectAccount(user.id, { provider: 'github' });
    githubWork = clerk.connectAccount(user.id, { provider: 'github', label: 'Work' });
    notion = clerk.connectAccount(user.id, { provider: 'notion' });
    stack.emulator.github.setRepos(github.id, { count: 3 });
    stack.emulator.github.setRepos(githubWork.id, { count: 3 });
    stack.emulator.notion.setWorkspace(notion.id, { people: 3, bots: 0 });
    token = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
    await stack.query(Everything, {}, { token });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.faults.clear());

  const cases: {
    name: string;
    fault: Omit<FaultSpec, 'service' | 'accountId'>;
    expected: Record<string, unknown>;
  }[] = [
    {
      name: 'HTTP 500',
      fault: { status: 500, body: { message: 'Server Error' } },
      expected: { code: 'PROVIDER_ERROR' },
    },
    { name: 'HTTP 503', fault: { status: 503, body: 'unavailable' }, expected: { code: 'PROVIDER_ERROR' } },
    { name: 'a malformed body', fault: { malformedJson: true }, expected: { code: 'PROVIDER_ERROR' } },
    { name: 'a reset connection', fault: { reset: true }, expected: { code: 'PROVIDER_ERROR' } },
    { name: 'no answer', fault: { hang: true }, expected: { code: 'PROVIDER_TIMEOUT' } },
    {
      name: 'an unexpected shape',
      fault: { status: 200, body: { repositories: [] } },
      expected: { code: 'PROVIDER_ERROR' },
    },
    {
      name: 'an exhausted primary rate limit (403)',
      fault: {
        status: 403,
        body: { message: 'API rate limit exceeded for user ID 1.', status: '403' },
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 120),
        },
      },
      expected: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) },
    },
    {
      name: 'a secondary rate limit (429 with retry-after)',
      fault: {
        status: 429,
        body: { message: 'You have exceeded a secondary rate limit.' },
        headers: { 'retry-after': '42' },
      },
      expected: { code: 'RATE_LIMITED', retryAfter: 42 },
    },
  ];

  for (const { name, fault, expected } of cases) {
    it(`answers ${name} from GitHub with ${expected.code} for that account and data for the others`, async () => {
      stack.emulator.faults.inject({ service: 'github', accountId: github.id, ...fault });
      const response = await stack.query(Everything, {}, { token });
      expect(response.status).toBe(200);
      expect(response.body.errors).toEqual([
        expect.objectContaining({
          path: ['me', 'connectedAccounts', 0, 'githubRepos'],
          extensions: { ...expected, provider: 'github', accountId: github.id },
        }),
      ]);
      const [failed, work, notionAccount] = response.body.data?.me?.connectedAccounts ?? [];
      expect(failed?.githubRepos).toBeNull();
      expect(work?.githubRepos?.edges).toHaveLength(2);
      expect(notionAccount?.notionUsers?.edges).toHaveLength(2);
    });
  }

  it('reads a GitHub rate limit reset time into retryAfter seconds', async () => {
    const reset = Math.floor(Date.now() / 1000) + 120;
    stack.emulator.faults.inject({
      service: 'github',
      accountId: github.id,
      status: 403,
      body: { message: 'API rate limit exceeded' },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
    });
    const response = await stack.query(Everything, {}, { token });
    const retryAfter = Number(response.body.errors?.[0]?.extensions?.retryAfter);
    expect(retryAfter).toBeGreaterThan(110);
    expect(retryAfter).toBeLessThanOrEqual(121);
  });

  it("answers Notion's 429 with RATE_LIMITED and its Retry-After", async () => {
    stack.emulator.notion.rateLimit(notion.id, { retryAfterSeconds: 3 });
    const response = await stack.query(Everything, {}, { token });
    expect(response.body.errors?.map((error) => error.extensions)).toEqual([
      { code: 'RATE_LIMITED', retryAfter: 3, provider: 'notion', accountId: notion.id },
    ]);
  });

  it('answers a GitHub 403 without rate-limit signals as PROVIDER_ERROR, not RATE_LIMITED', async () => {
    stack.emulator.faults.inject({
      service: 'github',
      accountId: github.id,
      status: 403,
      body: { message: 'Resource protected by organization SAML enforcement.' },
    });
    const response = await stack.query(Everything, {}, { token });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('PROVIDER_ERROR');
  });

  it('never puts a token or key in a response or a log line', async () => {
    stack.emulator.faults.inject({ service: 'github', accountId: github.id, status: 500, body: 'boom' });
    stack.emulator.faults.inject({ service: 'notion', accountId: notion.id, hang: true });
    stack.emulator.clerk.revokeAtProvider(githubWork.id);
    const response = await stack.query(Everything, {}, { token });
    expect(response.body.errors).toHaveLength(3);
    const secrets = [
      token,
      stack.config.clerk.secretKey,
      ...[github, githubWork, notion].map((account) => stack.emulator.clerk.currentAccessToken(account.id)),
    ];
    const seen = `${JSON.stringify(response.body)}\n${stack.logs.join('\n')}`;
    expect(stack.logs.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(seen).not.toContain(secret);
  });
});
