import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  defineConfig,
  type GatewayConfigInput,
  type ProviderSettings,
  parseConfig,
} from '../../src/config.js';
import { PROVIDERS } from '../../src/providers/index.js';

const SECRET = 'sk_test_c29tZS1zZWNyZXQta2V5';
const RSA_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

/** The `ConfigError` parsing throws, or a failure when it does not throw one. */
function configErrorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env, { providers: PROVIDERS });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('fills every default from a secret key alone', () => {
    const { config, warnings } = parseConfig({ CLERK_SECRET_KEY: SECRET }, { providers: PROVIDERS });

    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      port: 4000,
      host: '0.0.0.0',
      clerk: {
        secretKey: SECRET,
        publishableKey: null,
        jwtKey: null,
        apiUrl: 'https://api.clerk.com',
        authorizedParties: null,
      },
      redisUrl: null,
      userCacheTtlMs: 30_000,
      tokenExpiryMarginMs: 60_000,
      tokenUnknownExpiryTtlMs: 300_000,
      cacheMaxEntries: 50_000,
      upstreamTimeoutMs: 10_000,
      cursorSecret: null,
      graphiql: false,
      logLevel: 'info',
    });
  });

  it("uses each provider's public API by default and none for a provider without one", () => {
    const { config } = parseConfig({ CLERK_SECRET_KEY: SECRET }, { providers: PROVIDERS });

    expect(config.providerApiUrls.github).toBe('https://api.github.com');
    expect(config.providerApiUrls.notion).toBe('https://api.notion.com');
    expect(config.providerApiUrls).not.toHaveProperty('apple');
  });

  it('reports every problem at once in one ConfigError', () => {
    const error = configErrorOf({ PORT: 'abc', CLERK_API_URL: 'not a url', CLERK_JWT_KEY: 'garbage' });

    expect(error.problems).toHaveLength(4);
    for (const name of ['CLERK_SECRET_KEY', 'PORT', 'CLERK_API_URL', 'CLERK_JWT_KEY']) {
      expect(error.problems.some((problem) => problem.startsWith(`${name} `))).toBe(true);
      expect(error.message).toContain(name);
    }
  });

  it('points to the sandbox in its message', () => {
    const error = configErrorOf({});

    expect(error.message).toContain('npm run dev');
  });

  it('does not repeat the secret key it refuses', () => {
    const error = configErrorOf({ CLERK_SECRET_KEY: 'pk_test_not-a-secret-key' });

    expect(error.problems).toHaveLength(1);
    expect(error.message).toContain('CLERK_SECRET_KEY');
    expect(error.message).not.toContain('pk_test_not-a-secret-key');
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['CLERK_PUBLISHABLE_KEY', 'sk_test_wrong-kind'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['GITHUB_API_URL', 'ftp://files.example.com'],
    ['GATEWAY_CACHE_MAX_ENTRIES', '10'],
    ['GATEWAY_CURSOR_SECRET', 'too-short'],
    ['GATEWAY_GRAPHIQL', 'yes'],
    ['GATEWAY_LOG_LEVEL', 'verbose'],
  ])('refuses %s=%s', (name, value) => {
    const error = configErrorOf({ CLERK_SECRET_KEY: SECRET, [name]: value });

    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(new RegExp(`^${name}\\b`));
  });

  it('accepts a PEM key pasted with literal \\n sequences', () => {
    const pasted = RSA_PEM.replace(/\n/g, '\\n');

    const { config } = parseConfig(
      { CLERK_SECRET_KEY: SECRET, CLERK_JWT_KEY: pasted },
      { providers: PROVIDERS },
    );

    expect(config.clerk.jwtKey).toBe(RSA_PEM.trim());
  });

  it('accepts a PEM key with real newlines', () => {
    const { config } = parseConfig(
      { CLERK_SECRET_KEY: SECRET, CLERK_JWT_KEY: RSA_PEM },
      { providers: PROVIDERS },
    );

    expect(config.clerk.jwtKey).toBe(RSA_PEM.trim());
  });

  it('refuses a public key that is not RSA', () => {
    const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();

    const error = configErrorOf({ CLERK_SECRET_KEY: SECRET, CLERK_JWT_KEY: ecPem });

    expect(error.problems).toEqual([expect.stringMatching(/^CLERK_JWT_KEY /)]);
  });

  it.each(['0x10', '1e3', ' ', '80.5', '-1'])('refuses PORT=%j, which is not plain digits', (port) => {
    const error = configErrorOf({ CLERK_SECRET_KEY: SECRET, PORT: port });
    expect(error.problems).toEqual([expect.stringMatching(/^PORT/)]);
  });

  it('splits the authorized parties and normalizes each to its origin', () => {
    const { config } = parseConfig(
      {
        CLERK_SECRET_KEY: SECRET,
        CLERK_AUTHORIZED_PARTIES:
          ' https://app.example.com/dashboard?tab=1 ,http://localhost:3000/, https://admin.example.com:443 ,',
      },
      { providers: PROVIDERS },
    );

    expect(config.clerk.authorizedParties).toEqual([
      'https://app.example.com',
      'http://localhost:3000',
      'https://admin.example.com',
    ]);
  });

  it('refuses an authorized party that is not a URL', () => {
    const error = configErrorOf({
      CLERK_SECRET_KEY: SECRET,
      CLERK_AUTHORIZED_PARTIES: 'https://app.example.com, app.example.com',
    });

    expect(error.problems).toEqual([expect.stringMatching(/^CLERK_AUTHORIZED_PARTIES/)]);
  });

  // Bug: `localhost:3000` parses as a URL with the scheme `localhost:`, whose origin is the string "null",
  // so the gateway starts with authorizedParties ['null'] and refuses every session token.
  it('refuses an authorized party whose origin is opaque', () => {
    const error = configErrorOf({ CLERK_SECRET_KEY: SECRET, CLERK_AUTHORIZED_PARTIES: 'localhost:3000' });

    expect(error.problems).toEqual([expect.stringMatching(/^CLERK_AUTHORIZED_PARTIES/)]);
  });

  it('refuses a list of authorized parties with no origin in it', () => {
    const error = configErrorOf({ CLERK_SECRET_KEY: SECRET, CLERK_AUTHORIZED_PARTIES: ' , ,' });

    expect(error.problems).toEqual([expect.stringMatching(/^CLERK_AUTHORIZED_PARTIES/)]);
  });

  it("overrides a provider's API URL and trims its trailing slash", () => {
    const { config } = parseConfig(
      {
        CLERK_SECRET_KEY: SECRET,
        GITHUB_API_URL: 'http://127.0.0.1:4010/github/',
        LINKEDIN_OIDC_API_URL: 'https://linkedin.internal.example//',
      },
      { providers: PROVIDERS },
    );

    expect(config.providerApiUrls.github).toBe('http://127.0.0.1:4010/github');
    expect(config.providerApiUrls.linkedin_oidc).toBe('https://linkedin.internal.example');
    expect(config.providerApiUrls.notion).toBe('https://api.notion.com');
  });

  it('trims the trailing slash of the Clerk API URL', () => {
    const { config } = parseConfig(
      {
        CLERK_SECRET_KEY: SECRET,
        CLERK_API_URL: 'http://127.0.0.1:4010/clerk/',
      },
      { providers: PROVIDERS },
    );

    expect(config.clerk.apiUrl).toBe('http://127.0.0.1:4010/clerk');
  });

  it('warns about an unknown GATEWAY_ variable instead of failing', () => {
    const { config, warnings } = parseConfig(
      { CLERK_SECRET_KEY: SECRET, GATEWAY_CACHE_TTL_MS: '1000' },
      { providers: PROVIDERS },
    );

    expect(config.port).toBe(4000);
    expect(warnings).toEqual([expect.stringContaining('GATEWAY_CACHE_TTL_MS')]);
  });

  it('says nothing about variables outside its namespace', () => {
    const { warnings } = parseConfig(
      { CLERK_SECRET_KEY: SECRET, PATH: '/usr/bin', NODE_ENV: 'production' },
      { providers: PROVIDERS },
    );

    expect(warnings).toEqual([]);
  });

  it('reads the shared cache settings: Redis, encryption keys to rotate, the webhook secret', () => {
    const [next, previous] = [Buffer.alloc(32, 1).toString('base64'), Buffer.alloc(32, 2).toString('base64')];
    const { config, warnings } = parseConfig(
      {
        CLERK_SECRET_KEY: SECRET,
        REDIS_URL: 'rediss://cache.internal:6380',
        GATEWAY_CACHE_ENCRYPTION_KEY: `${next}, ${previous}`,
        CLERK_WEBHOOK_SIGNING_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      },
      { providers: PROVIDERS },
    );

    expect(warnings).toEqual([]);
    expect(config.redisUrl).toBe('rediss://cache.internal:6380');
    expect(config.cacheEncryptionKeys).toEqual([next, previous]);
    expect(config.redisCommandTimeoutMs).toBe(50);
    expect(config.clerkWebhookSigningSecret).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  });

  it.each([
    ['GATEWAY_CACHE_ENCRYPTION_KEY', Buffer.alloc(16).toString('base64')],
    ['GATEWAY_CACHE_ENCRYPTION_KEY', 'not base64 at all!'],
    ['CLERK_WEBHOOK_SIGNING_SECRET', 'sk_test_abc'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(() => parseConfig({ CLERK_SECRET_KEY: SECRET, [name]: value }, { providers: PROVIDERS })).toThrow(
      name,
    );
  });

  it('treats empty strings as unset', () => {
    const { config } = parseConfig(
      {
        CLERK_SECRET_KEY: SECRET,
        PORT: '',
        CLERK_JWT_KEY: '',
        CLERK_API_URL: '',
        CLERK_AUTHORIZED_PARTIES: '',
        GITHUB_API_URL: '',
        GATEWAY_LOG_LEVEL: '',
        GATEWAY_UNKNOWN: '',
      },
      { providers: PROVIDERS },
    );

    expect(config.port).toBe(4000);
    expect(config.clerk.jwtKey).toBeNull();
    expect(config.clerk.apiUrl).toBe('https://api.clerk.com');
    expect(config.clerk.authorizedParties).toBeNull();
    expect(config.providerApiUrls.github).toBe('https://api.github.com');
    expect(config.logLevel).toBe('info');
  });

  it('treats an empty secret key as missing', () => {
    const error = configErrorOf({ CLERK_SECRET_KEY: '' });

    expect(error.problems).toEqual([expect.stringMatching(/^CLERK_SECRET_KEY is required/)]);
  });

  it.each([
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('reads GATEWAY_GRAPHIQL=%s as %s', (value, expected) => {
    expect(
      parseConfig({ CLERK_SECRET_KEY: SECRET, GATEWAY_GRAPHIQL: value }, { providers: PROVIDERS }).config
        .graphiql,
    ).toBe(expected);
  });

  it('reads numeric settings', () => {
    const { config } = parseConfig(
      {
        CLERK_SECRET_KEY: SECRET,
        PORT: '8080',
        GATEWAY_TOKEN_EXPIRY_MARGIN_MS: '120000',
        GATEWAY_UPSTREAM_TIMEOUT_MS: '2500',
      },
      { providers: PROVIDERS },
    );

    expect(config.port).toBe(8080);
    expect(config.tokenExpiryMarginMs).toBe(120_000);
    expect(config.upstreamTimeoutMs).toBe(2_500);
  });
});

/** The `ConfigError` `defineConfig` throws for `input` (which may hold what the types forbid), or a failure. */
function codeConfigErrorOf(input: unknown): ConfigError {
  try {
    defineConfig(input as GatewayConfigInput);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('defineConfig', () => {
  it('gives the configuration the environment gives for the same secret key alone', () => {
    const fromCode = defineConfig({ clerk: { secretKey: SECRET } });

    expect(fromCode).toEqual(parseConfig({ CLERK_SECRET_KEY: SECRET }, { providers: [] }).config);
    expect(fromCode).toMatchObject({ providerApiUrls: {}, providerHeaders: {}, oidcIssuers: {} });
  });

  it('reports every problem at once in one ConfigError, each named by its path', () => {
    const error = codeConfigErrorOf({
      clerk: { secretKey: 'nope' },
      port: 70_000,
      resilience: { retryBudgetMs: -1 },
      security: { maxQueryCost: 0 },
    });

    expect(error.problems).toEqual([
      expect.stringMatching(/^port /),
      expect.stringMatching(/^clerk\.secretKey /),
      expect.stringMatching(/^resilience\.retryBudgetMs /),
      expect.stringMatching(/^security\.maxQueryCost /),
    ]);
    expect(error.message).toContain('defineConfig');
  });

  it.each([
    ['port', { port: 70_000 }],
    ['port', { port: 80.5 }],
    ['port', { port: '8080' }],
    ['upstreamTimeoutMs', { upstreamTimeoutMs: 50 }],
    ['cacheMaxEntries', { cacheMaxEntries: 10 }],
    ['graphiql', { graphiql: 'true' }],
  ])('refuses %s in %j, as the environment refuses it', (path, input) => {
    const error = codeConfigErrorOf({ clerk: { secretKey: SECRET }, ...input });

    expect(error.problems).toEqual([expect.stringMatching(new RegExp(`^${path} `))]);
  });

  it.each([
    [{ prot: 1 }, 'prot is not a setting'],
    [{ security: { maxCost: 5 } }, 'security.maxCost is not a setting'],
  ])('reports the unknown setting in %j', (input, problem) => {
    const error = codeConfigErrorOf({ clerk: { secretKey: SECRET }, ...input });

    expect(error.problems).toEqual([problem]);
  });

  it('reports a misspelt secret key as unknown, and the secret key as missing', () => {
    const error = codeConfigErrorOf({ clerk: { secretkey: SECRET } });

    expect(error.problems).toEqual(
      expect.arrayContaining([
        'clerk.secretkey is not a setting',
        expect.stringMatching(/^clerk\.secretKey is required/),
      ]),
    );
    expect(error.problems).toHaveLength(2);
  });

  it('does not repeat the secret key it refuses', () => {
    const error = codeConfigErrorOf({ clerk: { secretKey: 'pk_test_not-a-secret-key' } });

    expect(error.problems).toEqual([expect.stringMatching(/^clerk\.secretKey /)]);
    expect(error.message).not.toContain('pk_test_not-a-secret-key');
  });

  it('trims the trailing slash of a provider API URL', () => {
    const config = defineConfig({
      clerk: { secretKey: SECRET },
      providerApiUrls: { github: 'http://127.0.0.1:4010/github/' },
    });

    expect(config.providerApiUrls).toEqual({ github: 'http://127.0.0.1:4010/github' });
  });

  it('refuses a provider API URL that is not http(s), naming the provider', () => {
    const error = codeConfigErrorOf({
      clerk: { secretKey: SECRET },
      providerApiUrls: { github: 'ftp://files.example.com' },
    });

    expect(error.problems).toEqual([expect.stringMatching(/^providerApiUrls\.github /)]);
  });

  it('lower-cases the keys of the OIDC issuers', () => {
    const config = defineConfig({
      clerk: { secretKey: SECRET },
      oidcIssuers: { ACME: 'https://login.acme.example/' },
    });

    expect(config.oidcIssuers).toEqual({ acme: 'https://login.acme.example' });
  });

  it('keys an issuer as the environment does: a connection `my-idp` is `my_idp`', () => {
    const config = defineConfig({
      clerk: { secretKey: SECRET },
      oidcIssuers: { 'My-IdP': 'https://idp.example' },
    });

    expect(config.oidcIssuers).toEqual({ my_idp: 'https://idp.example' });
  });

  it('refuses an issuer key no connection can have', () => {
    const error = codeConfigErrorOf({
      clerk: { secretKey: SECRET },
      oidcIssuers: { 'acme corp': 'https://idp.example' },
    });

    expect(error.problems).toEqual([
      expect.stringMatching(/^oidcIssuers\.acme corp is not a connection key/),
    ]);
  });

  it('says a group of settings given as something else must be an object', () => {
    const error = codeConfigErrorOf({ clerk: { secretKey: SECRET }, security: 'strict' } as never);

    expect(error.problems).toEqual(['security must be an object of settings']);
  });

  it('refuses an empty provider header value, naming the provider and header', () => {
    const error = codeConfigErrorOf({
      clerk: { secretKey: SECRET },
      providerHeaders: { twitch: { 'Client-Id': '  ' } },
    });

    expect(error.problems).toEqual([expect.stringMatching(/^providerHeaders\.twitch\.Client-Id /)]);
  });

  it('normalizes the authorized parties to their origins', () => {
    const config = defineConfig({
      clerk: {
        secretKey: SECRET,
        authorizedParties: ['https://app.example.com/dashboard?tab=1', 'http://localhost:3000/'],
      },
    });

    expect(config.clerk.authorizedParties).toEqual(['https://app.example.com', 'http://localhost:3000']);
  });
});

describe('parseConfig: provider settings', () => {
  const ACME: ProviderSettings = {
    id: 'acme',
    apiUrlVariable: 'ACME_API_URL',
    apiBaseUrl: 'https://api.acme.example',
  };
  const OTHER: ProviderSettings = {
    id: 'other',
    apiUrlVariable: 'OTHER_API_URL',
    apiBaseUrl: 'https://api.other.example',
  };
  const twitch = PROVIDERS.find((provider) => provider.id === 'twitch') as ProviderSettings;

  it("reads each given provider's API URL variable, and its declared API without one", () => {
    const { config } = parseConfig(
      { CLERK_SECRET_KEY: SECRET, ACME_API_URL: 'http://127.0.0.1:4010/acme/' },
      { providers: [ACME, OTHER] },
    );

    expect(config.providerApiUrls).toEqual({
      acme: 'http://127.0.0.1:4010/acme',
      other: 'https://api.other.example',
    });
  });

  it("reads a given provider's header setting into its headers, without a warning", () => {
    const { config, warnings } = parseConfig(
      { CLERK_SECRET_KEY: SECRET, GATEWAY_TWITCH_CLIENT_ID: 'abc123' },
      { providers: [twitch] },
    );

    expect(config.providerHeaders).toEqual({ twitch: { 'Client-Id': 'abc123' } });
    expect(warnings).toEqual([]);
  });

  it('warns about the header setting of a provider it was not given', () => {
    const { config, warnings } = parseConfig(
      { CLERK_SECRET_KEY: SECRET, GATEWAY_TWITCH_CLIENT_ID: 'abc123' },
      { providers: [ACME] },
    );

    expect(config.providerHeaders).toEqual({});
    expect(warnings).toEqual([expect.stringContaining('GATEWAY_TWITCH_CLIENT_ID')]);
  });
});
