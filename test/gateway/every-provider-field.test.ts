/**
 * One user with one account on every provider, and one query that asks every provider data field of
 * `ConnectedAccount` at once: every field answers on its own provider's account and is `null` on the
 * others, with no error, and the provider calls all go out in one round, one per account and list
 * (Bitbucket's repositories need its workspaces first: a second, dependent round).
 */
import { getNamedType, isObjectType, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatedAccount } from '../../src/emulator/index.js';
import { everyFieldScopeOf } from '../../src/emulator/sandbox-seed.js';
import { PROVIDERS } from '../../src/providers/index.js';
import { EMULATED_TWITCH_CLIENT_ID } from '../../src/providers/twitch/emulator.js';
import { buildSchema } from '../../src/schema/index.js';
import { providerCallsOf } from '../../src/schema/provider-calls.js';
import { type GraphQLResponse, type Stack, startStack } from '../support/stack.js';

const accountType = buildSchema(PROVIDERS).getType('ConnectedAccount');
if (!isObjectType(accountType)) throw new Error('no ConnectedAccount type');

/** Every provider data field (all but `profile`) and the provider it reads. */
const DATA_FIELDS = Object.values(accountType.getFields()).flatMap((field) => {
  const providers = Object.keys(providerCallsOf(field) ?? {});
  const [provider] = providers;
  return field.name === 'profile' || provider === undefined || providers.length !== 1
    ? []
    : [{ name: field.name, provider, connection: getNamedType(field.type).name.endsWith('Connection') }];
});

/** Providers whose list needs an earlier answer before it can be asked for (a dependent round). */
const DEPENDENT_ROUNDS: Readonly<Record<string, number>> = { bitbucketRepos: 1 };

const QUERY = parse(`
  query EveryProviderField {
    me {
      connectedAccounts {
        id
        provider
        ${DATA_FIELDS.map((field) =>
          field.connection
            ? `${field.name}(first: 5) { edges { node { __typename } } pageInfo { hasNextPage } }`
            : `${field.name} { __typename }`,
        ).join('\n        ')}
      }
    }
  }
`);

type AccountAnswer = Record<string, unknown> & { id: string };

describe('every provider field in one query', () => {
  let stack: Stack;
  let token: string;
  const accounts = new Map<string, EmulatedAccount>();
  const LATENCY_MS = 400;
  const providers = [...new Set(DATA_FIELDS.map((field) => field.provider))];

  beforeAll(async () => {
    // Twitch needs the application's Client-Id with every call.
    stack = await startStack({ env: { GATEWAY_TWITCH_CLIENT_ID: EMULATED_TWITCH_CLIENT_ID } });
    const { clerk } = stack.emulator;
    const user = clerk.createUser({ username: 'everyone' });
    for (const id of providers) {
      accounts.set(
        id,
        clerk.connectAccount(user.id, { provider: id, username: 'everyone', scopes: everyFieldScopeOf(id) }),
      );
    }
    // Every other provider's emulator gives an account default data; GitHub's repositories are set.
    stack.emulator.github.setRepos(accounts.get('github')?.id ?? '', { count: 12 });
    token = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
  });
  afterAll(() => stack.close());

  async function askEverything() {
    const response = (await stack.query(QUERY, {}, { token })) as GraphQLResponse<{
      me: { connectedAccounts: AccountAnswer[] };
    }>;
    return response;
  }

  it('covers the data fields of every provider with an API', () => {
    expect(DATA_FIELDS.length).toBeGreaterThanOrEqual(24);
    expect(providers.length).toBeGreaterThanOrEqual(22);
  });

  it('answers every field on its own account and null on the others, with no error', async () => {
    const response = await askEverything();
    expect(response.body.errors).toBeUndefined();
    const answers = response.body.data?.me.connectedAccounts ?? [];
    expect(answers).toHaveLength(providers.length);
    for (const field of DATA_FIELDS) {
      for (const answer of answers) {
        const value = answer[field.name];
        if (answer.id !== accounts.get(field.provider)?.id) {
          expect(value, `${field.name} on a ${String(answer.provider)} account`).toBeNull();
          continue;
        }
        const items = field.connection
          ? (value as { edges: unknown[] } | null)?.edges
          : (value as unknown[] | null);
        expect(items?.length, `${field.name} on its own account`).toBeGreaterThan(0);
      }
    }
  });

  it('asks every provider in one round, one call per account and list, in parallel', async () => {
    await askEverything(); // warm: tokens and the user are cached
    for (const id of providers) stack.emulator.setLatency(id, LATENCY_MS);
    stack.emulator.calls.reset();
    try {
      const response = await askEverything();
      expect(response.body.errors).toBeUndefined();
    } finally {
      for (const id of providers) stack.emulator.setLatency(id, 0);
    }
    const calls = stack.emulator.calls.all();
    expect(calls.filter((call) => call.service === 'clerk')).toEqual([]);
    const dependent = Object.values(DEPENDENT_ROUNDS).reduce((sum, rounds) => sum + rounds, 0);
    expect(calls).toHaveLength(DATA_FIELDS.length + dependent);
    const first = Math.min(...calls.map((call) => call.at));
    // Every first-round call arrived before any provider could have answered one.
    const firstRound = calls.filter((call) => call.at - first < LATENCY_MS);
    expect(firstRound).toHaveLength(DATA_FIELDS.length);
  });
});
