/**
 * The benchmark's emulator (Clerk, GitHub, Notion, Google and Microsoft on 127.0.0.1, src/emulator) in a process of its
 * own, as a real provider is a different machine from its clients: no scenario's client shares an event
 * loop with what answers it, the direct floor included, and the load generator does nothing but load.
 *
 * Started by test/bench/run.ts with an IPC channel (and exit-with-parent.ts preloaded, so it never
 * outlives the benchmark); driven by the messages of emulator-protocol.ts: latency, seeding, access
 * tokens, and counting and resetting the log of calls it received. Also exits when the channel closes.
 */
import { setMaxListeners } from 'node:events';
import { createEmulator, type NotionUserJson } from '../../src/emulator/index.js';
import { everyFieldScopeOf } from '../../src/emulator/sandbox-seed.js';
import type { ChildMessage, EmulatorMethods, EmulatorRequest, MethodName } from './emulator-protocol.js';

const send = process.send?.bind(process);
if (!send) {
  process.stderr.write('emulator-process: start it from test/bench/run.ts, with an IPC channel\n');
  process.exit(1);
}

// The emulator's latency timers all listen on one AbortSignal (its close signal): with more than 10
// requests in flight Node warns of a possible listener leak. It is not one, and how many requests are
// in flight is the benchmark's choice: no limit in this process.
setMaxListeners(0);

const emulator = await createEmulator();

/** What `seed` made that later requests build on. */
let seeded: { workspace: NotionUserJson[]; sessionLifetimeSeconds: number } | undefined;

type Handlers = {
  [M in MethodName]: (params: EmulatorMethods[M]['params']) => EmulatorMethods[M]['result'];
};

const handlers: Handlers = {
  setLatency({ service, ms }) {
    emulator.setLatency(service, ms);
    return null;
  },

  seed(spec) {
    const { clerk } = emulator;
    const user = clerk.createUser({ username: 'bench', firstName: 'Bench', email: 'bench@example.com' });
    spec.githubRepos.forEach((count, index) => {
      const account = clerk.connectAccount(user.id, {
        provider: 'github',
        username: `bench-${index}`,
        tokenLifetimeSeconds: null,
      });
      emulator.github.setRepos(account.id, { count, privateEvery: 0 });
    });
    const notion = clerk.connectAccount(user.id, { provider: 'notion', tokenLifetimeSeconds: 3600 });
    emulator.notion.setWorkspace(notion.id, { people: spec.notionPeople, bots: spec.notionBots });
    // Calendars: the emulator's default data (events around now and next week), read with the scopes of
    // every field.
    for (const provider of ['google', 'microsoft']) {
      clerk.connectAccount(user.id, {
        provider,
        scopes: everyFieldScopeOf(provider),
        tokenLifetimeSeconds: 3600,
      });
    }
    seeded = {
      workspace: emulator.notion.workspaceUsers(notion.id),
      sessionLifetimeSeconds: spec.sessionLifetimeSeconds,
    };
    return {
      gatewayEnv: emulator.gatewayEnv(),
      sessionToken: clerk.signSessionToken(user.id, { expiresInSeconds: spec.sessionLifetimeSeconds }),
      notionAccountId: notion.id,
    };
  },

  freshUsers({ count }) {
    if (!seeded) throw new Error('freshUsers before seed');
    const { workspace, sessionLifetimeSeconds } = seeded;
    const { clerk } = emulator;
    const sessionTokens: string[] = [];
    for (let i = 0; i < count; i++) {
      const user = clerk.createUser({ firstName: 'Cold' });
      const notion = clerk.connectAccount(user.id, { provider: 'notion', tokenLifetimeSeconds: 3600 });
      emulator.notion.setWorkspace(notion.id, workspace);
      sessionTokens.push(clerk.signSessionToken(user.id, { expiresInSeconds: sessionLifetimeSeconds }));
    }
    return { sessionTokens };
  },

  accessToken: ({ accountId }) => ({ accessToken: emulator.clerk.currentAccessToken(accountId) }),

  countCalls: ({ filter }) => ({ count: emulator.calls.count(filter) }),

  notModified({ service }) {
    const calls = emulator.calls.all().filter((call) => call.service === service);
    return { calls: calls.length, notModified: calls.filter((call) => call.status === 304).length };
  },

  resetCalls() {
    emulator.calls.reset();
    return null;
  },
};

function answer(request: EmulatorRequest): ChildMessage {
  try {
    if (!Object.hasOwn(handlers, request.method)) throw new Error(`unknown method ${String(request.method)}`);
    const handler = handlers[request.method] as (params: unknown) => unknown;
    return { id: request.id, ok: true, result: handler(request.params) };
  } catch (error) {
    return { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

process.on('message', (message) => send(answer(message as EmulatorRequest)));
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
send({ type: 'ready' } satisfies ChildMessage);
