/**
 * The local emulator of Clerk's Backend API and of every provider's API (README, "The emulator"): one
 * HTTP server on 127.0.0.1, services by path prefix (`/clerk`, `/github`, `/notion`, … one per provider
 * with an API), with a call log, fault injection and per-service latency. Used by the integration
 * tests, the benchmark and `npm run dev`; never by the production server.
 *
 * A provider's routes are its folder's `emulator.ts` (its default export), found by convention, so
 * nothing in the gateway's own modules, and nothing `dist/` holds, ever imports an emulator.
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GitHubEmulator } from '../providers/github/emulator.js';
import { PROVIDERS } from '../providers/index.js';
import type { NotionEmulator } from '../providers/notion/emulator.js';
import type { Provider } from '../providers/provider-declaration.js';
import { type CallLog, createCallLog } from './call-log.js';
import { createInstanceKeys } from './clerk/keys.js';
import { type ClerkEmulator, createClerkEmulator } from './clerk/routes.js';
import { createFaults, type FaultSpec, type Faults } from './faults.js';
import {
  type EmulatedService,
  type EmulatorReply,
  type EmulatorRequest,
  firstValues,
  headerValue,
  type SerializedReply,
  type ServiceName,
  serializeReply,
  writeReply,
} from './http-router.js';
import { createIdentityStore } from './identity-store.js';
import type { ProviderEmulatorApi, ProviderEmulatorFactory } from './provider-emulator.js';

export type { GitHubEmulator } from '../providers/github/emulator.js';
export type { GitHubRepoJson } from '../providers/github/fixtures.js';
export type { NotionEmulator, NotionWorkspaceOptions } from '../providers/notion/emulator.js';
export type { NotionUserJson } from '../providers/notion/fixtures.js';
export type { CallFilter, CallLog, CallRecord } from './call-log.js';
export type { ClerkEmulator, ClerkFailureSpec, SignSessionTokenOptions } from './clerk/routes.js';
export type { FaultSpec, Faults, InjectedFault } from './faults.js';
export type { ServiceName } from './http-router.js';
export type {
  ConnectAccountInput,
  CreateUserInput,
  EmulatedAccount,
  EmulatedUser,
} from './identity-store.js';

export interface EmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Delay before every response of a service, in milliseconds. */
  latencyMs?: Readonly<Record<ServiceName, number>>;
}

export interface Emulator {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** `${url}/clerk`, `${url}/<provider id>` (`${url}/github`…). */
  baseUrl(service: ServiceName): string;
  /** The gateway's configuration for this emulator (README, "Configuration"). */
  gatewayEnv(): Record<string, string>;
  readonly clerk: ClerkEmulator;
  readonly github: GitHubEmulator;
  readonly notion: NotionEmulator;
  /** Every provider's emulator controls, by provider id. */
  readonly providers: Readonly<Record<string, ProviderEmulatorApi>>;
  readonly calls: CallLog;
  readonly faults: Faults;
  /** Delay before every response of that service. */
  setLatency(service: ServiceName, ms: number): void;
  /** Stops the server, ending hung requests and open keep-alive sockets. */
  close(): Promise<void>;
}

export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const identities = createIdentityStore();
  const keys = await createInstanceKeys();
  const calls = createCallLog();
  let url = '';
  const baseUrl = (service: ServiceName) => `${url}/${service}`;

  const clerk = createClerkEmulator({ identities, keys });
  const providers: Record<string, ProviderEmulatorApi> = {};
  const services = new Map<string, EmulatedService>([['clerk', clerk.service]]);
  for (const provider of PROVIDERS.filter(isEmulated)) {
    const { id } = provider;
    const create = await loadProviderEmulator(id);
    const emulated = create({ identities, baseUrl: () => baseUrl(id) });
    services.set(id, emulated.service);
    providers[id] = emulated.api;
  }
  const routeNames = new Set(
    [...services.values()].flatMap((service) => [...service.router.routeNames(), `${service.name}.notFound`]),
  );
  const faults = createFaults((route) => routeNames.has(route));
  const latency = new Map<ServiceName, number>(Object.entries(options.latencyMs ?? {}));
  const closing = new AbortController();
  // Every delayed answer listens to it: many may wait at once (latency injected under load).
  setMaxListeners(0, closing.signal);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const requestUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, prefix = '', ...rest] = requestUrl.pathname.split('/');
    const service = services.get(prefix);
    if (!service) {
      writeReply(res, {
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: 'No such emulated service\n',
      });
      return;
    }
    const method = req.method ?? 'GET';
    const path = `/${rest.join('/')}`;
    const match = service.router.match(method, path);
    const route = match?.name ?? `${service.name}.notFound`;
    const query = firstValues(requestUrl.searchParams);
    const request: EmulatorRequest = {
      id: randomUUID(),
      method,
      path,
      searchParams: requestUrl.searchParams,
      query,
      params: match?.params ?? {},
      headers: req.headers,
      header: (name) => headerValue(req.headers, name),
      body,
    };
    const who = service.identify(request);
    const record = calls.record({ service: service.name, route, method, path, query: { ...query }, ...who });
    const fault = faults.take({ service: service.name, route, ...who });

    const delay = (latency.get(service.name) ?? 0) + (fault?.delayMs ?? 0);
    if (delay > 0) await sleep(delay, undefined, { signal: closing.signal });
    if (fault?.hang) return;
    if (fault?.reset) {
      req.socket.destroy();
      return;
    }
    const baseHeaders = service.responseHeaders(request);
    let reply: SerializedReply;
    if (fault && (fault.status !== undefined || fault.body !== undefined)) {
      reply = serializeReply(cannedReply(fault), service.jsonContentType, baseHeaders);
    } else {
      const normal = match ? await match.handler(request) : service.notFound(request);
      reply = serializeReply(normal, service.jsonContentType, baseHeaders);
      if (fault?.malformedJson) reply = truncated(reply, service.jsonContentType);
    }
    if (fault?.headers) reply = { ...reply, headers: { ...reply.headers, ...lowerCaseKeys(fault.headers) } };
    record.status = reply.status;
    writeReply(res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (closing.signal.aborted) {
        req.socket.destroy();
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) {
        writeReply(res, {
          status: 500,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body: `Emulator error: ${message}\n`,
        });
      }
    });
  });
  await listen(server, options.port ?? 0);
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    baseUrl,
    gatewayEnv: () => ({
      CLERK_SECRET_KEY: clerk.api.secretKey,
      CLERK_PUBLISHABLE_KEY: clerk.api.publishableKey,
      CLERK_API_URL: baseUrl('clerk'),
      CLERK_JWT_KEY: clerk.api.jwtKeyPem,
      ...Object.fromEntries(
        PROVIDERS.flatMap((provider) =>
          provider.apiUrlVariable === null ? [] : [[provider.apiUrlVariable, baseUrl(provider.id)]],
        ),
      ),
    }),
    clerk: clerk.api,
    github: providers.github as GitHubEmulator,
    notion: providers.notion as NotionEmulator,
    providers,
    calls,
    faults,
    setLatency(service, ms) {
      if (!services.has(service)) throw new Error(`Unknown emulated service "${service}"`);
      latency.set(service, ms);
    },
    async close() {
      if (closing.signal.aborted) return;
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A provider the gateway calls has an emulator: every one but those never called (Apple). */
export function isEmulated(provider: Provider): boolean {
  return provider.auth === 'bearer';
}

/** The routes of a provider: the default export of `src/providers/<id>/emulator.ts`. */
export async function loadProviderEmulator(id: string): Promise<ProviderEmulatorFactory> {
  const specifier = `../providers/${id}/emulator.js`;
  // Resolved at run time (tsx maps `.js` to the `.ts` source, as Vite does in tests): never a static
  // import, so nothing the build follows reaches an emulator.
  const module = (await import(/* @vite-ignore */ specifier)) as { default?: ProviderEmulatorFactory };
  if (typeof module.default !== 'function') {
    throw new Error(`src/providers/${id}/emulator.ts must export its emulator factory as default`);
  }
  return module.default;
}

/** Provider APIs take small bodies (a GraphQL query, Dropbox's `null`); anything past 1 MiB is dropped. */
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= 1024 * 1024) chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** A canned fault answer: an object body goes out as JSON, a string as is. */
function cannedReply(fault: FaultSpec): EmulatorReply {
  const status = fault.status ?? 200;
  if (fault.body === undefined) return { status };
  return typeof fault.body === 'string' ? { status, text: fault.body } : { status, json: fault.body };
}

/** A 200 whose JSON body stops halfway, as when a proxy cuts a response short. */
function truncated(reply: SerializedReply, jsonContentType: string): SerializedReply {
  const body = reply.body.length > 1 ? reply.body.slice(0, Math.floor(reply.body.length / 2)) : '{"';
  return { status: 200, headers: { ...reply.headers, 'content-type': jsonContentType }, body };
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
