/**
 * Configuration: one typed object, built once at start either from environment variables
 * (`parseConfig`, what `npm start` does; README "Configuration") or from code (`defineConfig`, for a
 * gateway embedded in another app). Both read the same table of settings, so they share every default
 * and every check; each reports all of its problems in one `ConfigError`, so an operator fixes them all
 * at once.
 *
 * Provider settings (`<ID>_API_URL`, headers such as Twitch's `GATEWAY_TWITCH_CLIENT_ID`) depend on
 * the providers served: `parseConfig` is given their declarations, and reads no provider module.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { z } from 'zod';

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

export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  /** Where Prometheus metrics are served (`/metrics`, on `host`); `null`: no metrics are collected. */
  readonly metricsPort: number | null;
  /** OTLP/HTTP base URL traces are exported to; `null`: no tracing. */
  readonly otlpEndpoint: string | null;
  /** How long, after SIGTERM, `/ready` answers 503 while requests are still served, before closing. */
  readonly shutdownDelayMs: number;
  /** `createClerkClient`'s option names. */
  readonly clerk: {
    readonly secretKey: string;
    readonly publishableKey: string | null;
    /** PEM public key for networkless session verification; `null`: JWKS from the API. */
    readonly jwtKey: string | null;
    readonly apiUrl: string;
    /** Origins allowed in a session token's `azp`; `null`: not checked. */
    readonly authorizedParties: readonly string[] | null;
  };
  /**
   * Base URLs of provider APIs by provider id (`<ID>_API_URL`); a provider not listed is called on its
   * declared public API.
   */
  readonly providerApiUrls: Readonly<Record<string, string>>;
  /** Header values an operator sets for a provider (Twitch's `Client-Id`), by provider id and header. */
  readonly providerHeaders: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Issuer URL of each custom OIDC connection, by its key (`GATEWAY_OIDC_<KEY>_ISSUER`, key lower-cased). */
  readonly oidcIssuers: Readonly<Record<string, string>>;
  readonly redisUrl: string | null;
  /** AES-256-GCM keys (32 bytes, base64) for what is kept in Redis, the first encrypting; `null`: derived. */
  readonly cacheEncryptionKeys: readonly string[] | null;
  /** The longest a Redis command may take before the gateway carries on without it. */
  readonly redisCommandTimeoutMs: number;
  /**
   * The only documents that run, by hash (`persisted-documents.json` of graphql-codegen's client preset,
   * `GATEWAY_TRUSTED_DOCUMENTS`); `null`: any document runs, under the limits.
   */
  readonly trustedDocuments: Readonly<Record<string, string>> | null;
  /** The `whsec_…` secret of the Clerk webhook endpoint; `null`: `POST /webhooks/clerk` answers 404. */
  readonly clerkWebhookSigningSecret: string | null;
  readonly userCacheTtlMs: number;
  /** A token is used until `expires_at` minus this margin. */
  readonly tokenExpiryMarginMs: number;
  /** Lifetime given to a token whose `expires_at` is unknown (`null`). */
  readonly tokenUnknownExpiryTtlMs: number;
  readonly cacheMaxEntries: number;
  /** Provider answers kept with their `ETag` for conditional reads (in process); 0: none. */
  readonly conditionalCacheEntries: number;
  readonly upstreamTimeoutMs: number;
  readonly resilience: ResilienceConfig;
  readonly cursorSecret: string | null;
  readonly graphiql: boolean;
  readonly logLevel: LogLevel;
  /** Limits on what one client may ask (README, "Limits and security"). */
  readonly security: SecurityConfig;
}

/** A configuration written in code: every setting optional but the Clerk secret key. */
export type GatewayConfigInput = Optional<Omit<GatewayConfig, 'clerk'>> & {
  readonly clerk: Optional<GatewayConfig['clerk']> & { readonly secretKey: string };
};

type Optional<T> = {
  readonly [K in keyof T]?: T[K] extends string | number | boolean | null | readonly unknown[]
    ? T[K]
    : Optional<T[K]>;
};

/** What a configuration needs to know of the providers it configures (their declarations). */
export interface ProviderSettings {
  readonly id: string;
  /** `<ID>_API_URL`, or `null` for a provider without an API of its own. */
  readonly apiUrlVariable: string | null;
  readonly apiBaseUrl: string | null;
  /** Header name → the `GATEWAY_…` variable that sets it. */
  readonly configuredHeaders?: Readonly<Record<string, string>>;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[], hint = ENVIRONMENT_HINT) {
    super(
      [
        'Provider Graph cannot start: the configuration has problems.',
        ...problems.map((problem) => `  - ${problem}`),
        hint,
      ].join('\n'),
    );
    this.problems = problems;
  }
}

const ENVIRONMENT_HINT =
  'Set these environment variables (see README.md, "Configuration"), or run `npm run dev` for a sandbox that needs no configuration.';
const CODE_HINT = 'Fix these settings of defineConfig (see README.md, "Use it as a library").';

// ---------------------------------------------------------------------------------------------------
// The kinds of values, each read from an environment string and checked as a value from code alike.

interface ValueKind<T> {
  /** Reads what an operator wrote in the environment. */
  readonly env: z.ZodType<T>;
  /** Checks a value given in code. */
  readonly code: z.ZodType<T>;
}

function trimTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function sameKind<T>(schema: z.ZodType<T, string>): ValueKind<T> {
  return { env: schema, code: schema };
}

function integer(min: number, max: number): ValueKind<number> {
  const range = z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
  return {
    env: z.string().trim().regex(/^\d+$/, { error: 'must be a whole number' }).transform(Number).pipe(range),
    code: range,
  };
}

const httpUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform(trimTrailingSlash);
const httpUrl = sameKind(httpUrlSchema);

const flag: ValueKind<boolean> = {
  env: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1'),
  code: z.boolean({ error: 'must be true or false' }),
};

/** Clerk's PEM public keys are often pasted into `.env` files with literal `\n`. */
const pemPublicKey = sameKind(
  z
    .string()
    .transform((value) => value.replace(/\\n/g, '\n').trim())
    .refine(
      (pem) => {
        try {
          return createPublicKey(pem).asymmetricKeyType === 'rsa';
        } catch {
          return false;
        }
      },
      { error: 'must be an RSA public key in PEM form (Clerk Dashboard → API keys → JWT public key)' },
    ),
);

const originList = (() => {
  const origin = z
    .url({ protocol: /^https?$/, error: 'must be a list of origins such as https://app.example.com' })
    .transform((value) => new URL(value).origin);
  const list = z.array(origin).min(1, { error: 'must name at least one origin' });
  return {
    env: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      )
      .pipe(list),
    code: list,
  } satisfies ValueKind<string[]>;
})();

/** `new,old`: base64 keys of 32 bytes each. */
const encryptionKeys = (() => {
  const key = z
    .string()
    .trim()
    .refine((value) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32, {
      error: 'must be keys of 32 bytes in base64 (openssl rand -base64 32), separated by commas',
    });
  const list = z.array(key).min(1, { error: 'must name at least one key' });
  return {
    env: z
      .string()
      .transform((value) => value.split(',').filter((part) => part.trim() !== ''))
      .pipe(list),
    code: list,
  } satisfies ValueKind<string[]>;
})();

/**
 * Trusted documents: a hash → document map, each document GraphQL. From the environment, the path of
 * the `persisted-documents.json` that graphql-codegen's client preset writes, read once at start.
 */
const trustedDocuments = (() => {
  const documents = z
    .record(
      // graphql-codegen writes `sha256:<hex>` keys with `hashAlgorithm: 'sha256'`, bare hashes otherwise.
      z
        .string()
        .regex(/^(?:[a-z0-9]+:)?[A-Za-z0-9_-]{8,128}$/, { error: 'must map document hashes to documents' }),
      z.string(),
    )
    .check((context) => {
      for (const [hash, document] of Object.entries(context.value)) {
        try {
          parse(document, { noLocation: true });
        } catch (error) {
          context.issues.push({
            code: 'custom',
            input: document,
            message: `holds a document that is not GraphQL (${hash}: ${(error as Error).message})`,
          });
        }
      }
    });
  return {
    env: z
      .string()
      .trim()
      .transform((path, context) => {
        try {
          return JSON.parse(readFileSync(path, 'utf8')) as unknown;
        } catch (error) {
          const why =
            (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
          context.issues.push({
            code: 'custom',
            input: path,
            message: `must be the path of a persisted-documents.json file (${path}: ${why})`,
          });
          return z.NEVER;
        }
      })
      .pipe(documents),
    code: documents,
  } satisfies ValueKind<Record<string, string>>;
})();

const logLevel = sameKind(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']));

// ---------------------------------------------------------------------------------------------------
// The settings: where each sits in the configuration, its environment variable, its kind and default.

/** A setting without a default: a configuration without it has a problem, with this explanation. */
class Required {
  constructor(readonly why: string) {}
}

interface Setting {
  readonly path: string;
  readonly variable: string;
  readonly kind: ValueKind<unknown>;
  /** The default; `null` for a setting that may stay unset. */
  readonly fallback: unknown;
}

function setting<T>(
  path: string,
  variable: string,
  kind: ValueKind<T>,
  fallback: T | null | Required,
): Setting {
  return { path, variable, kind: kind as ValueKind<unknown>, fallback };
}

const SETTINGS: readonly Setting[] = [
  setting('port', 'PORT', integer(0, 65535), 4000),
  setting('host', 'HOST', sameKind(z.string().min(1)), '0.0.0.0'),
  setting('metricsPort', 'GATEWAY_METRICS_PORT', integer(0, 65535), null),
  setting('otlpEndpoint', 'OTEL_EXPORTER_OTLP_ENDPOINT', httpUrl, null),
  setting('shutdownDelayMs', 'GATEWAY_SHUTDOWN_DELAY_MS', integer(0, 300_000), 0),
  setting(
    'clerk.secretKey',
    'CLERK_SECRET_KEY',
    sameKind(
      z
        .string()
        .regex(/^sk_(live|test)_\S+$/, { error: 'must be a Clerk secret key (sk_live_… or sk_test_…)' }),
    ),
    new Required('is required: the Backend API secret key (sk_live_… or sk_test_…)'),
  ),
  setting(
    'clerk.publishableKey',
    'CLERK_PUBLISHABLE_KEY',
    sameKind(
      z.string().regex(/^pk_(live|test)_[A-Za-z0-9+/=_-]+$/, {
        error: 'must be a Clerk publishable key (pk_live_… or pk_test_…)',
      }),
    ),
    null,
  ),
  setting('clerk.jwtKey', 'CLERK_JWT_KEY', pemPublicKey, null),
  setting('clerk.apiUrl', 'CLERK_API_URL', httpUrl, 'https://api.clerk.com'),
  setting('clerk.authorizedParties', 'CLERK_AUTHORIZED_PARTIES', originList, null),
  setting(
    'redisUrl',
    'REDIS_URL',
    sameKind(z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' })),
    null,
  ),
  setting('cacheEncryptionKeys', 'GATEWAY_CACHE_ENCRYPTION_KEY', encryptionKeys, null),
  setting('redisCommandTimeoutMs', 'GATEWAY_REDIS_COMMAND_TIMEOUT_MS', integer(5, 10_000), 50),
  setting('trustedDocuments', 'GATEWAY_TRUSTED_DOCUMENTS', trustedDocuments, null),
  setting(
    'clerkWebhookSigningSecret',
    'CLERK_WEBHOOK_SIGNING_SECRET',
    sameKind(
      z
        .string()
        .trim()
        .regex(/^whsec_[A-Za-z0-9+/=]+$/, { error: 'must be a Clerk webhook signing secret (whsec_…)' }),
    ),
    null,
  ),
  setting('userCacheTtlMs', 'GATEWAY_USER_CACHE_TTL_MS', integer(0, 3_600_000), 30_000),
  setting('tokenExpiryMarginMs', 'GATEWAY_TOKEN_EXPIRY_MARGIN_MS', integer(0, 3_600_000), 60_000),
  setting('tokenUnknownExpiryTtlMs', 'GATEWAY_TOKEN_UNKNOWN_EXPIRY_TTL_MS', integer(0, 86_400_000), 300_000),
  setting('cacheMaxEntries', 'GATEWAY_CACHE_MAX_ENTRIES', integer(100, 10_000_000), 50_000),
  setting('conditionalCacheEntries', 'GATEWAY_CONDITIONAL_CACHE_ENTRIES', integer(0, 1_000_000), 200),
  setting('upstreamTimeoutMs', 'GATEWAY_UPSTREAM_TIMEOUT_MS', integer(100, 120_000), 10_000),
  // Resilience (README, "Resilience").
  setting('resilience.operationTimeoutMs', 'GATEWAY_OPERATION_TIMEOUT_MS', integer(100, 300_000), 15_000),
  setting('resilience.retryBudgetMs', 'GATEWAY_RETRY_BUDGET_MS', integer(0, 60_000), 2_000),
  setting('resilience.circuitFailureThreshold', 'GATEWAY_CIRCUIT_FAILURE_THRESHOLD', integer(1, 1_000), 5),
  setting('resilience.circuitCooldownMs', 'GATEWAY_CIRCUIT_COOLDOWN_MS', integer(100, 600_000), 15_000),
  setting('resilience.userStaleIfErrorMs', 'GATEWAY_USER_STALE_IF_ERROR_MS', integer(0, 86_400_000), 600_000),
  setting(
    'resilience.maxUpstreamBodyBytes',
    'GATEWAY_MAX_UPSTREAM_BODY_BYTES',
    integer(1_024, 1_073_741_824),
    10_485_760,
  ),
  setting(
    'cursorSecret',
    'GATEWAY_CURSOR_SECRET',
    sameKind(z.string().min(32, { error: 'must be at least 32 characters' })),
    null,
  ),
  setting('graphiql', 'GATEWAY_GRAPHIQL', flag, false),
  setting('logLevel', 'GATEWAY_LOG_LEVEL', logLevel, 'info'),
  // Hostile clients (README, "Limits and security").
  setting('security.corsOrigins', 'GATEWAY_CORS_ORIGINS', originList, null),
  setting('security.maxBodyBytes', 'GATEWAY_MAX_BODY_BYTES', integer(1_024, 10_000_000), 102_400),
  setting('security.maxAliases', 'GATEWAY_MAX_ALIASES', integer(0, 1_000), 15),
  setting('security.maxDepth', 'GATEWAY_MAX_DEPTH', integer(1, 100), 10),
  // GraphiQL's introspection query alone is about 180 tokens.
  setting('security.maxTokens', 'GATEWAY_MAX_TOKENS', integer(200, 100_000), 1_000),
  setting('security.maxDirectives', 'GATEWAY_MAX_DIRECTIVES', integer(0, 1_000), 20),
  setting('security.maxQueryCost', 'GATEWAY_MAX_QUERY_COST', integer(1, 10_000), 100),
  setting('security.costAccountsPerList', 'GATEWAY_COST_ACCOUNTS_PER_LIST', integer(1, 1_000), 5),
  setting('security.userRateLimit', 'GATEWAY_USER_RATE_LIMIT', integer(0, 1_000_000), 120),
  setting('security.userRateWindowMs', 'GATEWAY_USER_RATE_WINDOW_MS', integer(1_000, 3_600_000), 60_000),
];

/** Settings whose groups `defineConfig` takes as objects of their own. */
const GROUPS = ['clerk', 'resilience', 'security'];
/** Settings `defineConfig` takes besides the table: provider settings. */
const PROVIDER_KEYS = ['providerApiUrls', 'providerHeaders', 'oidcIssuers'];

const OIDC_ISSUER_VARIABLE = /^GATEWAY_OIDC_([A-Z0-9_]+)_ISSUER$/;

// ---------------------------------------------------------------------------------------------------

export interface ParseResult {
  readonly config: GatewayConfig;
  readonly warnings: readonly string[];
}

/**
 * The configuration of the environment, for the providers given. Empty strings count as unset, as in
 * most `.env` tooling. Throws `ConfigError` listing every problem; variables this version does not read
 * (`GATEWAY_…` typos) are warnings.
 */
export function parseConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly providers: readonly ProviderSettings[] },
): ParseResult {
  const present = Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
  const problems: string[] = [];
  const config = readSettings(
    (setting) => present[setting.variable],
    (setting) => setting.variable,
    'env',
    problems,
  );

  const providerApiUrls: Record<string, string> = {};
  const providerHeaders: Record<string, Record<string, string>> = {};
  for (const provider of options.providers) {
    if (provider.apiUrlVariable !== null && provider.apiBaseUrl !== null) {
      const override = present[provider.apiUrlVariable];
      const url =
        override === undefined
          ? provider.apiBaseUrl
          : check(httpUrlSchema, override, provider.apiUrlVariable, problems);
      if (url !== undefined) providerApiUrls[provider.id] = url;
    }
    for (const [header, variable] of Object.entries(provider.configuredHeaders ?? {})) {
      const value = present[variable]?.trim();
      if (value) providerHeaders[provider.id] = { ...providerHeaders[provider.id], [header]: value };
    }
  }
  const oidcIssuers: Record<string, string> = {};
  for (const [name, value] of Object.entries(present)) {
    const key = OIDC_ISSUER_VARIABLE.exec(name)?.[1];
    if (key === undefined) continue;
    const issuer = httpUrlSchema.safeParse(value);
    if (issuer.success) oidcIssuers[key.toLowerCase()] = issuer.data;
    else problems.push(`${name} must be the issuer URL of the OIDC provider (https://…)`);
  }
  if (config.metricsPort !== null && config.metricsPort !== 0 && config.metricsPort === config.port) {
    problems.push('GATEWAY_METRICS_PORT must differ from PORT: metrics are never served on the public port');
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)]);

  const known = new Set([
    ...SETTINGS.map((setting) => setting.variable),
    ...options.providers.flatMap((provider) => Object.values(provider.configuredHeaders ?? {})),
  ]);
  const warnings = Object.keys(present)
    .filter((name) => name.startsWith('GATEWAY_') && !known.has(name) && !OIDC_ISSUER_VARIABLE.test(name))
    .map((name) => `${name} is not a setting of this version and is ignored`);
  return { warnings, config: { ...config, providerApiUrls, providerHeaders, oidcIssuers } as GatewayConfig };
}

/**
 * A configuration from code, with the defaults and checks of the environment's (`parseConfig`). Throws
 * `ConfigError` listing every problem, unknown settings included.
 */
export function defineConfig(input: GatewayConfigInput): GatewayConfig {
  const problems: string[] = [];
  const given = input as unknown as Readonly<Record<string, unknown>>;
  const config = readSettings(
    (setting) => valueAtPath(given, setting.path),
    (setting) => setting.path,
    'code',
    problems,
  );
  const known = new Set([...SETTINGS.map((setting) => setting.path), ...PROVIDER_KEYS]);
  for (const [key, value] of Object.entries(given)) {
    if (GROUPS.includes(key) && !isRecord(value)) {
      problems.push(`${key} must be an object of settings`);
      continue;
    }
    const paths =
      GROUPS.includes(key) && isRecord(value) ? Object.keys(value).map((name) => `${key}.${name}`) : [key];
    for (const path of paths) if (!known.has(path)) problems.push(`${path} is not a setting`);
  }
  const providerApiUrls = checkRecord(input.providerApiUrls, 'providerApiUrls', httpUrlSchema, problems);
  const providerHeaders: Record<string, Record<string, string>> = {};
  for (const [id, headers] of Object.entries(input.providerHeaders ?? {})) {
    providerHeaders[id] = checkRecord(headers, `providerHeaders.${id}`, z.string().trim().min(1), problems);
  }
  // A connection `oauth_custom_my-idp` is keyed `my_idp`, as `GATEWAY_OIDC_MY_IDP_ISSUER` keys it.
  const oidcIssuers: Record<string, string> = {};
  for (const [key, url] of Object.entries(
    checkRecord(input.oidcIssuers, 'oidcIssuers', httpUrlSchema, problems),
  )) {
    const normalized = key.toLowerCase().replaceAll('-', '_');
    if (/^[a-z0-9_]+$/.test(normalized)) oidcIssuers[normalized] = url;
    else problems.push(`oidcIssuers.${key} is not a connection key (letters, digits, - and _)`);
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)], CODE_HINT);
  return { ...config, providerApiUrls, providerHeaders, oidcIssuers } as GatewayConfig;
}

/** Every setting of the table, read from one source; problems named as that source names settings. */
function readSettings(
  given: (setting: Setting) => unknown,
  nameOf: (setting: Setting) => string,
  source: 'env' | 'code',
  problems: string[],
): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const setting of SETTINGS) {
    const raw = given(setting);
    let value: unknown;
    if (raw === undefined || raw === null) {
      if (setting.fallback instanceof Required) {
        problems.push(`${nameOf(setting)} ${setting.fallback.why}`);
        continue;
      }
      value = setting.fallback;
    } else {
      value = check(setting.kind[source], raw, nameOf(setting), problems);
    }
    setAtPath(config, setting.path, value);
  }
  return config;
}

function check<T>(schema: z.ZodType<T>, value: unknown, name: string, problems: string[]): T | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // One problem per setting, and never the value itself: a misplaced secret must not be echoed.
  problems.push(`${name} ${result.error.issues[0]?.message ?? 'is invalid'}`);
  return undefined;
}

function checkRecord<T>(
  record: Readonly<Record<string, unknown>> | undefined,
  name: string,
  schema: z.ZodType<T>,
  problems: string[],
): Record<string, T> {
  const checked: Record<string, T> = {};
  for (const [key, value] of Object.entries(record ?? {})) {
    const result = check(schema, value, `${name}.${key}`, problems);
    if (result !== undefined) checked[key] = result;
  }
  return checked;
}

function valueAtPath(record: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (!isRecord(value)) return undefined;
    value = value[key];
  }
  return value;
}

function setAtPath(record: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let target = record;
  for (const key of keys) {
    if (!isRecord(target[key])) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  target[last] = value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
