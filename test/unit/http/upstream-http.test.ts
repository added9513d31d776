import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError, TokenRejectedError } from '../../../src/errors.js';
import { createCircuitBreakers } from '../../../src/http/circuit-breaker.js';
import { createRetryPolicy } from '../../../src/http/retry-policy.js';
import {
  createUpstreamHttp,
  type UpstreamHttp,
  type UpstreamHttpOptions,
} from '../../../src/http/upstream-http.js';
import type { UpstreamCallEvent, UpstreamProfile } from '../../../src/http/upstream-types.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A local server that answers each request with the next scripted handler (the last one repeats). */
let server: Server;
let baseUrl: string;
let script: Handler[] = [];
let requests = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((request, response) => {
    const handler = script[Math.min(requests, script.length - 1)];
    requests++;
    request.resume();
    handler?.(request, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let clients: UpstreamHttp[] = [];
afterEach(async () => {
  await Promise.all(clients.map((client) => client.close()));
  clients = [];
  script = [];
  requests = 0;
  server.closeAllConnections();
});

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
const reset: Handler = (request) => request.socket.destroy();
const hang: Handler = () => {};

/**
 * Discord (docs/providers.md#retry-timing-units-differ): 429 with `retry_after`, float seconds, in the
 * JSON body.
 */
const discordLike: UpstreamProfile = {
  id: 'discord',
  displayName: 'Discord',
  rateLimit: { bodyFields: [{ field: 'retry_after', unit: 'seconds' }] },
};
const plain: UpstreamProfile = { id: 'plain', displayName: 'Plain' };

/** A client whose retry waits are recorded and skipped: no test here sleeps for a backoff. */
function client(options: Partial<UpstreamHttpOptions> = {}) {
  const sleeps: number[] = [];
  const events: UpstreamCallEvent[] = [];
  const http = createUpstreamHttp({
    timeoutMs: 2_000,
    retry: createRetryPolicy({
      budgetMs: 2_000,
      random: () => 0.5,
      sleep: async (ms) => void sleeps.push(ms),
    }),
    onCall: (event) => events.push(event),
    ...options,
  });
  clients.push(http);
  return { http, sleeps, events };
}

const get = (path = '/items') => ({ method: 'GET' as const, url: new URL(`${baseUrl}${path}`), headers: {} });

async function failureOf(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('createUpstreamHttp: rate limits from the declaration', () => {
  it('waits for a body `retry_after` that fits the budget, then tries again', async () => {
    script = [
      json(429, { message: 'You are being rate limited.', retry_after: 0.25 }),
      json(200, { ok: true }),
    ];
    const { http, sleeps } = client();

    const response = await http.send(discordLike, get());

    expect(response.body).toEqual({ ok: true });
    expect(sleeps).toEqual([250]);
    expect(requests).toBe(2);
  });

  it('answers RATE_LIMITED at once, with retryAfter, when the wait exceeds the budget', async () => {
    script = [json(429, { message: 'You are being rate limited.', retry_after: 4.2 })];
    const { http, sleeps } = client();

    const error = await failureOf(http.send(discordLike, get()));

    expect(error.code).toBe('RATE_LIMITED');
    expect(error.details.retryAfter).toBe(5);
    expect(sleeps).toEqual([]);
    expect(requests).toBe(1);
  });

  it('reads Retry-After when the provider declares nothing', async () => {
    script = [json(429, {}, { 'retry-after': '30' })];
    const { http } = client();

    const error = await failureOf(http.send(plain, get()));

    expect(error.code).toBe('RATE_LIMITED');
    expect(error.details.retryAfter).toBe(30);
  });
});

describe('createUpstreamHttp: retries', () => {
  it.each([502, 503, 504])('retries a %i and returns the answer that follows', async (status) => {
    script = [json(status, { message: 'unavailable' }), json(200, { ok: true })];
    const { http, sleeps } = client();

    await expect(http.send(plain, get())).resolves.toMatchObject({ status: 200 });
    expect(sleeps).toEqual([50]);
  });

  it('retries a reset connection', async () => {
    script = [reset, json(200, { ok: true })];
    const { http } = client();

    await expect(http.send(plain, get())).resolves.toMatchObject({ body: { ok: true } });
    expect(requests).toBe(2);
  });

  it('gives up after three attempts with PROVIDER_ERROR', async () => {
    script = [json(503, {})];
    const { http, sleeps, events } = client();

    const error = await failureOf(http.send(plain, get()));

    expect(error.code).toBe('PROVIDER_ERROR');
    expect(requests).toBe(3);
    expect(sleeps).toEqual([50, 100]);
    expect(events.map((event) => event.attempt)).toEqual([1, 2, 3]);
  });

  it.each([
    ['a 500', json(500, {})],
    ['a 404', json(404, {})],
    [
      'a malformed body',
      (_request: IncomingMessage, response: ServerResponse) => response.end('{"items": ['),
    ],
  ])('does not retry %s', async (_name, handler) => {
    script = [handler];
    const { http } = client();

    expect((await failureOf(http.send(plain, get()))).code).toBe('PROVIDER_ERROR');
    expect(requests).toBe(1);
  });

  it('does not retry a refused token: that is the token broker’s business', async () => {
    script = [json(401, { message: 'Bad credentials' })];
    const { http } = client();

    await expect(http.send(plain, get())).rejects.toBeInstanceOf(TokenRejectedError);
    expect(requests).toBe(1);
  });

  it('does not retry a request that is not a read', async () => {
    script = [json(503, {})];
    const { http } = client();

    const error = await failureOf(http.send(plain, { ...get(), method: 'POST', body: '{}' }));

    expect(error.code).toBe('PROVIDER_ERROR');
    expect(requests).toBe(1);
  });
});

describe('createUpstreamHttp: bounds', () => {
  it('refuses a body over the size cap with PROVIDER_ERROR', async () => {
    script = [json(200, { data: 'x'.repeat(4_000) })];
    const { http } = client({ maxBodyBytes: 1_024 });

    const error = await failureOf(http.send(plain, get()));

    expect(error.code).toBe('PROVIDER_ERROR');
    expect(error.message).toBe('Plain returned a response larger than 1024 bytes.');
  });

  it('answers PROVIDER_TIMEOUT when the deadline comes before the timeout, and frees the socket', async () => {
    script = [hang];
    const { http } = client({ timeoutMs: 5_000 });
    const started = Date.now();

    const error = await failureOf(http.send(plain, get(), { deadline: Date.now() + 300 }));

    expect(error.code).toBe('PROVIDER_TIMEOUT');
    expect(error.message).toBe("Plain did not answer before the operation's deadline.");
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect.poll(() => sockets.size, { timeout: 1_000 }).toBe(0);
  });

  it('makes no call once the deadline has passed', async () => {
    script = [json(200, {})];
    const { http } = client();

    const error = await failureOf(http.send(plain, get(), { deadline: Date.now() - 1 }));

    expect(error.code).toBe('PROVIDER_TIMEOUT');
    expect(requests).toBe(0);
  });
});

describe('createUpstreamHttp: circuit breaker', () => {
  function breakers() {
    return createCircuitBreakers({ failureThreshold: 2, cooldownMs: 60_000 });
  }

  it('cuts a provider off after failures in a row: no call, PROVIDER_ERROR at once', async () => {
    script = [json(500, {})];
    const { http, events } = client({ breakers: breakers() });
    await failureOf(http.send(plain, get()));
    await failureOf(http.send(plain, get()));

    const error = await failureOf(http.send(plain, get()));

    expect(error.code).toBe('PROVIDER_ERROR');
    expect(error.message).toBe('Plain is failing: calls to it are paused for a few seconds.');
    expect(requests).toBe(2);
    expect(events.at(-1)).toMatchObject({ provider: 'plain', attempt: 0, code: 'PROVIDER_ERROR' });
  });

  it('counts one failure per call, however many attempts it took', async () => {
    script = [json(503, {}), json(503, {}), json(503, {}), json(200, {})];
    const { http } = client({ breakers: createCircuitBreakers({ failureThreshold: 2, cooldownMs: 60_000 }) });
    await failureOf(http.send(plain, get()));

    await expect(http.send(plain, get())).resolves.toMatchObject({ status: 200 });
  });

  it('does not count refusals, rate limits or an oversized body as failures', async () => {
    script = [json(404, {}), json(429, {}, { 'retry-after': '60' }), json(200, { data: 'x'.repeat(4_000) })];
    const { http } = client({ breakers: breakers(), maxBodyBytes: 1_024 });

    for (let call = 0; call < 5; call++) await failureOf(http.send(plain, get()));

    expect(requests).toBe(5);
  });

  it('keeps other providers going while one is cut off', async () => {
    script = [json(500, {})];
    const { http } = client({ breakers: breakers() });
    await failureOf(http.send(plain, get()));
    await failureOf(http.send(plain, get()));
    script = [json(200, { ok: true })];
    requests = 0;

    await expect(http.send(discordLike, get())).resolves.toMatchObject({ body: { ok: true } });
    expect(requests).toBe(1);
  });
});
