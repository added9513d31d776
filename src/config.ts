/**
 * Configuration: parsed once at start from environment variables (DESIGN.md §3) into one typed object.
 * Every problem is collected and reported in a single message, so an operator fixes them all at once.
 */
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { apiUrlVariableOf } from './providers/provider-manifest.js';
import { PROVIDERS } from './providers/registry.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** How upstream failures are contained (README, "Resilience"). */
export interface ResilienceConfig {
  /** One GraphQL operation, every Clerk and provider call and retry wait included, ends by this. */
  readonly operationTimeoutMs: number;
  /** Total wait between the retries of one upstream call; 0: no retries. */
  readonly retryBudgetMs: number;
  /** Failed calls in a row that cut an upstream off. */
  readonly circuitFailureThreshold: number;
  /** How long an upstream stays cut off before one trial call. */
  readonly circuitCooldownMs: number;
  /** How long past its freshness a user record is still served while Clerk fails. */
  readonly userStaleIfErrorMs: number;
  /** Largest provider response body read. */
  readonly maxUpstreamBodyBytes: number;
}

export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  readonly clerk: {
    readonly secretKey: string;
    readonly publishableKey: string | null;
    /** PEM public key for networkless session verification; `null`: JWKS from the API. */
    readonly jwtKey: string | null;
    readonly apiUrl: string;
    /** Origins allowed in a session token's `azp`; `null`: not checked. */
    readonly authorizedParties: readonly string[] | null;
  };
  /** Base URL of each provider's API by provider id, defaults overridden by `<ID>_API_URL`. */
  readonly providerApiUrls: Readonly<Record<string, string>>;
  /** Header values an operator sets for a provider (Twitch's `Client-Id`), by provider id and header. */
  readonly providerHeaders: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Issuer URL of each custom OIDC connection, by its key (`GATEWAY_OIDC_<KEY>_ISSUER`, key lower-cased). */
  readonly oidcIssuers: Readonly<Record<string, string>>;
  readonly redisUrl: string | null;
  readonly userCacheTtlMs: number;
  /** A token is used until `expires_at` minus this margin. */
  readonly tokenExpiryMarginMs: number;
  /** Lifetime given to a token whose `expires_at` is unknown (`null`). */
  readonly tokenUnknownExpiryTtlMs: number;
  readonly cacheMaxEntries: number;
  readonly upstreamTimeoutMs: number;
  readonly resilience: ResilienceConfig;
  readonly cursorSecret: string | null;
  readonly graphiql: boolean;
  readonly logLevel: LogLevel;
  /** Limits on what one client may ask (README, "Limits and security"). */
  readonly security: SecurityConfig;
}

export interface SecurityConfig {
  /** Origins allowed to call with credentials (cookies); `null`: any origin, without credentials. */
  readonly corsOrigins: readonly string[] | null;
  /** Largest request body, and largest query string of a GET request, in bytes. */
  readonly maxBodyBytes: number;
  readonly maxAliases: number;
  readonly maxDepth: number;
  readonly maxTokens: number;
  readonly maxDirectives: number;
  /** Most provider calls one operation may make, counted before it runs (src/security/query-cost.ts). */
  readonly maxQueryCost: number;
  /** How many accounts the cost limit assumes a `connectedAccounts` list holds. */
  readonly costAccountsPerList: number;
  /** Requests per user and window; 0 turns the per-user rate limit off. */
  readonly userRateLimit: number;
  readonly userRateWindowMs: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      [
        'Provider Graph cannot start: the configuration has problems.',
        ...problems.map((problem) => `  - ${problem}`),
        'Set these environment variables (see README.md, "Configuration"), or run `npm run dev` for a sandbox that needs no configuration.',
      ].join('\n'),
    );
    this.problems = problems;
  }
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).transform(trimTrailingSlash);

function trimTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function integer(min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/, { error: 'must be a whole number' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );
}

const booleanFlag = z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' });

/** Clerk's PEM public keys are often pasted into `.env` files with literal `\n`. */
function normalizePem(value: string): string {
  return value.replace(/\\n/g, '\n').trim();
}

const pemPublicKey = z
  .string()
  .transform(normalizePem)
  .refine(
    (pem) => {
      try {
        return createPublicKey(pem).asymmetricKeyType === 'rsa';
      } catch {
        return false;
      }
    },
    { error: 'must be an RSA public key in PEM form (Clerk Dashboard → API keys → JWT public key)' },
  );

const origin = z
  .url({ protocol: /^https?$/, error: 'must be a list of origins such as https://app.example.com' })
  .transform((value) => new URL(value).origin);

/** The settings provider manifests ask for (`configuredHeaders`), e.g. `GATEWAY_TWITCH_CLIENT_ID`. */
const providerSettingShape = Object.fromEntries(
  PROVIDERS.flatMap(({ manifest }) =>
    Object.values(manifest.configuredHeaders ?? {}).map((variable) => [
      variable,
      z.string().trim().min(1).optional(),
    ]),
  ),
);

const OIDC_ISSUER_VARIABLE = /^GATEWAY_OIDC_([A-Z0-9_]+)_ISSUER$/;

/** The providers with an API of their own, whose base URL `<ID>_API_URL` may override. */
const PROVIDERS_WITH_API = PROVIDERS.map((provider) => provider.manifest).filter(
  (manifest): manifest is typeof manifest & { apiBaseUrl: string } => manifest.apiBaseUrl !== null,
);

const providerUrlShape = Object.fromEntries(
  PROVIDERS_WITH_API.map((manifest) => [apiUrlVariableOf(manifest.id), httpUrl.optional()]),
);

const environmentSchema = z.object({
  PORT: integer(0, 65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  CLERK_SECRET_KEY: z
    .string({ error: 'is required: the Backend API secret key (sk_live_… or sk_test_…)' })
    .regex(/^sk_(live|test)_\S+$/, { error: 'must be a Clerk secret key (sk_live_… or sk_test_…)' }),
  CLERK_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(live|test)_[A-Za-z0-9+/=_-]+$/, {
      error: 'must be a Clerk publishable key (pk_live_… or pk_test_…)',
    })
    .optional(),
  CLERK_JWT_KEY: pemPublicKey.optional(),
  CLERK_API_URL: httpUrl.default('https://api.clerk.com'),
  CLERK_AUTHORIZED_PARTIES: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(origin).min(1, { error: 'must name at least one origin' }))
    .optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  ...providerUrlShape,
  ...providerSettingShape,
  GATEWAY_USER_CACHE_TTL_MS: integer(0, 3_600_000).default(30_000),
  GATEWAY_TOKEN_EXPIRY_MARGIN_MS: integer(0, 3_600_000).default(60_000),
  GATEWAY_TOKEN_UNKNOWN_EXPIRY_TTL_MS: integer(0, 86_400_000).default(300_000),
  GATEWAY_CACHE_MAX_ENTRIES: integer(100, 10_000_000).default(50_000),
  GATEWAY_UPSTREAM_TIMEOUT_MS: integer(100, 120_000).default(10_000),
  // Resilience (README, "Resilience").
  GATEWAY_OPERATION_TIMEOUT_MS: integer(100, 300_000).default(15_000),
  GATEWAY_RETRY_BUDGET_MS: integer(0, 60_000).default(2_000),
  GATEWAY_CIRCUIT_FAILURE_THRESHOLD: integer(1, 1_000).default(5),
  GATEWAY_CIRCUIT_COOLDOWN_MS: integer(100, 600_000).default(15_000),
  GATEWAY_USER_STALE_IF_ERROR_MS: integer(0, 86_400_000).default(600_000),
  GATEWAY_MAX_UPSTREAM_BODY_BYTES: integer(1_024, 1_073_741_824).default(10_485_760),
  GATEWAY_CURSOR_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  GATEWAY_GRAPHIQL: booleanFlag.optional(),
  GATEWAY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Hostile clients (README, "Limits and security").
  GATEWAY_CORS_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(origin).min(1, { error: 'must name at least one origin' }))
    .optional(),
  GATEWAY_MAX_BODY_BYTES: integer(1_024, 10_000_000).default(102_400),
  GATEWAY_MAX_ALIASES: integer(0, 1_000).default(15),
  GATEWAY_MAX_DEPTH: integer(1, 100).default(10),
  // GraphiQL's introspection query alone is about 180 tokens.
  GATEWAY_MAX_TOKENS: integer(200, 100_000).default(1_000),
  GATEWAY_MAX_DIRECTIVES: integer(0, 1_000).default(20),
  GATEWAY_MAX_QUERY_COST: integer(1, 10_000).default(30),
  GATEWAY_COST_ACCOUNTS_PER_LIST: integer(1, 1_000).default(5),
  GATEWAY_USER_RATE_LIMIT: integer(0, 1_000_000).default(120),
  GATEWAY_USER_RATE_WINDOW_MS: integer(1_000, 3_600_000).default(60_000),
});

/** `GATEWAY_*` names this version reads; others are reported as warnings (likely typos). */
export const KNOWN_GATEWAY_VARIABLES = Object.keys(environmentSchema.shape).filter((name) =>
  name.startsWith('GATEWAY_'),
);

export interface ParseResult {
  readonly config: GatewayConfig;
  readonly warnings: readonly string[];
}

/**
 * Parse the environment. Empty strings count as unset, as in most `.env` tooling. Throws `ConfigError`
 * listing every problem.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): ParseResult {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = environmentSchema.safeParse(present);
  const oidcIssuers: Record<string, string> = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(present)) {
    const key = OIDC_ISSUER_VARIABLE.exec(name)?.[1];
    if (key === undefined || value === undefined) continue;
    const issuer = httpUrl.safeParse(value);
    if (issuer.success) oidcIssuers[key.toLowerCase()] = issuer.data;
    else problems.push(`${name} must be the issuer URL of the OIDC provider (https://…)`);
  }
  if (!result.success) {
    problems.unshift(...result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
  }
  if (!result.success || problems.length > 0) throw new ConfigError([...new Set(problems)]);
  const vars = result.data;
  const unknown = Object.keys(present).filter(
    (name) =>
      name.startsWith('GATEWAY_') &&
      !KNOWN_GATEWAY_VARIABLES.includes(name) &&
      !OIDC_ISSUER_VARIABLE.test(name),
  );
  const warnings = unknown.map((name) => `${name} is not a setting of this version and is ignored`);
  if (vars.REDIS_URL) {
    warnings.push(
      'REDIS_URL is set, but this version caches in process only: each instance keeps its own cache',
    );
  }

  const providerApiUrls: Record<string, string> = {};
  for (const manifest of PROVIDERS_WITH_API) {
    const override = (vars as Record<string, unknown>)[apiUrlVariableOf(manifest.id)];
    providerApiUrls[manifest.id] = typeof override === 'string' ? override : manifest.apiBaseUrl;
  }

  const providerHeaders: Record<string, Record<string, string>> = {};
  for (const { manifest } of PROVIDERS) {
    for (const [header, variable] of Object.entries(manifest.configuredHeaders ?? {})) {
      const value = (vars as Record<string, unknown>)[variable];
      if (typeof value !== 'string') continue;
      providerHeaders[manifest.id] = { ...providerHeaders[manifest.id], [header]: value };
    }
  }

  return {
    warnings,
    config: {
      port: vars.PORT,
      host: vars.HOST,
      clerk: {
        secretKey: vars.CLERK_SECRET_KEY,
        publishableKey: vars.CLERK_PUBLISHABLE_KEY ?? null,
        jwtKey: vars.CLERK_JWT_KEY ?? null,
        apiUrl: vars.CLERK_API_URL,
        authorizedParties: vars.CLERK_AUTHORIZED_PARTIES ?? null,
      },
      providerApiUrls,
      providerHeaders,
      oidcIssuers,
      redisUrl: vars.REDIS_URL ?? null,
      userCacheTtlMs: vars.GATEWAY_USER_CACHE_TTL_MS,
      tokenExpiryMarginMs: vars.GATEWAY_TOKEN_EXPIRY_MARGIN_MS,
      tokenUnknownExpiryTtlMs: vars.GATEWAY_TOKEN_UNKNOWN_EXPIRY_TTL_MS,
      cacheMaxEntries: vars.GATEWAY_CACHE_MAX_ENTRIES,
      upstreamTimeoutMs: vars.GATEWAY_UPSTREAM_TIMEOUT_MS,
      resilience: {
        operationTimeoutMs: vars.GATEWAY_OPERATION_TIMEOUT_MS,
        retryBudgetMs: vars.GATEWAY_RETRY_BUDGET_MS,
        circuitFailureThreshold: vars.GATEWAY_CIRCUIT_FAILURE_THRESHOLD,
        circuitCooldownMs: vars.GATEWAY_CIRCUIT_COOLDOWN_MS,
        userStaleIfErrorMs: vars.GATEWAY_USER_STALE_IF_ERROR_MS,
        maxUpstreamBodyBytes: vars.GATEWAY_MAX_UPSTREAM_BODY_BYTES,
      },
      cursorSecret: vars.GATEWAY_CURSOR_SECRET ?? null,
      graphiql: vars.GATEWAY_GRAPHIQL === 'true' || vars.GATEWAY_GRAPHIQL === '1',
      logLevel: vars.GATEWAY_LOG_LEVEL,
      security: {
        corsOrigins: vars.GATEWAY_CORS_ORIGINS ?? null,
        maxBodyBytes: vars.GATEWAY_MAX_BODY_BYTES,
        maxAliases: vars.GATEWAY_MAX_ALIASES,
        maxDepth: vars.GATEWAY_MAX_DEPTH,
        maxTokens: vars.GATEWAY_MAX_TOKENS,
        maxDirectives: vars.GATEWAY_MAX_DIRECTIVES,
        maxQueryCost: vars.GATEWAY_MAX_QUERY_COST,
        costAccountsPerList: vars.GATEWAY_COST_ACCOUNTS_PER_LIST,
        userRateLimit: vars.GATEWAY_USER_RATE_LIMIT,
        userRateWindowMs: vars.GATEWAY_USER_RATE_WINDOW_MS,
      },
    },
  };
}
