/**
 * Prometheus metrics (`GATEWAY_METRICS_PORT`), served at `/metrics` on a port of their own, never the
 * public one. Yoga's GraphQL phases come from `@graphql-yoga/plugin-prometheus`; the gateway adds its
 * own series, prefixed `provider_graph_` (README, "Metrics").
 *
 * Labels are bounded: a provider id, an upstream, a Clerk operation, an error code, a phase, an HTTP
 * method and status. Never a user id, an account id, a token, an operation name a client chose, or a
 * URL (Yoga's HTTP histogram labels the whole URL by default, query string included: ours does not).
 */
import { createHistogram, usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { CircuitState } from '../http/circuit-breaker.js';
import type { Telemetry } from './telemetry.js';

export const METRICS_PATH = '/metrics';

export interface GatewayMetrics {
  readonly telemetry: Telemetry;
  /** Yoga's phases: parse, validate, context, execute, errors, HTTP duration. */
  readonly plugin: Plugin;
  /** The Prometheus text exposition of every series. */
  text(): Promise<string>;
  readonly contentType: string;
}

export interface GatewayMetricsOptions {
  /** Whether the shared Redis answers; absent without Redis. */
  readonly redisReady?: () => boolean;
  /**
   * The upstreams whose circuit state is shown from the start (closed), so an alert on the series
   * has a value to read before the first failure; others (a custom OIDC connection) appear on their
   * first change.
   */
  readonly upstreams?: readonly string[];
}

/** Upstream latency buckets, in seconds: provider calls take tens to thousands of milliseconds. */
const UPSTREAM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const CIRCUIT_VALUES: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

export function createGatewayMetrics(options: GatewayMetricsOptions = {}): GatewayMetrics {
  // A registry of its own: two gateways in one process (tests, an app embedding two) keep apart.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const providerCalls = new Counter({
    name: 'provider_graph_provider_calls_total',
    help: 'Provider HTTP calls, each attempt counted, by provider and outcome (ok, not_modified, or the error code).',
    labelNames: ['provider', 'outcome'],
    registers: [registry],
  });
  const providerDuration = new Histogram({
    name: 'provider_graph_provider_call_duration_seconds',
    help: 'Duration of provider HTTP calls (each attempt), by provider and outcome.',
    labelNames: ['provider', 'outcome'],
    buckets: UPSTREAM_BUCKETS,
    registers: [registry],
  });
  const clerkCalls = new Counter({
    name: 'provider_graph_clerk_calls_total',
    help: 'Clerk Backend API calls, each attempt counted, by operation and outcome (ok or the error code).',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  const clerkDuration = new Histogram({
    name: 'provider_graph_clerk_call_duration_seconds',
    help: 'Duration of Clerk Backend API calls (each attempt), by operation and outcome.',
    labelNames: ['operation', 'outcome'],
    buckets: UPSTREAM_BUCKETS,
    registers: [registry],
  });
  const tokenLookups = new Counter({
    name: 'provider_graph_token_cache_lookups_total',
    help: "OAuth token lookups in the cache, by result (hit: no Clerk call; miss: Clerk asked, or the call a new user's query started ahead awaited).",
    labelNames: ['result'],
    registers: [registry],
  });
  const circuits = new Gauge({
    name: 'provider_graph_circuit_state',
    help: 'Circuit breaker of each upstream: 0 closed (calls pass), 1 half-open (one trial call), 2 open (calls cut off).',
    labelNames: ['upstream'],
    registers: [registry],
  });
  for (const upstream of options.upstreams ?? []) circuits.set({ upstream }, CIRCUIT_VALUES.closed);
  const rateLimited = new Counter({
    name: 'provider_graph_user_rate_limited_total',
    help: 'Requests refused by the per-user rate limit (GATEWAY_USER_RATE_LIMIT).',
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'provider_graph_webhook_deliveries_total',
    help: 'Clerk webhook deliveries, by outcome (evicted, ignored, redelivered, refused, failed) and event type.',
    labelNames: ['outcome', 'event'],
    registers: [registry],
  });
  if (options.redisReady) {
    const redisReady = options.redisReady;
    new Gauge({
      name: 'provider_graph_redis_up',
      help: 'Whether the shared Redis answers (1) or the gateway serves from its in-process cache alone (0).',
      registers: [registry],
      collect() {
        this.set(redisReady() ? 1 : 0);
      },
    });
  }

  const telemetry: Telemetry = {
    providerCall(event) {
      const outcome = event.code ?? (event.status === 304 ? 'not_modified' : 'ok');
      const labels = { provider: event.provider, outcome };
      providerCalls.inc(labels);
      // A call the breaker cut off took no time upstream: counted, not timed.
      if (event.attempt > 0) providerDuration.observe(labels, event.durationMs / 1000);
    },
    clerkCall(event) {
      const labels = { operation: event.operation, outcome: event.code ?? 'ok' };
      clerkCalls.inc(labels);
      clerkDuration.observe(labels, event.durationMs / 1000);
    },
    tokenLookup(found) {
      tokenLookups.inc({ result: found ? 'hit' : 'miss' });
    },
    circuitChanged(upstream, state) {
      circuits.set({ upstream }, CIRCUIT_VALUES[state]);
    },
    userRateLimited() {
      rateLimited.inc();
    },
    webhook(outcome, eventType) {
      webhooks.inc({
        outcome,
        event: eventType === 'user.updated' || eventType === 'user.deleted' ? eventType : 'other',
      });
    },
  };

  const plugin = usePrometheus({
    registry,
    endpoint: false,
    // No label a client chooses freely (the operation's name) or that names a request (a path).
    labels: { operationName: false, path: false },
    metrics: {
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_schema_change: false,
      // The graph has no deprecated field, and counting them walks every request's document.
      graphql_envelop_deprecated_field: false,
      graphql_yoga_http_duration: createHistogram({
        registry,
        histogram: {
          name: 'graphql_yoga_http_duration',
          help: 'Time spent on HTTP requests to /graphql, by method, status and operation type.',
          labelNames: ['method', 'statusCode', 'operationType'],
        },
        phases: ['request'],
        fillLabelsFn: (params, { request, response }) => ({
          method: request.method,
          statusCode: response.status,
          operationType: params.operationType ?? 'unknown',
        }),
      }),
    },
  });

  return {
    telemetry,
    plugin,
    text: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
