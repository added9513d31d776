/**
 * `npm run bench` (README, "Benchmark"): the gateway against the emulator with injected latency, side by side
 * with the direct provider call (the floor), a bare one-hop relay (the floor of any extra process hop) and
 * the per-request pattern of Clerk's docs example.
 *
 * Every part runs in a process of its own, as a real client, server and provider are different machines:
 * this process only generates load (and checks every answer); the emulator (Clerk and the providers,
 * test/bench/emulator-process.ts) and the servers under test (the gateway, built and started as
 * `npm start` starts it: plain `node` on `dist/server.js`, in production mode; and the per-request
 * server, with NODE_ENV=production) are child processes. So every scenario, the direct
 * floor included, crosses one process boundary from the client to what answers it. The emulator is
 * seeded, and its call log reset and counted, over Node's IPC channel (emulator-protocol.ts), never
 * while a phase is being measured. Prints one Markdown table, the machine it ran on, and how the performance
 * targets fare.
 *
 *   npm run bench                      # default: 20 ms injected latency, about eight minutes
 *   npm run bench -- --quick           # smoke run, about two minutes
 *   npm run bench -- --profile         # and the gateway's CPU profile (bench-profiles/)
 *   npm run bench -- --latency 50 --requests 300 --duration 5 --concurrency 64
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, get as httpGet } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CallFilter, ServiceName } from '../../src/emulator/index.js';
import { ROOT, type RunningProcess, runProcess } from '../support/child-process.js';
import { type RedisServer, startRedis } from '../support/redis-server.js';
import { newestProfile, summarizeProfile } from './cpu-profile.js';
import {
  type EmulatorMethods,
  type EmulatorRequest,
  isEmulatorResponse,
  isReadyMessage,
  type MethodName,
  type SeedResult,
} from './emulator-protocol.js';
import {
  createHttpClient,
  type HttpResponse,
  type LatencySummary,
  measureLatency,
  measurePairedDifference,
  measureThroughput,
  type Operation,
  summarize,
  type ThroughputResult,
} from './load.js';

const EXIT_WITH_PARENT = new URL('./exit-with-parent.mjs', import.meta.url).href;
const HEAP_PROBE = new URL('./heap-probe.mjs', import.meta.url).href;
/** Where `--profile` writes the gateway's CPU profiles (git ignores it). */
const PROFILE_DIR = fileURLToPath(new URL('../../bench-profiles/', import.meta.url));
const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const EMULATOR_PROCESS = fileURLToPath(new URL('./emulator-process.ts', import.meta.url));
const PER_REQUEST_SERVER = fileURLToPath(new URL('./per-request-server.ts', import.meta.url));
const RELAY_SERVER = fileURLToPath(new URL('./relay-server.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const SESSION_LIFETIME_SECONDS = 3600;
const NOTION_PEOPLE = 40;
const NOTION_BOTS = 2;
const NOTION_USERS = NOTION_PEOPLE + NOTION_BOTS;
const GITHUB_REPOS = [60, 30] as const;
const GITHUB_FIRST = 50;
/** Events of the next 30 days (the default window) of the seeded Google and Microsoft calendars. */
const CALENDAR_FIRST = 10;

/** The emulated providers the benchmark's users have accounts on; each gets the injected latency. */
const PROVIDER_SERVICES = ['github', 'notion', 'google', 'microsoft'] as const;

const WARM_QUERY =
  '{ me { connectedAccounts(provider: NOTION) { notionUsers(first: 100) { edges { node { id name } } } } } }';
const FAN_OUT_QUERY = `{ me { connectedAccounts { id
  githubRepos(first: ${GITHUB_FIRST}) { edges { node { id name } } }
  notionUsers(first: 100) { edges { node { id name } } }
  googleCalendarEvents(first: ${CALENDAR_FIRST}) { edges { node { id title startsAt } } }
  microsoftCalendarEvents(first: ${CALENDAR_FIRST}) { edges { node { id title startsAt } } } } } }`;
/** The fan-out user's accounts: two GitHub, one Notion, one Google, one Microsoft. */
const FAN_OUT_ACCOUNTS = GITHUB_REPOS.length + 3;

/**
 * Lists across accounts, on their second page (a cursor per list, read before the phases): the two
 * GitHub accounts' repositories and the Google and Microsoft calendars' events, each list merged.
 */
const MERGED_FIRST = 20;
/** The merged lists' sources: one provider call each per page. */
const MERGED_SOURCES = GITHUB_REPOS.length + 2;
const MERGED_WINDOW = (() => {
  const from = Date.now();
  return { from: new Date(from).toISOString(), to: new Date(from + 30 * 86_400_000).toISOString() };
})();

function mergedQuery(after: { repositories: string; calendarEvents: string } | null): string {
  const cursor = (name: 'repositories' | 'calendarEvents') => (after ? `, after: "${after[name]}"` : '');
  return `{ me {
  repositories(first: ${MERGED_FIRST}${cursor('repositories')}) { edges { node { id updatedAt } } pageInfo { endCursor } }
  calendarEvents(from: "${MERGED_WINDOW.from}", to: "${MERGED_WINDOW.to}", first: ${MERGED_FIRST}${cursor('calendarEvents')}) {
    edges { node { id startsAt } } pageInfo { endCursor } } } }`;
}

// ---------------------------------------------------------------------------------------------------
// Options

interface Options {
  latencyMs: number;
  /** Sequential requests per scenario for median and p99 (the cold scenario: `coldRequests`). */
  requests: number;
  warmup: number;
  /**
   * Unmeasured load at `concurrency` before a server's measured phases: V8 optimises a server's hot code
   * over its first thousands of requests, which would otherwise be billed to whichever scenario runs first.
   */
  warmupLoadMs: number;
  concurrency: number;
  durationMs: number;
  /** Run the main gateway under `node --cpu-prof`, into `PROFILE_DIR`. */
  profile: boolean;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      latency: { type: 'string' },
      requests: { type: 'string' },
      duration: { type: 'string' },
      concurrency: { type: 'string' },
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      [
        'npm run bench -- [--quick] [--latency <ms>] [--requests <n>] [--duration <s>] [--concurrency <n>]',
        '  --latency      injected latency of Clerk and of each provider, ms (default 20)',
        '  --requests     sequential requests per scenario for median/p99 (default 150, quick 30)',
        '  --duration     seconds of each fixed-concurrency throughput run (default 3, quick 0.5)',
        '  --concurrency  requests in flight in the throughput runs (default 32)',
        '  --quick        a smoke run of about two minutes',
        '  --profile      run the gateway under the CPU profiler: writes bench-profiles/*.cpuprofile, prints a summary',
        '',
      ].join('\n'),
    );
    process.exit(0);
  }
  const number = (name: string, value: string | undefined, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min) throw new BenchError(`--${name} must be a number ≥ ${min}`);
    return parsed;
  };
  const quick = values.quick === true;
  return {
    latencyMs: number('latency', values.latency, 20, 0),
    requests: Math.round(number('requests', values.requests, quick ? 30 : 150, 2)),
    warmup: quick ? 5 : 20,
    warmupLoadMs: quick ? 300 : 3000,
    concurrency: Math.round(number('concurrency', values.concurrency, 32, 1)),
    durationMs: number('duration', values.duration, quick ? 0.5 : 3, 0.1) * 1000,
    profile: values.profile === true,
  };
}

/** Half as many for the cold scenario: each one costs three round trips and a new user. */
function coldRequests(options: Options): number {
  return Math.max(2, Math.round(options.requests / 2));
}

/** A failure the benchmark explains itself: printed without a stack trace. */
class BenchError extends Error {}

function progress(line: string): void {
  process.stderr.write(`· ${line}\n`);
}

// ---------------------------------------------------------------------------------------------------
// Child processes: the test suite's process helper (test/support/child-process.ts), each child killed on
// every way out.

const children = new Set<RunningProcess>();
process.on('exit', () => {
  for (const child of children) child.child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping the child processes\n`);
    process.exit(130);
  });
}

const stoppers = new Map<RunningProcess, () => Promise<void>>();

/** SIGTERM to every child still running (SIGKILL after 3 s), and wait for them to exit. */
async function stopChildren(): Promise<void> {
  await Promise.all([...children].map((child) => stoppers.get(child)?.()));
}

/** A port free right now on 127.0.0.1 (the OS picks it; the child binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpGet(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
  });
}

interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
}

interface Child {
  readonly process: RunningProcess;
  readonly pid: number;
  /** The tail of what the child wrote to stderr: explains a failed start or an unexpected exit. */
  stderr(): string;
  exited(): boolean;
  /** From now on the child serves: an exit other than through `stopChildren` is reported. */
  markReady(): void;
}

/** How a child runs: TypeScript through tsx, or the built gateway as `npm start` runs it. */
type Runtime = 'tsx' | 'node';

/**
 * Starts `script` with NODE_ENV=production (libraries such as graphql-js drop development-only checks):
 * a TypeScript file through `--import tsx`, or a built file on plain `node`. Its stdout (the gateway's
 * log, a line per request) goes nowhere, so reading it costs the load generator nothing; with `ipc` it
 * gets Node's IPC channel.
 */
function spawnChild(
  name: string,
  runtime: Runtime,
  script: string,
  env: Record<string, string>,
  ipc: boolean,
  nodeFlags: readonly string[] = [],
): Child {
  const loader = runtime === 'tsx' ? ['--import', 'tsx'] : [];
  const child = runProcess(
    process.execPath,
    [...nodeFlags, ...loader, '--import', EXIT_WITH_PARENT, script],
    { ...(process.env as Record<string, string>), NODE_ENV: 'production', ...env },
    // stdin stays open: the child exits when it closes (exit-with-parent.mjs), even on a SIGKILL here.
    { stdio: ipc ? ['pipe', 'ignore', 'pipe', 'ipc'] : ['pipe', 'ignore', 'pipe'] },
  );
  children.add(child);
  const stderr = () => child.output().slice(-4000);
  let ready = false;
  let stopping = false;
  void child.exited.then(({ code, signal }) => {
    children.delete(child);
    stoppers.delete(child);
    if (ready && !stopping) {
      process.stderr.write(
        `\nbench: ${name} exited unexpectedly (${signal ?? `code ${code}`})\n${stderr()}\n`,
      );
    }
  });
  const exited = () => child.child.exitCode !== null || child.child.signalCode !== null;
  stoppers.set(child, async () => {
    if (exited()) return;
    stopping = true;
    child.child.kill('SIGTERM');
    const timer = setTimeout(() => child.child.kill('SIGKILL'), 3_000);
    await child.exited;
    clearTimeout(timer);
  });
  return {
    process: child,
    pid: child.child.pid ?? 0,
    stderr,
    exited,
    markReady: () => {
      ready = true;
    },
  };
}

function exitDescription(child: RunningProcess): string {
  return child.child.signalCode ?? `code ${child.child.exitCode}`;
}

/**
 * Starts a server under test with `PORT` set to a free port on 127.0.0.1 and resolves once `GET /health`
 * answers 200.
 */
async function startServer(
  name: string,
  runtime: Runtime,
  script: string,
  env: Record<string, string>,
  nodeFlags: readonly string[] = [],
): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnChild(
    name,
    runtime,
    script,
    { ...env, PORT: String(port), HOST: '127.0.0.1' },
    false,
    nodeFlags,
  );
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await healthy(`${url}/health`))) {
    if (child.exited()) {
      throw new BenchError(
        `${name} exited before serving (${exitDescription(child.process)}):\n${child.stderr()}`,
      );
    }
    if (Date.now() > deadline)
      throw new BenchError(`${name} did not answer GET /health within 30 s.\n${child.stderr()}`);
    await sleep(100);
  }
  child.markReady();
  return { url, pid: child.pid, stderr: child.process.output };
}

/** The emulator in its child process, driven over the IPC channel (emulator-protocol.ts). */
interface EmulatorProcess {
  readonly pid: number;
  request<M extends MethodName>(
    method: M,
    params: EmulatorMethods[M]['params'],
  ): Promise<EmulatorMethods[M]['result']>;
}

/** Starts test/bench/emulator-process.ts and resolves once its emulator listens. */
async function startEmulator(): Promise<EmulatorProcess> {
  const name = 'the emulator (test/bench/emulator-process.ts)';
  const child = spawnChild(name, 'tsx', EMULATOR_PROCESS, {}, true);
  const pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let gone: BenchError | undefined;

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new BenchError(`${name} was not ready within 30 s.\n${child.stderr()}`)),
      START_TIMEOUT_MS,
    );
    child.process.child.on('message', (message: unknown) => {
      if (isReadyMessage(message)) {
        clearTimeout(timer);
        resolve();
      } else if (isEmulatorResponse(message)) {
        const request = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) request?.resolve(message.result);
        else request?.reject(new BenchError(`${name}: ${message.error}`));
      }
    });
    // 'close', not 'exit': by then the child's stderr has been read to its end.
    child.process.child.once('close', () => {
      clearTimeout(timer);
      gone = new BenchError(`${name} exited (${exitDescription(child.process)}):\n${child.stderr()}`);
      reject(gone);
      for (const request of pending.values()) request.reject(gone);
      pending.clear();
    });
  });
  await ready;
  child.markReady();

  return {
    pid: child.pid,
    request(method, params) {
      return new Promise((resolve, reject) => {
        if (gone) {
          reject(gone);
          return;
        }
        const id = nextId++;
        pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
        child.process.child.send({ id, method, params } as EmulatorRequest, (error) => {
          if (!error) return;
          pending.delete(id);
          reject(new BenchError(`${name}: could not send ${method}: ${error.message}`));
        });
      });
    },
  };
}

/**
 * CPU seconds (user + system, all threads) a process has used so far, from `/proc/<pid>/stat`
 * (Linux; `undefined` elsewhere). Fields 14 and 15 count clock ticks, 100 per second on Linux.
 */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

function jsonLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `npm run build`: the gateway under test is the compiled one, as in production. */
function build(): void {
  try {
    execFileSync(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    throw new BenchError(
      `npm run build failed:\n${(error as { stdout?: Buffer }).stdout?.toString() ?? error}`,
    );
  }
}

/** The gateway as `npm start` runs it (plain `node` on the built `dist/server.js`), configured for the emulator. */
function startGateway(
  gatewayEnv: Record<string, string>,
  nodeFlags: readonly string[] = [],
): Promise<ServerProcess> {
  // One demo user sends thousands of requests a minute: a per-user rate limit no load test reaches,
  // still checked on every request so that its cost is measured.
  return startServer(
    'the gateway (dist/server.js)',
    'node',
    'dist/server.js',
    {
      ...gatewayEnv,
      GATEWAY_USER_RATE_LIMIT: '1000000',
    },
    nodeFlags,
  );
}

/** Clerk's docs example, with only what it needs of the same configuration (and NODE_ENV=production). */
function startPerRequestServer(gatewayEnv: Record<string, string>): Promise<ServerProcess> {
  const { CLERK_SECRET_KEY = '', CLERK_API_URL = '', CLERK_JWT_KEY = '', NOTION_API_URL = '' } = gatewayEnv;
  return startServer('the per-request server', 'tsx', PER_REQUEST_SERVER, {
    CLERK_SECRET_KEY,
    CLERK_API_URL,
    CLERK_JWT_KEY,
    NOTION_API_URL,
  });
}

// ---------------------------------------------------------------------------------------------------
// Seed data and answer checks

/** Seeds the emulator (in its process): one user, two GitHub accounts and one Notion account. */
function seed(emulator: EmulatorProcess): Promise<SeedResult> {
  return emulator.request('seed', {
    githubRepos: GITHUB_REPOS,
    notionPeople: NOTION_PEOPLE,
    notionBots: NOTION_BOTS,
    sessionLifetimeSeconds: SESSION_LIFETIME_SECONDS,
  });
}

async function countCalls(emulator: EmulatorProcess, filter: CallFilter): Promise<number> {
  return (await emulator.request('countCalls', { filter })).count;
}

async function resetCalls(emulator: EmulatorProcess): Promise<void> {
  await emulator.request('resetCalls', {});
}

function fail(scenario: string, response: HttpResponse, problem: string): never {
  const body = response.body.length > 600 ? `${response.body.slice(0, 600)}…` : response.body;
  throw new BenchError(`${scenario}: ${problem} (HTTP ${response.status})\n${body}`);
}

function parseBody(scenario: string, response: HttpResponse): Record<string, unknown> {
  if (response.status !== 200) fail(scenario, response, 'expected HTTP 200');
  const body = jsonLine(response.body);
  if (!body) fail(scenario, response, 'the body is not a JSON object');
  return body;
}

function checkNotionList(scenario: string, response: HttpResponse): void {
  const body = parseBody(scenario, response);
  const results = body.results;
  if (!Array.isArray(results) || results.length !== NOTION_USERS || body.has_more !== false) {
    fail(scenario, response, `expected Notion's list of ${NOTION_USERS} users`);
  }
}

interface AccountJson {
  githubRepos?: { edges: unknown[] } | null;
  notionUsers?: { edges: unknown[] } | null;
  googleCalendarEvents?: { edges: unknown[] } | null;
  microsoftCalendarEvents?: { edges: unknown[] } | null;
}

function graphqlAccounts(scenario: string, response: HttpResponse): AccountJson[] {
  const body = parseBody(scenario, response);
  if (body.errors !== undefined) fail(scenario, response, 'the response has `errors`');
  const accounts = (body.data as { me?: { connectedAccounts?: unknown } } | undefined)?.me?.connectedAccounts;
  if (!Array.isArray(accounts)) fail(scenario, response, 'no `data.me.connectedAccounts` list');
  return accounts as AccountJson[];
}

function checkWarm(scenario: string, response: HttpResponse): void {
  const accounts = graphqlAccounts(scenario, response);
  if (accounts.length !== 1 || accounts[0]?.notionUsers?.edges.length !== NOTION_USERS) {
    fail(scenario, response, `expected one Notion account with ${NOTION_USERS} users`);
  }
}

function checkFanOut(scenario: string, response: HttpResponse): void {
  const accounts = graphqlAccounts(scenario, response);
  const counts = accounts
    .flatMap((account) => [account.githubRepos?.edges.length, account.notionUsers?.edges.length])
    .filter((count) => count !== undefined)
    .sort((a, b) => a - b);
  const expected = [...GITHUB_REPOS.map((count) => Math.min(count, GITHUB_FIRST)), NOTION_USERS].sort(
    (a, b) => a - b,
  );
  const events = accounts
    .flatMap((account) => [
      account.googleCalendarEvents?.edges.length,
      account.microsoftCalendarEvents?.edges.length,
    ])
    .filter((count) => count !== undefined);
  if (accounts.length !== FAN_OUT_ACCOUNTS || counts.join() !== expected.join()) {
    fail(
      scenario,
      response,
      `expected ${FAN_OUT_ACCOUNTS} accounts with ${expected.join(', ')} items, got ${counts.join(', ')}`,
    );
  }
  if (events.length !== 2 || events.some((count) => count !== CALENDAR_FIRST)) {
    fail(scenario, response, `expected ${CALENDAR_FIRST} events of each calendar, got ${events.join(', ')}`);
  }
}

interface MergedPage {
  edges: { node: { id: string } }[];
  pageInfo: { endCursor: string | null };
}

/** Checks a page of both merged lists; gives their end cursors. */
function checkMerged(
  scenario: string,
  response: HttpResponse,
): { repositories: string; calendarEvents: string } {
  const body = parseBody(scenario, response);
  if (body.errors !== undefined) fail(scenario, response, 'the response has `errors`');
  const me = (body.data as { me?: Record<'repositories' | 'calendarEvents', MergedPage> } | undefined)?.me;
  const lists = [me?.repositories, me?.calendarEvents];
  if (lists.some((list) => list?.edges.length !== MERGED_FIRST || !list.pageInfo.endCursor)) {
    fail(scenario, response, `expected ${MERGED_FIRST} items and a cursor in each merged list`);
  }
  return {
    repositories: me?.repositories.pageInfo.endCursor ?? '',
    calendarEvents: me?.calendarEvents.pageInfo.endCursor ?? '',
  };
}

/** The shared-cache measurement: distinct users, queries, instances. */
const SHARED_USERS = 200;
const SHARED_QUERIES = 1000;
const SHARED_INSTANCES = 3;

/**
 * Clerk calls of `SHARED_QUERIES` warm-query requests by `SHARED_USERS` users no instance has seen,
 * spread round-robin over `SHARED_INSTANCES` gateways: on one Redis, and each alone.
 */
async function sharedCacheClerkCalls(
  emulator: EmulatorProcess,
  gatewayEnv: Record<string, string>,
  redisUrl: string,
  send: (url: string, sessionToken: string) => Promise<HttpResponse>,
): Promise<{ withRedis: number; alone: number }> {
  const measure = async (env: Record<string, string>) => {
    const gateways = await Promise.all(
      Array.from({ length: SHARED_INSTANCES }, () => startGateway({ ...gatewayEnv, ...env })),
    );
    const { sessionTokens } = await emulator.request('freshUsers', { count: SHARED_USERS });
    await resetCalls(emulator);
    let next = 0;
    // A few requests in flight, as a load balancer spreads a burst.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let index = next++; index < SHARED_QUERIES; index = next++) {
          const gateway = gateways[index % gateways.length] as ServerProcess;
          const token = sessionTokens[index % sessionTokens.length] ?? '';
          checkWarm('shared cache', await send(`${gateway.url}/graphql`, token));
        }
      }),
    );
    return (await emulator.request('countCalls', { filter: { service: 'clerk' } })).count;
  };
  return { withRedis: await measure({ REDIS_URL: redisUrl }), alone: await measure({}) };
}

/**
 * The gateway's memory as distinct users come by, each sending its first query: measured at each of
 * `checkpoints` (users so far). Its in-process cache holds `MEMORY_CACHE_ENTRIES` entries, so that
 * every bound (cache entries, remembered sessions: 10,000) is reached within the run and the curve
 * levels off where it would with the defaults, only later.
 */
async function memoryOverUsers(
  emulator: EmulatorProcess,
  gatewayEnv: Record<string, string>,
  checkpoints: readonly number[],
  send: (url: string, sessionToken: string) => Promise<HttpResponse>,
): Promise<MemoryFigure[] | undefined> {
  const gateway = await startGateway({
    ...gatewayEnv,
    GATEWAY_CACHE_MAX_ENTRIES: String(MEMORY_CACHE_ENTRIES),
    NODE_OPTIONS: `--expose-gc --import ${HEAP_PROBE}`,
  });
  if (residentMb(gateway.pid) === undefined) return undefined;
  const figures: MemoryFigure[] = [];
  let seen = 0;
  for (const users of checkpoints) {
    const { sessionTokens } = await emulator.request('freshUsers', { count: users - seen });
    seen = users;
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let index = next++; index < sessionTokens.length; index = next++) {
          checkWarm('memory', await send(`${gateway.url}/graphql`, sessionTokens[index] ?? ''));
        }
      }),
    );
    figures.push({ users, residentMb: residentMb(gateway.pid) ?? 0, heapMb: await heapAfterGc(gateway) });
  }
  return figures;
}

/** Requests sent to each of the two warm gateways, in alternation, to measure what Redis adds. */
const REDIS_PAIRS = 1_000;

/** The memory measurement's cache bound: 2,000 entries, the records and tokens of 1,000 users. */
const MEMORY_CACHE_ENTRIES = 2_000;

interface MemoryFigure {
  readonly users: number;
  /** What the process holds from the system: V8 grows its heap lazily and rarely gives it back. */
  readonly residentMb: number;
  /** The heap in use after a full garbage collection: what the gateway keeps. */
  readonly heapMb: number;
}

function memoryFigure(figure: MemoryFigure): string {
  return `${figure.heapMb.toFixed(0)} MB (${figure.residentMb.toFixed(0)} MB)`;
}

/** Asks the gateway (preloaded with heap-probe.mjs) for its heap after a full GC. */
async function heapAfterGc(gateway: ServerProcess): Promise<number> {
  const seen = gateway.stderr().length;
  // Lines of heap-probe.mjs: the last one after `seen` answers this signal.
  process.kill(gateway.pid, 'SIGUSR2');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const line = /heap-used (\d+)\n/.exec(gateway.stderr().slice(seen));
    if (line) return Number(line[1]) / 2 ** 20;
    if (Date.now() > deadline) throw new BenchError('the gateway did not report its heap');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A process's resident memory in MB (Linux `/proc`); `undefined` elsewhere. */
function residentMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** Interleaved rounds of the observability measurement, each this long per gateway. */
const OBSERVABILITY_ROUNDS = 6;
const OBSERVABILITY_ROUND_MS = 4_000;

/** CPU per warm query of a gateway without metrics or traces, with metrics, and with traces. */
interface ObservabilityCost {
  readonly plain: number;
  readonly metrics: number;
  readonly traces: number;
  /** Spans the collector received per query the traced gateway answered: 2 (the request, the Notion call) if none was dropped. */
  readonly spansPerQuery: number;
}

/** The number of spans in an OTLP/HTTP JSON export request. */
function spansIn(body: string): number {
  try {
    const request = JSON.parse(body) as {
      resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[];
    };
    let spans = 0;
    for (const resource of request.resourceSpans ?? [])
      for (const scope of resource.scopeSpans ?? []) spans += scope.spans?.length ?? 0;
    return spans;
  } catch {
    return 0;
  }
}

/**
 * What Prometheus metrics (`GATEWAY_METRICS_PORT`) and OpenTelemetry traces
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`, exported to a collector stand-in in this process that reads each
 * batch and answers 200) cost a warm query: three fresh gateways, warmed alike, then loaded in rounds
 * whose order rotates, so none always goes first; the median of each one's CPU per query. Rounds, not
 * one run each: the same code's CPU per query moves by a tenth of a millisecond from one run to the
 * next, as much as what is measured.
 */
async function observabilityCpuCost(
  gatewayEnv: Record<string, string>,
  send: (url: string) => Promise<HttpResponse>,
  options: Options,
): Promise<ObservabilityCost> {
  const quick = options.requests < 150;
  const rounds = quick ? 3 : OBSERVABILITY_ROUNDS;
  const roundMs = quick ? 500 : OBSERVABILITY_ROUND_MS;
  let spansReceived = 0;
  const collector = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      spansReceived += spansIn(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = collector.address() as AddressInfo;
    const variants = [
      { name: 'plain', env: {} },
      { name: 'metrics', env: { GATEWAY_METRICS_PORT: String(await freePort()) } },
      { name: 'traces', env: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` } },
    ] as const;
    const gateways = await Promise.all(
      variants.map(async (variant) => ({
        name: variant.name,
        server: await startGateway({ ...gatewayEnv, ...variant.env }),
      })),
    );
    let tracedQueries = 0;
    const load = async ({ name, server }: (typeof gateways)[number], durationMs: number) => {
      const result = await measureThroughput(
        async () => checkWarm('observability', await send(`${server.url}/graphql`)),
        { concurrency: options.concurrency, durationMs },
      );
      if (name === 'traces') tracedQueries += result.completed;
      return result;
    };
    for (const gateway of gateways) await load(gateway, options.warmupLoadMs);
    const cpu = { plain: [] as number[], metrics: [] as number[], traces: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      const first = round % gateways.length;
      for (const gateway of [...gateways.slice(first), ...gateways.slice(0, first)]) {
        const { name, server } = gateway;
        const before = cpuSeconds(server.pid);
        const { completed } = await load(gateway, roundMs);
        const after = cpuSeconds(server.pid);
        if (before === undefined || after === undefined)
          return { plain: Number.NaN, metrics: Number.NaN, traces: Number.NaN, spansPerQuery: Number.NaN };
        cpu[name].push(((after - before) * 1000) / completed);
      }
    }
    // The last batch leaves on the span processor's schedule (every 5 s).
    await sleep(6_000);
    return {
      plain: summarize(cpu.plain).median,
      metrics: summarize(cpu.metrics).median,
      traces: summarize(cpu.traces).median,
      spansPerQuery: spansReceived / tracedQueries,
    };
  } finally {
    collector.close();
  }
}

/** How many repeated fan-out queries the quota measurement sends. */
const REPEATED_QUERIES = 50;

/** GitHub calls of `REPEATED_QUERIES` repeated queries, and how many a 304 answered. */
async function repeatedQueryQuota(
  emulator: EmulatorProcess,
  query: () => Promise<HttpResponse>,
): Promise<{ calls: number; notModified: number }> {
  await resetCalls(emulator);
  for (let sent = 0; sent < REPEATED_QUERIES; sent++) checkFanOut('repeated fan-out', await query());
  return emulator.request('notModified', { service: 'github' });
}

// ---------------------------------------------------------------------------------------------------
// Scenarios

interface Scenario {
  readonly name: string;
  /** One request, checked. */
  readonly operation: Operation;
  readonly requests: number;
  readonly warmup: number;
  /** The server under test, whose CPU time is measured; none for the direct call. */
  readonly server?: ServerProcess;
  /**
   * Called before the warm-up and, for a scenario with a `throughputCap`, before the throughput run, with
   * the number of requests they may make (the cold scenario's users). Never during a measured phase.
   */
  readonly prepare?: (requests: number) => Promise<void>;
  /** At most this many requests in the throughput run (the cold scenario has a finite pool of users). */
  readonly throughputCap?: (concurrency: number, durationMs: number) => number;
}

interface ScenarioResult {
  readonly name: string;
  readonly latency: LatencySummary;
  readonly throughput: ThroughputResult;
  readonly clerkCallsPerQuery: number;
  readonly providerCallsPerQuery: number;
  /** CPU milliseconds the server under test used per query, in each measured phase; none for the direct call. */
  readonly serverCpu: { readonly oneInFlight: number; readonly loaded: number } | undefined;
}

async function runScenario(
  emulator: EmulatorProcess,
  scenario: Scenario,
  options: Options,
): Promise<ScenarioResult> {
  try {
    return await measureScenario(emulator, scenario, options);
  } catch (error) {
    if (error instanceof BenchError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new BenchError(`${scenario.name}: a request failed: ${message}`, { cause: error });
  }
}

async function measureScenario(
  emulator: EmulatorProcess,
  scenario: Scenario,
  options: Options,
): Promise<ScenarioResult> {
  progress(`${scenario.name}: ${scenario.warmup} warm-up, ${scenario.requests} one at a time…`);
  await scenario.prepare?.(scenario.warmup + scenario.requests);
  await measureLatency(scenario.operation, scenario.warmup);
  // Not for the cold scenario (its users are finite): it runs last, on the process the others warmed.
  if (scenario.server && !scenario.throughputCap && options.warmupLoadMs > 0) {
    progress(`${scenario.name}: ${options.warmupLoadMs / 1000} s of unmeasured load…`);
    await measureThroughput(scenario.operation, {
      concurrency: options.concurrency,
      durationMs: options.warmupLoadMs,
    });
  }
  // Every warm-up request has been answered, so its upstream calls are logged: none is counted below.
  await resetCalls(emulator);
  const cpuBefore = scenario.server && cpuSeconds(scenario.server.pid);
  const latency = summarize(await measureLatency(scenario.operation, scenario.requests));
  const cpuBetween = scenario.server && cpuSeconds(scenario.server.pid);

  progress(`${scenario.name}: ${options.durationMs / 1000} s at ${options.concurrency} in flight…`);
  const maxRequests = scenario.throughputCap?.(options.concurrency, options.durationMs);
  if (maxRequests !== undefined) await scenario.prepare?.(maxRequests);
  const throughput = await measureThroughput(scenario.operation, {
    concurrency: options.concurrency,
    durationMs: options.durationMs,
    ...(maxRequests === undefined ? {} : { maxRequests }),
  });

  const queries = scenario.requests + throughput.completed;
  const cpuAfter = scenario.server && cpuSeconds(scenario.server.pid);
  const serverCpu =
    cpuBefore === undefined || cpuBetween === undefined || cpuAfter === undefined
      ? undefined
      : {
          oneInFlight: ((cpuBetween - cpuBefore) * 1000) / scenario.requests,
          loaded: ((cpuAfter - cpuBetween) * 1000) / throughput.completed,
        };
  // Counted after every measured request has been answered: the emulator logs a call when it arrives.
  const clerkCalls = await countCalls(emulator, { service: 'clerk' });
  let providerCalls = 0;
  for (const service of PROVIDER_SERVICES) providerCalls += await countCalls(emulator, { service });
  await resetCalls(emulator);
  return {
    name: scenario.name,
    latency,
    throughput,
    clerkCallsPerQuery: clerkCalls / queries,
    providerCallsPerQuery: providerCalls / queries,
    serverCpu,
  };
}

// ---------------------------------------------------------------------------------------------------
// Report

function ms(value: number): string {
  return value.toFixed(1);
}

function perQuery(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function table(results: readonly ScenarioResult[], direct: ScenarioResult, concurrency: number): string {
  const header = [
    'scenario',
    'median ms',
    'p99 ms',
    'overhead vs direct (median)',
    `req/s @ ${concurrency} in flight`,
    'Clerk calls / query',
    'provider calls / query',
    'server CPU ms / query, 1 in flight',
    `server CPU ms / query @ ${concurrency}`,
  ];
  const rows = results.map((result) => [
    result.name,
    ms(result.latency.median),
    ms(result.latency.p99),
    result === direct
      ? '—'
      : `${result.latency.median >= direct.latency.median ? '+' : ''}${ms(result.latency.median - direct.latency.median)} ms`,
    Math.round(result.throughput.requestsPerSecond).toString(),
    perQuery(result.clerkCallsPerQuery),
    perQuery(result.providerCallsPerQuery),
    result.serverCpu === undefined ? '—' : result.serverCpu.oneInFlight.toFixed(2),
    result.serverCpu === undefined ? '—' : result.serverCpu.loaded.toFixed(2),
  ]);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const align = header.map((_, index) => (index === 0 ? '---' : '---:'));
  return [line(header), line(align), ...rows.map(line)].join('\n');
}

function cpuMs(value: number): string {
  return value.toFixed(2);
}

/** A difference of CPU milliseconds, with its sign. */
function signedMs(value: number): string {
  return `${value >= 0 ? '+' : ''}${cpuMs(value)}`;
}

function verdict(met: boolean): string {
  return met ? 'met' : 'NOT met';
}

function targets(
  options: Options,
  results: {
    direct: ScenarioResult;
    relay: ScenarioResult;
    perRequest: ScenarioResult;
    warm: ScenarioResult;
    fanOut: ScenarioResult;
    merged: ScenarioResult;
    cold: ScenarioResult;
  },
): string {
  const { direct, relay, perRequest, warm, fanOut, merged, cold } = results;
  const rps = (result: ScenarioResult) => Math.round(result.throughput.requestsPerSecond);
  const overhead = warm.latency.median - relay.latency.median;
  // Under load: what a query costs a busy gateway, and so what bounds its throughput. One in flight, a
  // query also pays for the process waking up from idle for it (the table shows both).
  const cpu = (result: ScenarioResult) => result.serverCpu?.loaded ?? Number.NaN;
  const perFurtherAccount = (cpu(fanOut) - cpu(warm)) / (FAN_OUT_ACCOUNTS - 1);
  // A cold query of two round trips (user and tokens together, then the provider) takes about the
  // relay's one plus one injected latency; three in a row take two more.
  const coldRoundTrips =
    options.latencyMs > 0 ? 1 + (cold.latency.median - relay.latency.median) / options.latencyMs : Number.NaN;
  const oneRoundTrip = direct.latency.median;
  const ratio = warm.throughput.requestsPerSecond / perRequest.throughput.requestsPerSecond;
  const ceiling = (roundTrips: number) =>
    options.latencyMs > 0
      ? `${Math.round((options.concurrency * 1000) / (roundTrips * options.latencyMs))} req/s`
      : 'no limit';
  return [
    'Performance targets (README, "Benchmark"):',
    `- Warm query: ${perQuery(warm.clerkCallsPerQuery)} Clerk calls and ${perQuery(warm.providerCallsPerQuery)} provider calls per query (target: 0, but for the user record's refresh every 30 s, and 1): ${verdict(noClerkCalls(warm) && warm.providerCallsPerQuery === 1)}.`,
    `- Fan-out over ${FAN_OUT_ACCOUNTS} accounts (GitHub ×2, Notion, Google and Microsoft calendars): ${perQuery(fanOut.clerkCallsPerQuery)} Clerk calls and ${perQuery(fanOut.providerCallsPerQuery)} provider calls per query; median ${ms(fanOut.latency.median)} ms against ${ms(oneRoundTrip)} ms for one direct round trip (${FAN_OUT_ACCOUNTS} calls in a row would take over ${FAN_OUT_ACCOUNTS * options.latencyMs} ms). Target: about one round trip, read as "under one round trip plus the injected latency" (${ms(oneRoundTrip + options.latencyMs)} ms): ${verdict(noClerkCalls(fanOut) && fanOut.providerCallsPerQuery === FAN_OUT_ACCOUNTS && fanOut.latency.median < oneRoundTrip + options.latencyMs)}.`,
    `- Lists across accounts, a later page of \`repositories\` (2 GitHub accounts) and \`calendarEvents\` (Google, Microsoft) in one query: ${perQuery(merged.clerkCallsPerQuery)} Clerk calls and ${perQuery(merged.providerCallsPerQuery)} provider calls per page (one per source: ${MERGED_SOURCES}); median ${ms(merged.latency.median)} ms. Target: one round trip per page, read as above (${ms(oneRoundTrip + options.latencyMs)} ms): ${verdict(noClerkCalls(merged) && merged.providerCallsPerQuery === MERGED_SOURCES && merged.latency.median < oneRoundTrip + options.latencyMs)}.`,
    `- Gateway overhead over the one-hop relay at the median, warm, one request in flight: ${ms(warm.latency.median)} − ${ms(relay.latency.median)} = ${overhead >= 0 ? '+' : ''}${ms(overhead)} ms (target: ≤ 1 ms): ${verdict(overhead <= 1)}.`,
    `- Gateway CPU per warm one-account query at ${options.concurrency} in flight: ${cpuMs(cpu(warm))} ms (target: ≤ 1.2 ms): ${verdict(cpu(warm) <= 1.2)} (one in flight: ${cpuMs(warm.serverCpu?.oneInFlight ?? Number.NaN)} ms); each further account in the fan-out: (${cpuMs(cpu(fanOut))} − ${cpuMs(cpu(warm))}) / ${FAN_OUT_ACCOUNTS - 1} = ${cpuMs(perFurtherAccount)} ms (target: ≤ 0.4 ms): ${verdict(perFurtherAccount <= 0.4)}.`,
    `- Throughput at ${options.concurrency} in flight: gateway warm ${rps(warm)} req/s against ${rps(perRequest)} req/s for the per-request pattern = ${ratio.toFixed(2)}× (target: ≥ 2×): ${verdict(ratio >= 2)}.`,
    `- Cold query (a user never seen): ${perQuery(cold.clerkCallsPerQuery)} Clerk calls, median ${ms(cold.latency.median)} ms, about ${coldRoundTrips.toFixed(1)} round trips of ${options.latencyMs} ms (the relay's median counted as one; target: two at most): ${verdict(coldRoundTrips < 2.5)}.`,
    `  Context: with ${options.latencyMs} ms per upstream call and ${options.concurrency} in flight, latency alone caps one round trip per request (gateway warm) at ${ceiling(1)} and two in a row (per-request pattern: Clerk, then Notion) at ${ceiling(2)}; a run well below its cap was CPU-bound (see "server CPU ms / query @ ${options.concurrency}"; the load generator, the emulator and the server, three processes, share ${cpus().length} cores).`,
    `  Against real Clerk the per-request pattern's Clerk call per request also meets BAPI's rate limit (docs/clerk-backend-api.md, "Rate limits": 100 requests per 10 s on development instances, 1000 on production), i.e. 10 or 100 req/s per Clerk instance; the emulator does not enforce it.`,
  ].join('\n');
}

/**
 * A warm query makes no Clerk call, but the user's record expires every 30 s
 * (`GATEWAY_USER_CACHE_TTL_MS`), so a scenario that lasts past an expiry sees one lookup: under one
 * in a hundred queries is none.
 */
function noClerkCalls(result: ScenarioResult): boolean {
  return result.clerkCallsPerQuery < 0.01;
}

/** CPU seconds the whole machine has spent busy (all cores, all processes). */
function machineBusySeconds(): number {
  return cpus().reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0) / 1000;
}

/** CPU seconds used by this process (the load generator) and its children (emulator, servers under test). */
function benchCpuSeconds(children: readonly { pid: number }[]): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6 + children.reduce((sum, child) => sum + (cpuSeconds(child.pid) ?? 0), 0);
}

/** What share of the machine's CPU other processes took while the scenarios ran. */
function measureInterference(children: readonly { pid: number }[]): () => number {
  const start = { wall: performance.now(), busy: machineBusySeconds(), bench: benchCpuSeconds(children) };
  return () => {
    const capacity = ((performance.now() - start.wall) / 1000) * cpus().length;
    const others = machineBusySeconds() - start.busy - (benchCpuSeconds(children) - start.bench);
    return Math.max(0, others / capacity);
  };
}

function machine(options: Options, othersShare: number): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  const logLevel = process.env.GATEWAY_LOG_LEVEL ?? 'info';
  const lines = [
    `Machine: ${model}, ${cpu.length} cores, Node ${process.version}; other processes took ${Math.round(othersShare * 100)}% of its CPU during the run; ${new Date().toISOString()}.`,
    `Settings: injected latency ${options.latencyMs} ms on Clerk and each provider; ${options.requests} requests one at a time per scenario for median/p99 (cold: ${coldRequests(options)}), after ${options.warmup} warm-up requests and, for each server, ${options.warmupLoadMs / 1000} s of unmeasured load at ${options.concurrency} in flight (V8's optimising compiler; not before the cold scenario, which runs last); server CPU per query from /proc, over each measured phase; ${options.durationMs / 1000} s at ${options.concurrency} in flight for req/s; gateway log level ${logLevel} (stdout discarded).`,
    `Processes: the load generator (this process) only sends requests and checks the answers; the emulator (Clerk and the providers), the gateway (built, on plain node, as npm start runs it) and the per-request server each run in a child process of their own, all three in production mode (NODE_ENV=production), all on 127.0.0.1. Every scenario, the direct call included, crosses one process boundary from the client to what answers it; the emulator is seeded and its calls counted over an IPC channel, outside the measured phases.`,
  ];
  if (othersShare > 0.1) {
    lines.push(
      `Warning: the machine was not idle: other processes competed for the CPU, so latencies and req/s are pessimistic and noisy. Re-run on an idle machine for numbers to publish.`,
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const options = readOptions();
  const latency = options.latencyMs;
  const client = createHttpClient(options.concurrency);
  let redis: RedisServer | undefined;
  try {
    progress('building the gateway (npm run build)…');
    build();
    progress('starting the emulator…');
    const emulator = await startEmulator();
    for (const service of ['clerk', ...PROVIDER_SERVICES] as const satisfies readonly ServiceName[]) {
      await emulator.request('setLatency', { service, ms: latency });
    }
    const data = await seed(emulator);
    progress('starting the gateway and the per-request server…');
    redis = await startRedis();
    const redisUrl = redis.url;
    // V8's profiler takes its flags on the command line only (not in NODE_OPTIONS).
    const profiled = options.profile
      ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=gateway-${Date.now()}.cpuprofile`]
      : [];
    if (options.profile) mkdirSync(PROFILE_DIR, { recursive: true });
    const [gateway, perRequestServer, gatewayOnRedis, relayServer] = await Promise.all([
      startGateway(data.gatewayEnv, profiled),
      startPerRequestServer(data.gatewayEnv),
      startGateway({ ...data.gatewayEnv, REDIS_URL: redisUrl }),
      startServer('the relay', 'tsx', RELAY_SERVER, { NOTION_API_URL: data.gatewayEnv.NOTION_API_URL ?? '' }),
    ]);
    const graphqlUrl = `${gateway.url}/graphql`;
    const perRequestUrl = `${perRequestServer.url}/user`;

    /** POSTs `query` to a gateway's `/graphql` as the user of `sessionToken`. */
    const postQuery = (endpoint: string, sessionToken: string, query: string) =>
      client.send(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionToken}` },
        body: JSON.stringify({ query }),
      });
    const graphql = (sessionToken: string, query: string) => postQuery(graphqlUrl, sessionToken, query);
    const warmQueryAt = (endpoint: string, sessionToken: string) =>
      postQuery(endpoint, sessionToken, WARM_QUERY);

    const directUrl = `${data.gatewayEnv.NOTION_API_URL}/v1/users?page_size=100`;
    // The client holds the account's access token, as after asking Clerk for it: read before the phases.
    let notionToken = '';
    /** Notion's user list through `url` (Notion itself, or the relay), with the account's token. */
    const notionUsersAt = (url: string) =>
      client.send(url, {
        headers: { authorization: `Bearer ${notionToken}`, 'notion-version': '2022-06-28' },
      });
    const direct: Scenario = {
      name: 'direct Notion call (floor)',
      requests: options.requests,
      warmup: options.warmup,
      prepare: async () => {
        notionToken = (await emulator.request('accessToken', { accountId: data.notionAccountId }))
          .accessToken;
      },
      operation: async () => {
        checkNotionList('direct', await notionUsersAt(directUrl));
      },
    };

    const relayUrl = `${relayServer.url}/v1/users?page_size=100`;
    const relay: Scenario = {
      name: 'one-hop relay (Node, no GraphQL, no auth)',
      server: relayServer,
      requests: options.requests,
      warmup: options.warmup,
      operation: async () => {
        checkNotionList('relay', await notionUsersAt(relayUrl));
      },
    };

    const perRequest: Scenario = {
      name: "per-request pattern (Clerk's docs example)",
      server: perRequestServer,
      requests: options.requests,
      warmup: options.warmup,
      operation: async () => {
        const response = await client.send(perRequestUrl, {
          headers: { authorization: `Bearer ${data.sessionToken}` },
        });
        checkNotionList('per-request pattern', response);
      },
    };

    const warm: Scenario = {
      name: 'gateway, warm (1 Notion account)',
      server: gateway,
      requests: options.requests,
      warmup: options.warmup,
      operation: async () => checkWarm('gateway, warm', await graphql(data.sessionToken, WARM_QUERY)),
    };

    const warmOnRedis: Scenario = {
      name: 'gateway on Redis (REDIS_URL), warm',
      server: gatewayOnRedis,
      requests: options.requests,
      warmup: options.warmup,
      operation: async () =>
        checkWarm(
          'gateway on Redis, warm',
          await warmQueryAt(`${gatewayOnRedis.url}/graphql`, data.sessionToken),
        ),
    };

    const fanOut: Scenario = {
      name: 'gateway, fan-out (2 GitHub + Notion + Google + Microsoft)',
      server: gateway,
      requests: options.requests,
      warmup: options.warmup,
      operation: async () => checkFanOut('gateway, fan-out', await graphql(data.sessionToken, FAN_OUT_QUERY)),
    };

    // The second page of each merged list: its cursors are read once, before the phases.
    let secondPage = '';
    const merged: Scenario = {
      name: 'gateway, lists across accounts (page 2 of repositories + calendarEvents)',
      server: gateway,
      requests: options.requests,
      warmup: options.warmup,
      prepare: async () => {
        if (secondPage === '') {
          secondPage = mergedQuery(
            checkMerged('merged lists, page 1', await graphql(data.sessionToken, mergedQuery(null))),
          );
        }
      },
      operation: async () => {
        checkMerged('gateway, lists across accounts', await graphql(data.sessionToken, secondPage));
      },
    };

    // Each request is the first one of a user the gateway has never seen: user and token caches empty.
    // The users (and their signed session tokens) are made before each measured phase, not during it.
    const coldTokens: string[] = [];
    const cold: Scenario = {
      name: 'gateway, cold (first query of a new user)',
      server: gateway,
      requests: coldRequests(options),
      warmup: Math.min(options.warmup, 5),
      prepare: async (requests) => {
        const count = requests - coldTokens.length;
        if (count > 0) coldTokens.push(...(await emulator.request('freshUsers', { count })).sessionTokens);
      },
      // Enough users for the whole run if every request took three round trips and no CPU at all.
      throughputCap: (concurrency, durationMs) =>
        Math.min(5_000, Math.ceil((concurrency * durationMs) / Math.max(1, 3 * latency))),
      operation: async () => {
        const sessionToken = coldTokens.pop();
        if (sessionToken === undefined) throw new BenchError('cold scenario: ran out of prepared users');
        checkWarm('gateway, cold', await graphql(sessionToken, WARM_QUERY));
      },
    };

    const interference = measureInterference([
      emulator,
      gateway,
      perRequestServer,
      gatewayOnRedis,
      relayServer,
    ]);
    const results = {
      direct: await runScenario(emulator, direct, options),
      relay: await runScenario(emulator, relay, options),
      perRequest: await runScenario(emulator, perRequest, options),
      warm: await runScenario(emulator, warm, options),
      warmOnRedis: await runScenario(emulator, warmOnRedis, options),
      fanOut: await runScenario(emulator, fanOut, options),
      merged: await runScenario(emulator, merged, options),
      cold: await runScenario(emulator, cold, options),
    };
    const othersShare = interference();
    // A sub-millisecond difference drowns in the jitter of 20 ms timers: the pairs run with no injected
    // latency on Notion, where a warm query is a few milliseconds with little spread.
    progress(`Redis against in process, warm: ${REDIS_PAIRS} pairs, alternating, Notion without latency…`);
    await emulator.request('setLatency', { service: 'notion', ms: 0 });
    // Both served the same load just before, unmeasured: the in-process gateway has served every other
    // scenario, and a process's recent past (JIT, heap) moves a tenth of a millisecond.
    await measurePairedDifference(warm.operation, warmOnRedis.operation, REDIS_PAIRS);
    const redisOverhead = summarize(
      await measurePairedDifference(warm.operation, warmOnRedis.operation, REDIS_PAIRS),
    ).median;
    await emulator.request('setLatency', { service: 'notion', ms: latency });
    const quota = await repeatedQueryQuota(emulator, () => graphql(data.sessionToken, FAN_OUT_QUERY));
    progress(
      `${SHARED_INSTANCES} gateways on one Redis, then alone: ${SHARED_QUERIES} queries by ${SHARED_USERS} new users…`,
    );
    const memoryCheckpoints = options.requests >= 150 ? [20, 5_000, 10_000, 20_000] : [20, 500, 1_000, 2_000];
    progress(`memory of one gateway as ${memoryCheckpoints.at(-1)} distinct users come by…`);
    const memory = await memoryOverUsers(emulator, data.gatewayEnv, memoryCheckpoints, warmQueryAt);
    const shared = await sharedCacheClerkCalls(emulator, data.gatewayEnv, redisUrl, warmQueryAt);
    progress(
      'metrics and traces: three fresh gateways, without, with metrics, with traces, in rotating rounds…',
    );
    const observability = await observabilityCpuCost(
      data.gatewayEnv,
      (url) => warmQueryAt(url, data.sessionToken),
      options,
    );

    const ordered = [
      results.direct,
      results.relay,
      results.perRequest,
      results.warm,
      results.warmOnRedis,
      results.fanOut,
      results.merged,
      results.cold,
    ];
    process.stdout.write(
      [
        '',
        table(ordered, results.direct, options.concurrency),
        '',
        machine(options, othersShare),
        '',
        targets(options, results),
        `- Redis in front of a warm query: the gateway on Redis against the one in process, ${REDIS_PAIRS} pairs of requests in alternation with no latency injected on Notion, median difference ${redisOverhead >= 0 ? '+' : ''}${ms(redisOverhead)} ms (target: ≤ 0.3 ms; a warm read is served by the in-process LRU in front of Redis, the rate limit by leased tokens): ${verdict(redisOverhead <= 0.3)}.`,
        memory
          ? `- Memory as distinct users come by (one gateway, ${'`'}GATEWAY_CACHE_MAX_ENTRIES=${MEMORY_CACHE_ENTRIES}${'`'} so that its bounds are reached within the run), heap in use after a full GC (resident size): ${memory.map((figure) => `${memoryFigure(figure)} after ${figure.users} users`).join(', ')}.`
          : '- Memory: not measured (no /proc on this system).',
        `- Several instances: ${SHARED_QUERIES} queries by ${SHARED_USERS} users no instance had seen, round-robin over ${SHARED_INSTANCES} gateways, made ${shared.withRedis} Clerk calls on one Redis (${perQuery((shared.withRedis * 1000) / SHARED_QUERIES)} per 1,000 queries; one user lookup and one token call per user is ${2 * SHARED_USERS}) against ${shared.alone} with each instance caching alone.`,
        `- Metrics and traces: CPU per warm query at ${options.concurrency} in flight on three fresh gateways, medians of rotating rounds: ${cpuMs(observability.plain)} ms without either, ${cpuMs(observability.metrics)} ms with Prometheus metrics (${'`'}GATEWAY_METRICS_PORT${'`'}: ${signedMs(observability.metrics - observability.plain)} ms), ${cpuMs(observability.traces)} ms with traces exported over OTLP (${'`'}OTEL_EXPORTER_OTLP_ENDPOINT${'`'}: ${signedMs(observability.traces - observability.plain)} ms; the collector received ${observability.spansPerQuery.toFixed(2)} spans per query).`,
        `- Provider quota on repeated queries: ${REPEATED_QUERIES} fan-out queries in a row made ${quota.calls} GitHub calls, ${quota.notModified} of them answered 304 (conditional reads: no rate-limit cost), so they spent ${quota.calls - quota.notModified} of the accounts' GitHub quota.`,
        '',
      ].join('\n'),
    );
  } finally {
    client.close();
    await stopChildren();
    await redis?.stop();
  }
  // The profiled gateway wrote its profile as it exited.
  const profile = options.profile ? newestProfile(PROFILE_DIR) : undefined;
  if (options.profile) {
    process.stdout.write(`${profile ? summarizeProfile(profile) : 'No CPU profile was written.'}\n`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof BenchError) process.stderr.write(`\nbench failed: ${error.message}\n`);
  else
    process.stderr.write(
      `\nbench failed unexpectedly:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  process.exitCode = 1;
});
