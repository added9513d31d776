/**
 * The benchmark's load generator: an HTTP client over keep-alive sockets, latency with one request in
 * flight (median, p99) and throughput at a fixed number of requests in flight.
 *
 * The client is `node:http` with a keep-alive agent rather than `fetch`: it costs the load generator less
 * CPU per request, and the generator shares its machine with the emulator and the servers under test
 * (each in a process of its own). Every scenario, the direct floor included, goes through the same client.
 */
import { Agent, request } from 'node:http';

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

export interface HttpClient {
  send(
    url: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<HttpResponse>;
  close(): void;
}

/**
 * Idle keep-alive sockets are dropped after this long, before the servers under test close them (the
 * gateway after 5 s): a socket reused at the moment the server closes it fails with "socket hang up".
 */
const IDLE_SOCKET_TIMEOUT_MS = 4_000;

export function createHttpClient(maxSockets: number): HttpClient {
  const agent = new Agent({
    keepAlive: true,
    maxSockets,
    maxFreeSockets: maxSockets,
    timeout: IDLE_SOCKET_TIMEOUT_MS,
  });

  function attempt(url: string, init: Parameters<HttpClient['send']>[1] = {}, retried = false) {
    return new Promise<HttpResponse>((resolve, reject) => {
      const headers = { ...init.headers };
      if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
      const req = request(url, { method: init.method ?? 'GET', headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        // Node's documented remedy for a kept-alive socket the server closed just as it was reused.
        if (req.reusedSocket && error.code === 'ECONNRESET' && !retried) {
          resolve(attempt(url, init, true));
        } else {
          reject(error);
        }
      });
      req.end(init.body);
    });
  }

  return {
    send: (url, init) => attempt(url, init),
    close: () => agent.destroy(),
  };
}

/** One request of a scenario: sends it, checks the answer, throws when it is wrong. */
export type Operation = () => Promise<void>;

export interface LatencySummary {
  readonly count: number;
  readonly median: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
}

/** Runs `count` operations one after the other; returns each one's duration in milliseconds. */
export async function measureLatency(operation: Operation, count: number): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await operation();
    durations.push(performance.now() - start);
  }
  return durations;
}

/**
 * Runs `first` and `second` one after the other, `count` times each, alternating: whatever the machine
 * does meanwhile falls on both alike. Returns each pair's difference, `second` minus `first`, in ms.
 */
export async function measurePairedDifference(
  first: Operation,
  second: Operation,
  count: number,
): Promise<number[]> {
  const differences: number[] = [];
  for (let i = 0; i < count; i++) {
    // Which goes first alternates too, so neither always meets a connection the other just warmed.
    const [a, b] = i % 2 === 0 ? [first, second] : [second, first];
    const [durationA, durationB] = [...(await measureLatency(a, 1)), ...(await measureLatency(b, 1))];
    const [durationFirst, durationSecond] = i % 2 === 0 ? [durationA, durationB] : [durationB, durationA];
    differences.push((durationSecond as number) - (durationFirst as number));
  }
  return differences;
}

/** Nearest-rank percentile (`q` in 0..1) of ascending samples. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

export function summarize(durations: readonly number[]): LatencySummary {
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export interface ThroughputResult {
  readonly completed: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
}

/**
 * Keeps `concurrency` operations in flight until `durationMs` has passed (or `maxRequests` have been
 * started), then waits for the ones in flight. Throughput counts every completed operation over the
 * whole time, the tail included. The first failure stops the run and is thrown.
 */
export async function measureThroughput(
  operation: Operation,
  options: { concurrency: number; durationMs: number; maxRequests?: number },
): Promise<ThroughputResult> {
  const maxRequests = options.maxRequests ?? Number.POSITIVE_INFINITY;
  const start = performance.now();
  const deadline = start + options.durationMs;
  let started = 0;
  let completed = 0;
  let failed = false;

  async function worker(): Promise<void> {
    while (!failed && started < maxRequests && performance.now() < deadline) {
      started++;
      try {
        await operation();
      } catch (error) {
        failed = true;
        throw error;
      }
      completed++;
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  return { completed, seconds, requestsPerSecond: completed / seconds };
}
