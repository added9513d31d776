/**
 * `createGateway(config, deps)`: wires the services into a Yoga server. Pure wiring: it reads no
 * environment and listens on nothing, so the result serves as a Node request listener
 * (`http.createServer(gateway.handle)`), inside any Node app (Express: `app.use('/graphql', gateway.handle)`),
 * or in process through `gateway.fetch`.
 */
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { readSessionToken } from './auth/session-token.js';
import { createSessionVerifier, type VerifiedSession } from './auth/session-verifier.js';
import type { CacheStore, Clock, UserEviction } from './cache/cache-store.js';
import { createGatewayCache } from './cache/gateway-cache.js';
import { type DocumentCompilation, useCompiledExecution } from './compiled-execution.js';
import { ConfigError, type GatewayConfig } from './config.js';
import type { GatewayContext } from './context.js';
import { GatewayError } from './errors.js';
import { createGraphiQLRenderer, type GraphiQLSettings } from './graphiql.js';
import {
  maskError,
  toGraphQLError,
  useClientErrorHygiene,
  useListErrors,
  useUpstreamReport,
} from './graphql-errors.js';
import { createCircuitBreakers } from './http/circuit-breaker.js';
import { createConditionalRequests } from './http/conditional-requests.js';
import { createRetryPolicy } from './http/retry-policy.js';
import { createUpstreamHttp } from './http/upstream-http.js';
import { createUpstreamReport } from './http/upstream-report.js';
import { createLogger, type Logger } from './logger.js';
import { createGatewayMetrics, type GatewayMetrics, METRICS_PATH } from './observability/metrics.js';
import { combineTelemetry } from './observability/telemetry.js';
import { createGatewayTracing } from './observability/tracing.js';
import { createAccountApi } from './providers/account-api.js';
import { PROVIDERS } from './providers/index.js';
import { CUSTOM_OIDC_ID, type Provider } from './providers/provider-declaration.js';
import { createProviderRegistry, type ProviderRegistry } from './providers/provider-registry.js';
import { currentRequestId, requestIdFrom, runInRequest } from './request-context.js';
import { createCursorCodec } from './schema/cursor-codec.js';
import { buildSchema } from './schema/index.js';
import {
  createFetchTokensAhead,
  providerFieldsOf,
  type TokensFetchedAhead,
} from './schema/token-prefetch.js';
import { createGatewaySecurity } from './security/gateway-security.js';
import { DOCUMENT_ID_PARAMETER, useTrustedDocuments } from './security/trusted-documents.js';
import { createClerkApi } from './tokens/clerk-api.js';
import { createTokenBroker } from './tokens/token-broker.js';
import { createUserDirectory } from './tokens/user-directory.js';
import {
  CLERK_WEBHOOK_PATH,
  createClerkWebhookHandler,
  useClerkWebhooks,
} from './webhooks/clerk-webhooks.js';

export interface GatewayDeps {
  readonly logger?: Logger;
  /**
   * Where users and tokens are cached; default: in process, or Redis with `REDIS_URL`. It drops a
   * user's entries itself when a Clerk webhook says the user changed.
   */
  readonly cache?: CacheStore & UserEviction;
  readonly clock?: Clock;
  /** Turns GraphiQL on with these settings (the sandbox fills in a session header and a query). */
  readonly graphiql?: GraphiQLSettings;
  /** The providers served; default: every provider Clerk supports, and custom OIDC (`PROVIDERS`). */
  readonly providers?: readonly Provider[];
  /**
   * With trusted documents configured, full queries still run too (the sandbox, whose GraphiQL sends
   * them); default: only the trusted documents run.
   */
  readonly allowArbitraryDocuments?: boolean;
  /** When documents are compiled with graphql-jit; default: on their second run (`compiled-execution.ts`). */
  readonly documentCompilation?: DocumentCompilation;
}

export interface Gateway {
  /** A Node request listener. */
  readonly handle: (
    request: import('node:http').IncomingMessage,
    response: import('node:http').ServerResponse,
  ) => void;
  /** The same server as a WHATWG fetch handler. */
  readonly fetch: (request: Request) => Promise<Response>;
  /**
   * The Prometheus metrics (`GET /metrics`) as a Node request listener, for a port of their own; present
   * when `metricsPort` is configured.
   */
  readonly metrics?: (
    request: import('node:http').IncomingMessage,
    response: import('node:http').ServerResponse,
  ) => void;
  /** Loads what the first request would otherwise wait for (the JWKS). Failure is logged, not thrown. */
  warmUp(): Promise<void>;
  /** From now on `/ready` answers 503 (shutting down), while requests are still served. */
  drain(): void;
  /** Closes the pooled provider connections and flushes traces; call after the HTTP server has stopped. */
  close(): Promise<void>;
}

export const GRAPHQL_PATH = '/graphql';
export const HEALTH_PATH = '/health';
/** 200 once the gateway can serve: session keys loaded, Redis answering when configured; else 503. */
export const READY_PATH = '/ready';

export function createGateway(config: GatewayConfig, deps: GatewayDeps = {}): Gateway {
  const providers = deps.providers ?? PROVIDERS;
  const registry = createProviderRegistry(providers);
  checkProviderSettings(registry, config);
  const baseUrls = baseUrlsOf(registry, config);
  const schema = buildSchema(providers);
  const logger = deps.logger ?? createLogger(config.logLevel);
  const memory = createGatewayCache({
    redisUrl: deps.cache ? null : config.redisUrl,
    maxEntries: config.cacheMaxEntries,
    encryptionKeys: config.cacheEncryptionKeys,
    clerkSecretKey: config.clerk.secretKey,
    redisCommandTimeoutMs: config.redisCommandTimeoutMs,
    log: logger,
    ...clockOf(deps),
  });
  const metrics =
    config.metricsPort === null
      ? undefined
      : createGatewayMetrics({
          ...(config.redisUrl && !deps.cache ? { redisReady: () => memory.isReady() } : {}),
          // A custom OIDC connection is an upstream of its own, named after it: known on first use.
          upstreams: [
            'clerk',
            ...providers.flatMap((provider) => (provider.id === CUSTOM_OIDC_ID ? [] : [provider.id])),
          ],
        });
  const tracing = config.otlpEndpoint
    ? createGatewayTracing({ endpoint: config.otlpEndpoint, paths: [GRAPHQL_PATH, CLERK_WEBHOOK_PATH] })
    : undefined;
  const telemetry = combineTelemetry(
    [metrics?.telemetry, tracing?.telemetry].filter((told) => told !== undefined),
  );
  let draining = false;
  const cache = deps.cache ?? memory.store;
  const locks = memory.locks ? { locks: memory.locks } : {};
  const { resilience } = config;
  const retry = createRetryPolicy({ budgetMs: resilience.retryBudgetMs });
  // One breaker per upstream: each provider id, and `clerk`.
  const breakers = createCircuitBreakers({
    failureThreshold: resilience.circuitFailureThreshold,
    cooldownMs: resilience.circuitCooldownMs,
    ...clockOf(deps),
    onStateChange: (upstream, state) => {
      telemetry.circuitChanged(upstream, state);
      if (state === 'open')
        logger.warn({ upstream, circuit: state }, 'upstream keeps failing: calls cut off');
      else logger.info({ upstream, circuit: state }, `circuit breaker ${state}`);
    },
  });
  const clerk = createClerkApi({
    secretKey: config.clerk.secretKey,
    apiUrl: config.clerk.apiUrl,
    timeoutMs: config.upstreamTimeoutMs,
    retry,
    breaker: breakers.get('clerk'),
    onCall: telemetry.clerkCall,
  });
  const verifier = createSessionVerifier({
    jwtKey: config.clerk.jwtKey,
    loadJwks: () => clerk.getJwks(),
    authorizedParties: config.clerk.authorizedParties,
    ...clockOf(deps),
  });
  const users = createUserDirectory({
    clerk,
    cache,
    ttlMs: config.userCacheTtlMs,
    staleIfErrorMs: resilience.userStaleIfErrorMs,
    ...locks,
    ...clockOf(deps),
    onStale: (userId, error) =>
      logger.warn({ userId, err: describe(error) }, 'Clerk failed: serving the last known user record'),
  });
  const broker = createTokenBroker({
    clerk,
    cache,
    expiryMarginMs: config.tokenExpiryMarginMs,
    unknownExpiryTtlMs: config.tokenUnknownExpiryTtlMs,
    onLookup: telemetry.tokenLookup,
    ...locks,
    ...clockOf(deps),
  });
  const fetchTokensAhead = createFetchTokensAhead(providerFieldsOf(providers), broker);
  const http = createUpstreamHttp({
    timeoutMs: config.upstreamTimeoutMs,
    maxBodyBytes: resilience.maxUpstreamBodyBytes,
    retry,
    breakers,
    onCall: (call) => {
      telemetry.providerCall(call);
      logger.debug({ upstream: call }, 'provider call');
    },
  });
  const conditional =
    config.conditionalCacheEntries > 0
      ? { conditional: createConditionalRequests({ maxEntries: config.conditionalCacheEntries }) }
      : {};
  const cursors = createCursorCodec(config.cursorSecret ?? config.clerk.secretKey);
  const graphiql = createGraphiQLRenderer();
  const graphiqlSettings = deps.graphiql ?? (config.graphiql ? { title: 'Provider Graph' } : undefined);
  const security = createGatewaySecurity(config.security, {
    developerTools: graphiqlSettings !== undefined,
    ...(memory.buckets && !deps.cache ? { buckets: memory.buckets } : {}),
    onRateLimited: telemetry.userRateLimited,
    ...clockOf(deps),
  });

  const compiledExecution = useCompiledExecution(deps.documentCompilation ?? 'repeated', logger);
  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: HEALTH_PATH,
    landingPage: false,
    multipart: false,
    // Headers carry session tokens: keep them out of the browser's localStorage, where a restarted
    // sandbox's stale token would also win over the fresh one.
    graphiql: graphiqlSettings ? { ...graphiqlSettings, shouldPersistHeaders: false } : false,
    renderGraphiQL: graphiql.render,
    cors: security.cors,
    maxRequestBodySize: security.maxRequestBodySize,
    ...(config.trustedDocuments ? { extraParamNames: [DOCUMENT_ID_PARAMETER] } : {}),
    maskedErrors: { maskError: (error, message) => maskError(error, message) },
    logging: yogaLogger(logger),
    plugins: [
      // Before the webhook: its requests are traced too.
      ...(tracing ? [tracing.plugin] : []),
      // First to read a request: a webhook's raw body must reach its signature check untouched.
      useClerkWebhooks(
        config.clerkWebhookSigningSecret
          ? createClerkWebhookHandler({
              signingSecret: config.clerkWebhookSigningSecret,
              eviction: deps.cache ?? memory,
              firstDelivery: (id) => memory.firstDelivery(id),
              forgetDelivery: (id) => memory.forgetDelivery(id),
              logger,
              onOutcome: telemetry.webhook,
            })
          : undefined,
      ),
      useReadiness(() => {
        // Keys that failed to load at start are asked for again by the probe, not only by a query.
        if (!verifier.hasKeys()) verifier.warmUp().catch(() => {});
        return {
          sessionKeys: verifier.hasKeys(),
          redis: config.redisUrl && !deps.cache ? memory.isReady() : null,
          draining,
        };
      }),
      ...(metrics ? [metrics.plugin] : []),
      graphiql.plugin,
      useListErrors(),
      useUpstreamReport(),
      useClientErrorHygiene(),
      useRequestLog(logger),
      ...(config.trustedDocuments
        ? [
            useTrustedDocuments({
              documents: config.trustedDocuments,
              allowArbitraryDocuments: deps.allowArbitraryDocuments === true,
            }),
          ]
        : []),
      ...security.plugins,
      // Last: it replaces how an operation runs, after every plugin has had its say on whether it runs.
      ...(compiledExecution ? [compiledExecution] : []),
    ],
    context: async ({ request, params }): Promise<GatewayContext> => {
      const report = params.extensions?.upstream === true ? { report: createUpstreamReport() } : {};
      // Wall-clock time (not `deps.clock`, which drives cache lifetimes): it bounds real waiting.
      const startedAt = Date.now();
      const deadline = startedAt + resilience.operationTimeoutMs;
      const tokensFetchedAhead: TokensFetchedAhead = new Map();
      const token = readSessionToken(request.headers);
      let session: VerifiedSession | null = null;
      if (token !== null) {
        try {
          session = await verifier.verify(token);
        } catch (error) {
          throw error instanceof GatewayError ? toGraphQLError(error) : error;
        }
      }
      return {
        session,
        users,
        cursors,
        accountApi: createAccountApi({
          broker,
          tokensFetchedAhead,
          http,
          baseUrls,
          configuredHeaders: config.providerHeaders,
          deadline,
          ...conditional,
          ...report,
        }),
        deadline,
        startedAt,
        listErrors: [],
        fetchTokensAhead,
        tokensFetchedAhead,
        ...(report.report ? { upstreamReport: report.report } : {}),
      };
    },
  });

  return {
    handle: (request, response) => {
      const header = request.headers['x-request-id'];
      const requestId = requestIdFrom(Array.isArray(header) ? header[0] : header);
      runInRequest(requestId, () => yoga(request, response));
    },
    fetch: (request) =>
      runInRequest(requestIdFrom(request.headers.get('x-request-id')), () =>
        Promise.resolve(yoga.fetch(request)),
      ),
    async warmUp() {
      try {
        await verifier.warmUp();
      } catch (error) {
        logger.warn({ err: describe(error) }, 'could not load Clerk JWKS ahead of the first request');
      }
    },
    ...(metrics ? { metrics: metricsListener(metrics) } : {}),
    drain() {
      draining = true;
    },
    close: async () => {
      await http.close();
      await memory.close();
      await tracing?.shutdown();
    },
  };
}

/**
 * Settings for a provider this gateway does not serve, or for a header a provider does not take from
 * configuration, are mistakes to report at start, not `PROVIDER_ERROR`s on every call.
 */
function checkProviderSettings(registry: ProviderRegistry, config: GatewayConfig): void {
  const problems: string[] = [];
  const served = (id: string) => registry.byId(id)?.id === id;
  for (const id of Object.keys(config.providerApiUrls)) {
    if (!served(id)) problems.push(`providerApiUrls.${id}: ${id} is not a provider this gateway serves`);
  }
  for (const [id, headers] of Object.entries(config.providerHeaders)) {
    if (!served(id)) {
      problems.push(`providerHeaders.${id}: ${id} is not a provider this gateway serves`);
      continue;
    }
    const taken = Object.keys(registry.byId(id)?.configuredHeaders ?? {});
    for (const header of Object.keys(headers).filter((name) => !taken.includes(name))) {
      problems.push(
        `providerHeaders.${id}.${header} is not a header ${id} takes from configuration (${taken.join(', ') || 'none'})`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * Where each provider is called: its configured base URL, else its public API; each custom OIDC
 * connection (`custom_<key>`) on its issuer.
 */
function baseUrlsOf(registry: ProviderRegistry, config: GatewayConfig): Record<string, string> {
  const baseUrls: Record<string, string> = {};
  for (const provider of registry.providers) {
    const url = config.providerApiUrls[provider.id] ?? provider.apiBaseUrl;
    if (url !== null) baseUrls[provider.id] = url;
  }
  for (const [key, issuer] of Object.entries(config.oidcIssuers)) baseUrls[`custom_${key}`] = issuer;
  return baseUrls;
}

function clockOf(deps: GatewayDeps): { clock?: Clock } {
  return deps.clock ? { clock: deps.clock } : {};
}

/** Yoga logs every error it masks; expected ones (a `GatewayError`) are routine and go to debug. */
function yogaLogger(logger: Logger) {
  const isExpected = (args: unknown[]) =>
    args.some((arg) => arg instanceof GraphQLError && arg.originalError instanceof GatewayError);
  return {
    debug: (...args: unknown[]) => logger.debug({ detail: args.map(describe) }, 'yoga'),
    info: (...args: unknown[]) => logger.info({ detail: args.map(describe) }, 'yoga'),
    warn: (...args: unknown[]) => logger.warn({ detail: args.map(describe) }, 'yoga'),
    error: (...args: unknown[]) =>
      isExpected(args)
        ? logger.debug({ detail: args.map(describe) }, 'expected error')
        : logger.error({ detail: args.map(describe) }, 'unexpected error'),
  };
}

/** What a log line keeps of an error: its kind, code, message and cause chain, never request data. */
function describe(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const original = value instanceof GraphQLError ? value.originalError : undefined;
  return {
    type: value.name,
    message: value.message,
    ...(value instanceof GatewayError ? { code: value.code, details: value.details } : {}),
    ...(original ? { original: describe(original) } : {}),
    ...(value.cause ? { cause: describe(value.cause) } : {}),
    ...(original || value instanceof GatewayError ? {} : { stack: value.stack }),
  };
}

/**
 * `GET /ready` (a load balancer's readiness probe): 200 when every part the gateway needs answers, else
 * 503; the body says which part is not ready (`null`: not configured).
 */
function useReadiness(
  state: () => { sessionKeys: boolean; redis: boolean | null; draining: boolean },
): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== READY_PATH || request.method !== 'GET') return;
      const parts = state();
      const ready = parts.sessionKeys && parts.redis !== false && !parts.draining;
      endResponse(Response.json({ ready, ...parts }, { status: ready ? 200 : 503 }));
    },
  };
}

/** `GET /metrics` in Prometheus's text format; 404 for anything else. */
function metricsListener(metrics: GatewayMetrics): NonNullable<Gateway['metrics']> {
  return (request, response) => {
    const path = request.url?.split('?')[0];
    if (path !== METRICS_PATH || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metrics.text().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    );
  };
}

/**
 * One line per request: id, method, path, status, duration, and how many of its errors were unexpected
 * (masked as "Unexpected error."; each is logged with its stack on a line of its own). The id is the
 * caller's `x-request-id` when usable (else a new one), echoed in the response.
 */
function useRequestLog(logger: Logger): Plugin {
  const started = new WeakMap<Request, { at: number; path: string; requestId: string; unexpected: number }>();
  return {
    onRequest({ request, url }) {
      started.set(request, {
        at: performance.now(),
        path: url.pathname,
        // Set by `handle` and `fetch`; a Yoga server embedded without them reads the header here.
        requestId: currentRequestId() ?? requestIdFrom(request.headers.get('x-request-id')),
        unexpected: 0,
      });
    },
    onResultProcess({ request, result }) {
      const entry = started.get(request);
      if (!entry || Array.isArray(result) || !('errors' in result)) return;
      entry.unexpected = (result.errors ?? []).filter(
        (error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR',
      ).length;
    },
    onResponse({ request, response }) {
      const entry = started.get(request);
      if (entry === undefined) return;
      response.headers.set('x-request-id', entry.requestId);
      logger.info(
        {
          requestId: entry.requestId,
          method: request.method,
          path: entry.path,
          status: response.status,
          durationMs: Math.round((performance.now() - entry.at) * 10) / 10,
          ...(entry.unexpected > 0 ? { unexpectedErrors: entry.unexpected } : {}),
        },
        'request',
      );
    },
  };
}
