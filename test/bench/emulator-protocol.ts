/**
 * The messages between the benchmark (test/bench/run.ts) and the emulator it runs in a child process
 * (test/bench/emulator-process.ts), over Node's IPC channel (`child.send`, `process.on('message')`).
 *
 * The child sends `{ type: 'ready' }` once its emulator listens; after that the benchmark sends requests
 * `{ id, method, params }` and the child answers each one with `{ id, ok: true, result }` or
 * `{ id, ok: false, error }`. Nothing crosses the channel while a scenario is being measured: the
 * benchmark seeds and reads tokens before a phase, resets and counts the call log around it.
 */
import type { CallFilter, ServiceName } from '../../src/emulator/index.js';

/** What the benchmark seeds: one user with GitHub accounts and one Notion account on a workspace. */
export interface SeedSpec {
  /** One GitHub account per entry, with that many public repositories. */
  readonly githubRepos: readonly number[];
  /** The Notion workspace of the user's one Notion account. */
  readonly notionPeople: number;
  readonly notionBots: number;
  /** Lifetime of every session token the child signs, this one and the cold scenario's. */
  readonly sessionLifetimeSeconds: number;
}

export interface SeedResult {
  /** The configuration of the gateway for this emulator (README, "Configuration"): URLs and Clerk keys. */
  readonly gatewayEnv: Record<string, string>;
  /** A session token of the seeded user. */
  readonly sessionToken: string;
  /** The seeded user's Notion account (`eac_…`). */
  readonly notionAccountId: string;
}

/** Each request the child answers: its parameters and its result. */
export interface EmulatorMethods {
  /** Delay before every response of a service (the emulator starts with none). */
  setLatency: { params: { service: ServiceName; ms: number }; result: null };
  seed: { params: SeedSpec; result: SeedResult };
  /**
   * Users no one has seen yet, each with one Notion account on the seeded workspace; their session
   * tokens. Only after `seed`.
   */
  freshUsers: { params: { count: number }; result: { sessionTokens: string[] } };
  /** An account's current provider access token, what Clerk would hand out for it. */
  accessToken: { params: { accountId: string }; result: { accessToken: string } };
  /** The number of requests the emulator has received since the last reset that match the filter. */
  countCalls: { params: { filter: CallFilter }; result: { count: number } };
  resetCalls: { params: Record<string, never>; result: null };
  /** Since the last reset, a service's calls and how many of them it answered 304 (costing no quota). */
  notModified: { params: { service: ServiceName }; result: { calls: number; notModified: number } };
}

export type MethodName = keyof EmulatorMethods;

export type EmulatorRequest = {
  [M in MethodName]: {
    readonly id: number;
    readonly method: M;
    readonly params: EmulatorMethods[M]['params'];
  };
}[MethodName];

export type EmulatorResponse =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

export interface ReadyMessage {
  readonly type: 'ready';
}

/** Every message the child sends. */
export type ChildMessage = ReadyMessage | EmulatorResponse;

export function isReadyMessage(message: unknown): message is ReadyMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ready';
}

export function isEmulatorResponse(message: unknown): message is EmulatorResponse {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { id?: unknown }).id === 'number' &&
    typeof (message as { ok?: unknown }).ok === 'boolean'
  );
}
