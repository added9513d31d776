/**
 * OpenTelemetry traces, exported over OTLP/HTTP (JSON) to `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`;
 * off when it is unset. One server span per request to `/graphql` or the webhook, continuing the
 * caller's trace when it sends a W3C `traceparent`; under it, a client span for each attempt of each
 * Clerk and provider call, with the provider, the GraphQL field, the HTTP status and the attempt.
 *
 * Spans carry what the gateway logs, never more: no token, no session, no query variable's value (the
 * events spans are made of hold none), and URLs without their query string. The exporter also reads
 * OpenTelemetry's other standard variables (`OTEL_EXPORTER_OTLP_HEADERS`, `…_TIMEOUT`).
 *
 * The tracer provider is the gateway's own, not registered globally: an application that embeds the
 * gateway keeps its own. The server span travels with the request's scope (`request-context.ts`), so no
 * global context manager is needed either. Versions: `@opentelemetry/sdk-trace-node` 2.12 and
 * `exporter-trace-otlp-http` 0.223, the last that run on Node 20 (0.300 and later need Node 22).
 */
import { createRequire } from 'node:module';
import {
  type Attributes,
  type defaultTextMapGetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { currentRequestScope } from '../request-context.js';
import type { Telemetry } from './telemetry.js';

export interface GatewayTracing {
  readonly telemetry: Telemetry;
  /** Opens and closes each request's server span; names the operation on it. */
  readonly plugin: Plugin;
  /** Sends what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

export interface GatewayTracingOptions {
  /** The OTLP/HTTP base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  readonly endpoint: string;
  readonly serviceName?: string;
  /** Paths that get a server span. */
  readonly paths: readonly string[];
}

/**
 * The SDK and the exporter are loaded when tracing is turned on, not with the gateway: they take about
 * 70 ms and 10 MB of heap to load (measured on the built gateway), which a gateway without
 * `OTEL_EXPORTER_OTLP_ENDPOINT` would pay for nothing. They are CommonJS packages (no `exports` map),
 * which `import` loads the same way.
 */
function loadSdk() {
  const require = createRequire(import.meta.url);
  const { W3CTraceContextPropagator } =
    require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } =
    require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { BatchSpanProcessor, NodeTracerProvider } =
    require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  return {
    BatchSpanProcessor,
    NodeTracerProvider,
    OTLPTraceExporter,
    resourceFromAttributes,
    W3CTraceContextPropagator,
  };
}

export function createGatewayTracing(options: GatewayTracingOptions): GatewayTracing {
  const {
    BatchSpanProcessor,
    NodeTracerProvider,
    OTLPTraceExporter,
    resourceFromAttributes,
    W3CTraceContextPropagator,
  } = loadSdk();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName ?? 'provider-graph' }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` }),
      ),
    ],
  });
  const tracer = provider.getTracer('provider-graph');
  const propagator = new W3CTraceContextPropagator();
  const traced = new Set(options.paths);
  const spans = new WeakMap<Request, Span>();

  /** A span that already happened (an attempt just ended), under the request's server span. */
  function record(name: string, durationMs: number, attributes: Attributes, failure: string | null) {
    const parent = currentRequestScope()?.span;
    const end = Date.now();
    const span = tracer.startSpan(
      name,
      { kind: SpanKind.CLIENT, startTime: end - durationMs, attributes },
      parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT,
    );
    if (failure) span.setStatus({ code: SpanStatusCode.ERROR, message: failure });
    span.end(end);
  }

  const telemetry: Telemetry = {
    providerCall(event) {
      record(
        `${event.provider} ${event.method}`,
        event.durationMs,
        {
          'provider_graph.provider': event.provider,
          ...(event.field ? { 'provider_graph.field': event.field } : {}),
          'provider_graph.attempt': event.attempt,
          'http.request.method': event.method,
          'url.full': event.url,
          ...(event.status === null ? {} : { 'http.response.status_code': event.status }),
          ...(event.code ? { 'error.type': event.code } : {}),
        },
        event.code,
      );
    },
    clerkCall(event) {
      record(
        `clerk ${event.operation}`,
        event.durationMs,
        {
          'provider_graph.clerk.operation': event.operation,
          'provider_graph.attempt': event.attempt,
          ...(event.status === null ? {} : { 'http.response.status_code': event.status }),
          ...(event.code ? { 'error.type': event.code } : {}),
        },
        event.code,
      );
    },
    tokenLookup: () => {},
    circuitChanged: () => {},
    userRateLimited: () => {},
    webhook: () => {},
  };

  const plugin: Plugin = {
    onRequest({ request, url }) {
      if (!traced.has(url.pathname)) return;
      const parent = propagator.extract(ROOT_CONTEXT, request.headers, headersGetter);
      const span = tracer.startSpan(
        `${request.method} ${url.pathname}`,
        {
          kind: SpanKind.SERVER,
          attributes: { 'http.request.method': request.method, 'url.path': url.pathname },
        },
        parent,
      );
      spans.set(request, span);
      const scope = currentRequestScope();
      if (scope) scope.span = span;
    },
    onExecute({ args }) {
      const span = currentRequestScope()?.span;
      const operation = getOperationAST(args.document, args.operationName);
      if (!span || !operation) return;
      span.setAttribute('graphql.operation.type', operation.operation);
      if (operation.name) span.setAttribute('graphql.operation.name', operation.name.value);
    },
    onResponse({ request, response }) {
      const span = spans.get(request);
      if (!span) return;
      span.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };

  return { telemetry, plugin, shutdown: () => provider.shutdown() };
}

/** Reads a WHATWG `Headers` for the propagator (`traceparent`, `tracestate`). */
const headersGetter = {
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
  keys: (headers: Headers) => [...headers.keys()],
} satisfies typeof defaultTextMapGetter;
