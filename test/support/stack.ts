/**
 * A running system for integration tests: the emulator (Clerk and every provider) and the real gateway on
 * it, over real HTTP on 127.0.0.1, with the real `@clerk/backend` client inside. Every log line the
 * gateway writes is kept, so tests can prove that no secret reaches one.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createGateway, type Gateway, type GatewayDeps } from '../../src/app.js';
import { type GatewayConfig, parseConfig } from '../../src/config.js';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { listen, type RunningServer } from '../../src/listen.js';
import { createLogger } from '../../src/logger.js';
import { PROVIDERS } from '../../src/providers/index.js';

export interface GraphQLResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: { data?: T | null; errors?: GraphQLErrorJson[] };
}

export interface GraphQLErrorJson {
  readonly message: string;
  readonly path?: (string | number)[];
  readonly extensions?: Record<string, unknown> & { code?: string };
}

export interface RequestOptions {
  /** A Clerk session token sent as `Authorization: Bearer`. */
  readonly token?: string;
  readonly headers?: Record<string, string>;
}

export interface Stack {
  readonly emulator: Emulator;
  readonly gateway: Gateway;
  readonly config: GatewayConfig;
  readonly url: string;
  /** Every line the gateway logged, at debug level and above. */
  readonly logs: string[];
  query<T, V>(
    document: TypedDocumentNode<T, V>,
    variables?: V,
    options?: RequestOptions,
  ): Promise<GraphQLResponse<T>>;
  /** POST a raw body to `/graphql`. */
  post(body: unknown, options?: RequestOptions): Promise<GraphQLResponse<unknown>>;
  close(): Promise<void>;
}

/** Gateway settings: a fixed set, or made from the running emulator (settings that name its URL). */
export type StackEnv =
  | Record<string, string | undefined>
  | ((emulator: Emulator) => Record<string, string | undefined>);

export interface StackOptions {
  /** Extra environment for the gateway, on top of the emulator's; `undefined` removes a setting. */
  readonly env?: StackEnv;
  readonly emulator?: EmulatorOptions;
  /** Another gateway on this running emulator instead of a new one (which its owner closes). */
  readonly on?: Emulator;
  /** The gateway's dependencies besides its logger (which the stack keeps). */
  readonly deps?: Omit<GatewayDeps, 'logger'>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const emulator = options.on ?? (await createEmulator(options.emulator));
  const extra = typeof options.env === 'function' ? options.env(emulator) : options.env;
  const env = { ...emulator.gatewayEnv(), GATEWAY_LOG_LEVEL: 'debug', ...extra };
  const { config } = parseConfig(env, { providers: PROVIDERS });
  const logs: string[] = [];
  const logger = createLogger(config.logLevel, { write: (line: string) => void logs.push(line) });
  const gateway = createGateway(config, { ...options.deps, logger });
  const server: RunningServer = await listen(gateway.handle, { port: 0, host: '127.0.0.1' });

  async function post(body: unknown, requestOptions: RequestOptions = {}): Promise<GraphQLResponse<unknown>> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(requestOptions.token ? { authorization: `Bearer ${requestOptions.token}` } : {}),
        ...requestOptions.headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as never };
  }

  return {
    emulator,
    gateway,
    config,
    url: server.url,
    logs,
    post,
    query: (document, variables, requestOptions) =>
      post({ query: print(document), variables }, requestOptions) as Promise<GraphQLResponse<never>>,
    async close() {
      await server.close(0);
      await gateway.close();
      if (!options.on) await emulator.close();
    },
  };
}

/** The codes of a response's errors, in order. */
export function errorCodes(response: GraphQLResponse<unknown>): (string | undefined)[] {
  return (response.body.errors ?? []).map((error) => error.extensions?.code);
}

/** Calls made to the emulated provider APIs (not Clerk). */
export function providerCalls(emulator: Emulator): number {
  return emulator.calls.all().filter((call) => call.service !== 'clerk').length;
}
