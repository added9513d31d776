import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../src/config.js';
import { PROVIDERS } from '../../../src/providers/index.js';
import { createGatewaySecurity } from '../../../src/security/gateway-security.js';

const SECRET = 'sk_test_c29tZS1zZWNyZXQta2V5';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    parseConfig({ CLERK_SECRET_KEY: SECRET, ...env }, { providers: PROVIDERS });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('security settings', () => {
  it('has a default for every limit, from a secret key alone', () => {
    const { config, warnings } = parseConfig({ CLERK_SECRET_KEY: SECRET }, { providers: PROVIDERS });

    expect(warnings).toEqual([]);
    expect(config.security).toEqual({
      corsOrigins: null,
      maxBodyBytes: 102_400,
      maxAliases: 15,
      maxDepth: 10,
      maxTokens: 1_000,
      maxDirectives: 20,
      maxQueryCost: 100,
      costAccountsPerList: 5,
      userRateLimit: 120,
      userRateWindowMs: 60_000,
    });
  });

  it('reads every setting', () => {
    const { config } = parseConfig(
      {
        CLERK_SECRET_KEY: SECRET,
        GATEWAY_CORS_ORIGINS: 'https://app.example.com/, http://localhost:3000',
        GATEWAY_MAX_BODY_BYTES: '4096',
        GATEWAY_MAX_ALIASES: '3',
        GATEWAY_MAX_DEPTH: '7',
        GATEWAY_MAX_TOKENS: '500',
        GATEWAY_MAX_DIRECTIVES: '0',
        GATEWAY_MAX_QUERY_COST: '100',
        GATEWAY_COST_ACCOUNTS_PER_LIST: '2',
        GATEWAY_USER_RATE_LIMIT: '0',
        GATEWAY_USER_RATE_WINDOW_MS: '1000',
      },
      { providers: PROVIDERS },
    );

    expect(config.security).toEqual({
      corsOrigins: ['https://app.example.com', 'http://localhost:3000'],
      maxBodyBytes: 4_096,
      maxAliases: 3,
      maxDepth: 7,
      maxTokens: 500,
      maxDirectives: 0,
      maxQueryCost: 100,
      costAccountsPerList: 2,
      userRateLimit: 0,
      userRateWindowMs: 1_000,
    });
  });

  it.each([
    ['GATEWAY_CORS_ORIGINS', 'app.example.com'],
    ['GATEWAY_CORS_ORIGINS', ' , '],
    ['GATEWAY_CORS_ORIGINS', '*'],
    ['GATEWAY_MAX_BODY_BYTES', '100'],
    ['GATEWAY_MAX_BODY_BYTES', '100kb'],
    ['GATEWAY_MAX_ALIASES', '-1'],
    ['GATEWAY_MAX_DEPTH', '0'],
    ['GATEWAY_MAX_TOKENS', '50'],
    ['GATEWAY_MAX_QUERY_COST', '0'],
    ['GATEWAY_COST_ACCOUNTS_PER_LIST', '0'],
    ['GATEWAY_USER_RATE_LIMIT', 'many'],
    ['GATEWAY_USER_RATE_WINDOW_MS', '10'],
  ])('refuses %s=%j, naming it', (name, value) => {
    expect(problemsOf({ [name]: value })).toEqual([expect.stringMatching(new RegExp(`^${name}\\b`))]);
  });

  it('reports every bad security setting at once', () => {
    expect(problemsOf({ GATEWAY_MAX_ALIASES: 'x', GATEWAY_USER_RATE_LIMIT: 'y' })).toHaveLength(2);
  });
});

describe('createGatewaySecurity', () => {
  const security = (env: Record<string, string> = {}) =>
    createGatewaySecurity(
      parseConfig({ CLERK_SECRET_KEY: SECRET, ...env }, { providers: PROVIDERS }).config.security,
      {
        developerTools: false,
      },
    );

  it('lets any origin call without credentials when no origins are configured', () => {
    expect(security().cors).toMatchObject({ origin: '*', credentials: false });
  });

  it('lets only the configured origins call, with credentials', () => {
    expect(
      security({ GATEWAY_CORS_ORIGINS: 'https://a.example.com,https://b.example.com' }).cors,
    ).toMatchObject({
      origin: ['https://a.example.com', 'https://b.example.com'],
      credentials: true,
    });
  });

  it("turns Yoga's body limit off: the size-limit plugin bounds bodies (test/security/configured-limits)", () => {
    expect(security({ GATEWAY_MAX_BODY_BYTES: '2048' }).maxRequestBodySize).toBe(false);
  });

  it('adds no rate-limit plugin when the limit is 0', () => {
    expect(security({ GATEWAY_USER_RATE_LIMIT: '0' }).plugins.length).toBe(security().plugins.length - 1);
  });
});
