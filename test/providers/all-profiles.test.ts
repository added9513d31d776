/**
 * One user with an account on each provider of the catalogue gets every profile in one query, the
 * provider calls running side by side: a correctness check of the parallelism (each emulated provider
 * answers after a delay, and every call must have started before the first answer), not a benchmark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEmulated } from '../../src/emulator/index.js';
import { PROVIDERS } from '../../src/providers/index.js';
import { EMULATED_TWITCH_CLIENT_ID } from '../../src/providers/twitch/emulator.js';
import { type Stack, startStack } from '../support/stack.js';

/** Long enough that a call made after another's answer is plain to see, short enough to stay quick. */
const PROVIDER_LATENCY_MS = 400;

const PROFILE_QUERY = '{ me { connectedAccounts { id providerKey profile { id source } } } }';

interface ProfileAnswer {
  data?: {
    me: {
      connectedAccounts: {
        id: string;
        providerKey: string;
        profile: { id: string; source: string } | null;
      }[];
    };
  };
  errors?: unknown[];
}

/** Every provider Clerk supports (custom OIDC connections have a test of their own, custom.test.ts). */
const clerkProviders = PROVIDERS.filter((provider) => provider.id !== 'custom');

describe('every provider profile in one query', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        GATEWAY_TWITCH_CLIENT_ID: EMULATED_TWITCH_CLIENT_ID,
        GATEWAY_MAX_QUERY_COST: '10000',
        GATEWAY_RETRY_BUDGET_MS: '0',
      },
    });
  });
  afterAll(() => stack.close());

  it('reads one account of each provider, all at once, without an error', async () => {
    const user = stack.emulator.clerk.createUser({
      username: 'everywhere',
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    const accounts = clerkProviders.map((provider) =>
      stack.emulator.clerk.connectAccount(user.id, { provider: provider.id }),
    );
    const token = stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 600 });
    const services = clerkProviders.filter(isEmulated).map((provider) => provider.id);
    for (const service of services) stack.emulator.setLatency(service, PROVIDER_LATENCY_MS);
    stack.emulator.calls.reset();

    const body = (await stack.post({ query: PROFILE_QUERY }, { token })).body as ProfileAnswer;

    expect(body.errors).toBeUndefined();
    const answered = body.data?.me.connectedAccounts ?? [];
    expect(answered.map((account) => account.id)).toEqual(accounts.map((account) => account.id));
    for (const [index, provider] of clerkProviders.entries()) {
      const withoutApi = provider.profile === undefined;
      expect(answered[index]?.profile, provider.id).toMatchObject({
        id: expect.stringMatching(/\S/),
        source: withoutApi ? 'CLERK' : 'PROVIDER',
      });
    }

    // Every provider was called, and each one's first call arrived before any provider could answer.
    const firstCallAt = new Map<string, number>();
    for (const call of stack.emulator.calls.all()) {
      if (call.service !== 'clerk' && !firstCallAt.has(call.service)) firstCallAt.set(call.service, call.at);
    }
    expect([...firstCallAt.keys()].sort()).toEqual([...services].sort());
    const starts = [...firstCallAt.values()];
    expect(Math.max(...starts) - Math.min(...starts)).toBeLessThan(PROVIDER_LATENCY_MS);
  });
});
