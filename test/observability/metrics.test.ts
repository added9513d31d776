/**
 * Prometheus metrics after a fault matrix: each provider and Clerk call counted under its outcome,
 * token cache hits and misses, circuit breakers, per-user refusals, webhook deliveries, Yoga's phases;
 * bounded labels only, and no user id, account id, token or secret anywhere in the text. Served on the
 * gateway's metrics listener, never on the public port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type RunningServer } from '../../src/listen.js';
import { deliverClerkWebhook } from '../support/clerk-webhook.js';
import { type Stack, startStack } from '../support/stack.js';

const WEBHOOK_SECRET = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
const REPOS = '{ me { connectedAccounts { githubRepos(first: 2) { edges { node { name } } } } } }';

/** The value of one series, e.g. `provider_graph_provider_calls_total{provider="github",outcome="ok"}`. */
function sampleOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Prometheus metrics', () => {
  let stack: Stack;
  let metrics: RunningServer;
  const secrets: string[] = [];
  const ids: string[] = [];

  beforeAll(async () => {
    stack = await startStack({
      env: {
        GATEWAY_METRICS_PORT: '9464',
        GATEWAY_CIRCUIT_FAILURE_THRESHOLD: '2',
        GATEWAY_RETRY_BUDGET_MS: '0',
        GATEWAY_USER_RATE_LIMIT: '40',
        CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET,
      },
    });
    const handler = stack.gateway.metrics;
    if (!handler) throw new Error('GATEWAY_METRICS_PORT is set: the gateway must serve metrics');
    metrics = await listen(handler, { port: 0, host: '127.0.0.1' });
    const { clerk } = stack.emulator;

    // A healthy GitHub account, queried twice (a token miss, then a hit).
    const healthy = clerk.createUser();
    const account = clerk.connectAccount(healthy.id, { provider: 'github' });
    stack.emulator.github.setRepos(account.id, { count: 3 });
    const token = clerk.signSessionToken(healthy.id, { expiresInSeconds: 3600 });
    for (let i = 0; i < 2; i++) expect((await stack.post({ query: REPOS }, { token })).status).toBe(200);

    // A GitHub that fails: 500s open its breaker after two, then calls are cut off.
    const failing = clerk.createUser();
    const broken = clerk.connectAccount(failing.id, { provider: 'github' });
    const failingToken = clerk.signSessionToken(failing.id, { expiresInSeconds: 3600 });
    const fault = stack.emulator.faults.inject({
      service: 'github',
      accountId: broken.id,
      status: 500,
      body: {},
    });
    for (let i = 0; i < 3; i++) await stack.post({ query: REPOS }, { token: failingToken });
    fault.remove();

    // A user over the per-user rate limit.
    const busy = clerk.createUser();
    const busyToken = clerk.signSessionToken(busy.id, { expiresInSeconds: 3600 });
    for (let i = 0; i < 42; i++) await stack.post({ query: '{ me { id } }' }, { token: busyToken });

    // One webhook evicting the healthy user, one with a bad signature.
    const body = JSON.stringify({
      type: 'user.deleted',
      object: 'event',
      data: { id: healthy.id, object: 'user', deleted: true },
    });
    const delivery = { url: stack.url, secret: WEBHOOK_SECRET, body, id: 'msg_metrics_1' };
    expect((await deliverClerkWebhook(delivery)).status).toBe(200);
    const forged = { ...delivery, signature: 'v1,bm90IGEgc2lnbmF0dXJl' };
    expect((await deliverClerkWebhook(forged)).status).toBe(400);

    secrets.push(token, failingToken, busyToken, stack.config.clerk.secretKey, WEBHOOK_SECRET);
    secrets.push(clerk.currentAccessToken(account.id), clerk.currentAccessToken(broken.id));
    ids.push(healthy.id, failing.id, busy.id, account.id, broken.id);
  });
  afterAll(async () => {
    await metrics?.close();
    await stack?.close();
  });

  const scrape = async () => {
    const response = await fetch(`${metrics.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  it('counts provider calls by provider and outcome, and times them', async () => {
    const text = await scrape();
    // The second read of the healthy account was answered 304 (conditional reads).
    expect(sampleOf(text, 'provider_graph_provider_calls_total{provider="github",outcome="ok"}')).toBe(1);
    expect(
      sampleOf(text, 'provider_graph_provider_calls_total{provider="github",outcome="not_modified"}'),
    ).toBe(1);
    // Two 500s, then the third query is cut off by the open breaker: three failed calls.
    expect(
      sampleOf(text, 'provider_graph_provider_calls_total{provider="github",outcome="PROVIDER_ERROR"}'),
    ).toBe(3);
    expect(
      sampleOf(text, 'provider_graph_provider_call_duration_seconds_count{provider="github",outcome="ok"}'),
    ).toBe(1);
    // The cut-off call did not reach GitHub: counted, not timed.
    expect(
      sampleOf(
        text,
        'provider_graph_provider_call_duration_seconds_count{provider="github",outcome="PROVIDER_ERROR"}',
      ),
    ).toBe(2);
  });

  it('counts Clerk calls by operation and outcome, and token cache hits and misses', async () => {
    const text = await scrape();
    expect(sampleOf(text, 'provider_graph_clerk_calls_total{operation="getUser",outcome="ok"}')).toBe(3);
    expect(
      sampleOf(text, 'provider_graph_clerk_calls_total{operation="getUserOauthAccessToken",outcome="ok"}'),
    ).toBe(2);
    // Five queries on one account each: five lookups. The first of each user's finds the tokens Clerk
    // was asked for alongside the user lookup, cached (a hit) or not yet (a miss, waiting on that call).
    const hits = sampleOf(text, 'provider_graph_token_cache_lookups_total{result="hit"}') ?? 0;
    const misses = sampleOf(text, 'provider_graph_token_cache_lookups_total{result="miss"}') ?? 0;
    expect(hits + misses).toBe(5);
    expect(misses).toBeLessThanOrEqual(2);
  });

  it('shows circuit breakers, per-user refusals and webhook deliveries', async () => {
    const text = await scrape();
    expect(sampleOf(text, 'provider_graph_circuit_state{upstream="github"}')).toBe(2);
    // Upstreams whose breakers never changed read closed, so an alert on the series has a value.
    expect(sampleOf(text, 'provider_graph_circuit_state{upstream="clerk"}')).toBe(0);
    expect(sampleOf(text, 'provider_graph_circuit_state{upstream="notion"}')).toBe(0);
    expect(sampleOf(text, 'provider_graph_circuit_state{upstream="custom"}')).toBeUndefined();
    expect(sampleOf(text, 'provider_graph_user_rate_limited_total')).toBe(2);
    expect(
      sampleOf(text, 'provider_graph_webhook_deliveries_total{outcome="evicted",event="user.deleted"}'),
    ).toBe(1);
    expect(sampleOf(text, 'provider_graph_webhook_deliveries_total{outcome="refused",event="other"}')).toBe(
      1,
    );
  });

  it("has Yoga's GraphQL phases and the process's own series, without operation names or URLs", async () => {
    const text = await scrape();
    for (const series of [
      'graphql_envelop_phase_parse',
      'graphql_envelop_phase_validate',
      'graphql_envelop_phase_context',
      'graphql_envelop_phase_execute',
      'graphql_yoga_http_duration',
      'process_cpu_seconds_total',
    ]) {
      expect(text).toContain(series);
    }
    expect(text).not.toMatch(/operationName=|url=|path=/);
  });

  it('holds no user id, account id, token or secret', async () => {
    const text = await scrape();
    for (const value of [...secrets, ...ids]) expect(text).not.toContain(value);
  });

  it('is served on its own listener only: not on the public port, nothing but /metrics', async () => {
    expect((await fetch(`${stack.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${metrics.url}/graphql`)).status).toBe(404);
  });
});

describe('without GATEWAY_METRICS_PORT', () => {
  it('collects no metrics', async () => {
    const stack = await startStack();
    try {
      expect(stack.gateway.metrics).toBeUndefined();
    } finally {
      await stack.close();
    }
  });
});
