/**
 * OpenTelemetry traces reach an OTLP/HTTP receiver on 127.0.0.1 (this test's own): a server span per
 * operation continuing the caller's `traceparent`, a client span per Clerk and provider call with its
 * provider, field, status and attempt; and no token, session, secret or variable value in any byte sent.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from '../support/stack.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
  status?: { code?: number };
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';
const VARIABLE_VALUE = 'eac_variable_value_never_traced';

const QUERY = `query Traced($id: ID!) {
  me {
    connectedAccount(id: $id) { id }
    connectedAccounts { githubRepos(first: 2) { edges { node { name } } } }
  }
}`;

describe('OpenTelemetry traces', () => {
  let receiver: Server;
  let stack: Stack;
  const bodies: Buffer[] = [];
  let spans: OtlpSpan[] = [];
  const secrets: string[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.url === '/v1/traces') bodies.push(Buffer.concat(chunks));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    stack = await startStack({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` } });

    const { clerk } = stack.emulator;
    const user = clerk.createUser();
    const account = clerk.connectAccount(user.id, { provider: 'github' });
    stack.emulator.github.setRepos(account.id, { count: 3 });
    const token = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
    // GitHub fails once with a 502: retried, so the call has two attempts.
    stack.emulator.faults.inject({
      service: 'github',
      accountId: account.id,
      status: 502,
      body: {},
      times: 1,
    });
    const response = await stack.post(
      { query: QUERY, variables: { id: VARIABLE_VALUE } },
      { token, headers: { traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01` } },
    );
    expect(response.body.errors).toBeUndefined();
    secrets.push(token, stack.config.clerk.secretKey, clerk.currentAccessToken(account.id), VARIABLE_VALUE);

    // Closing flushes the batch of spans.
    await stack.close();
    spans = bodies.flatMap((body) =>
      (
        JSON.parse(body.toString('utf8')) as {
          resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
        }
      ).resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)),
    );
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  const attribute = (span: OtlpSpan | undefined, key: string) => {
    const value = span?.attributes.find((candidate) => candidate.key === key)?.value;
    return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
  };

  it("exports a server span for the operation, continuing the caller's trace", () => {
    const server = spans.find((span) => span.name === 'POST /graphql');
    expect(server).toBeDefined();
    expect(server?.traceId).toBe(TRACE_ID);
    expect(server?.parentSpanId).toBe(PARENT_SPAN_ID);
    expect(attribute(server, 'graphql.operation.type')).toBe('query');
    expect(attribute(server, 'graphql.operation.name')).toBe('Traced');
    expect(attribute(server, 'http.response.status_code')).toBe(200);
  });

  it('exports a span under it for each attempt of each Clerk and provider call', () => {
    const server = spans.find((span) => span.name === 'POST /graphql');
    const github = spans.filter((span) => span.name === 'github GET');
    expect(github.map((span) => attribute(span, 'provider_graph.attempt'))).toEqual([1, 2]);
    expect(github.map((span) => attribute(span, 'http.response.status_code'))).toEqual([502, 200]);
    for (const span of github) {
      expect(span.traceId).toBe(TRACE_ID);
      expect(span.parentSpanId).toBe(server?.spanId);
      expect(attribute(span, 'provider_graph.provider')).toBe('github');
      expect(attribute(span, 'provider_graph.field')).toBe('githubRepos');
    }
    expect(github[0]?.status?.code).toBe(2);
    const clerk = spans.filter((span) => span.name.startsWith('clerk '));
    expect(clerk.map((span) => span.name).sort()).toEqual(['clerk getUser', 'clerk getUserOauthAccessToken']);
    for (const span of clerk) expect(span.parentSpanId).toBe(server?.spanId);
  });

  it('sends no token, session, secret or variable value', () => {
    expect(bodies.length).toBeGreaterThan(0);
    const sent = Buffer.concat(bodies).toString('utf8');
    for (const secret of secrets) expect(sent).not.toContain(secret);
  });
});
