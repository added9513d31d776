/**
 * Documents compiled with graphql-jit answer exactly as Yoga's own executor does: the same data, the
 * same errors (messages, paths, locations, codes) and the same HTTP status, request for request. Two
 * gateways on one emulator, one that never compiles and one that compiles every document, get the same
 * requests: every leaf field of every provider, aliases and fragments, failing providers, lists across
 * accounts with a failing account, bad variables, arguments and cursors, and GraphiQL's introspection.
 */
import {
  type GraphQLField,
  type GraphQLNamedType,
  getIntrospectionQuery,
  getNamedType,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { seedSandbox } from '../../src/emulator/sandbox-seed.js';
import { PROVIDERS } from '../../src/providers/index.js';
import { buildSchema } from '../../src/schema/index.js';
import { type GraphQLResponse, type Stack, startStack } from '../support/stack.js';

const schema = buildSchema(PROVIDERS);
const FROM = '2026-01-01T00:00:00Z';
const TO = '2026-12-31T00:00:00Z';

/**
 * A selection of every leaf below `type`, `depth` object levels deep, with a fragment on each type of an
 * abstract one (its fields aliased by type: types may give one name different types).
 */
function everyLeaf(type: GraphQLNamedType, depth: number, aliasPrefix = ''): string {
  if (isLeafType(type)) return '';
  if (isAbstractType(type)) {
    const fragments = schema
      .getPossibleTypes(type)
      .map((possible) => `... on ${possible.name} ${everyLeaf(possible, depth, `${possible.name}_`)}`);
    return `{ __typename ${fragments.join(' ')} }`;
  }
  if (!isObjectType(type)) return '';
  const fields = Object.values(type.getFields()).flatMap((field) => {
    const selection = fieldSelection(field, depth);
    return selection === null ? [] : [aliasPrefix ? `${aliasPrefix}${field.name}: ${selection}` : selection];
  });
  return `{ __typename ${fields.join(' ')} }`;
}

function fieldSelection(field: GraphQLField<unknown, unknown>, depth: number): string | null {
  const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  if (required.length > 0) return null;
  const named = getNamedType(field.type);
  if (isLeafType(named)) return field.name;
  if (depth === 0) return null;
  const args = [
    ...(field.args.some((arg) => arg.name === 'first') ? ['first: 3'] : []),
    ...(field.args.some((arg) => arg.name === 'from') ? [`from: "${FROM}", to: "${TO}"`] : []),
  ];
  return `${field.name}${args.length ? `(${args.join(', ')})` : ''} ${everyLeaf(named, depth - 1)}`;
}

const accountType = schema.getType('ConnectedAccount');
if (!accountType) throw new Error('no ConnectedAccount type');
const EVERY_LEAF = `query EveryLeaf { me { id connectedAccounts ${everyLeaf(accountType, 5)} } }`;

const MERGED = `query Merged($first: Int) {
  me {
    repositories(first: $first) { edges { cursor node { __typename fullName accountId } } pageInfo { hasNextPage endCursor } }
    files(first: $first) { edges { node { __typename name } } pageInfo { endCursor } }
    calendarEvents(first: $first, from: "${FROM}", to: "${TO}") { edges { node { title startsAt } } }
  }
}`;

const SHAPED = `query Shaped($n: Int = 2) {
  me { ...Who github: connectedAccounts(provider: GITHUB) { ...Repos one: githubRepos(first: 1) { pageInfo { hasNextPage } } } }
}
fragment Who on User { id username primaryEmailAddress }
fragment Repos on ConnectedAccount { id label repos: githubRepos(first: $n) { edges { node { name: fullName } } } }`;

/** A field skipped in one place and selected in another, and a spread under a condition. */
const CONDITIONS = `query Conditions($skip: Boolean!, $with: Boolean!) {
  me {
    id @skip(if: $skip)
    ... on User { id username @include(if: $with) }
    connectedAccounts(provider: GITHUB) { id ...Repos @include(if: $with) ...Label @skip(if: $skip) }
  }
}
fragment Repos on ConnectedAccount { githubRepos(first: 1) { edges { node { fullName } } } label @skip(if: $skip) }
fragment Label on ConnectedAccount { label provider }`;

const REPOS = `query Repos($first: Int, $after: String, $provider: Provider, $withOwner: Boolean!) {
  me {
    connectedAccounts(provider: $provider) {
      id
      githubRepos(first: $first, after: $after) {
        edges { cursor node { fullName owner @include(if: $withOwner) { login } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

interface Request {
  readonly name: string;
  readonly body: Record<string, unknown>;
  readonly signedIn?: boolean;
  /** Whether it runs (has data), rather than being refused before execution. */
  readonly runs: boolean;
  /** Faults on the emulator while both gateways answer. */
  readonly faults?: () => void;
}

describe('compiled documents', () => {
  let emulator: Emulator;
  let interpreted: Stack;
  let compiled: Stack;
  let token: string;
  let githubId: string;
  let notionId: string;
  let googleId: string;

  beforeAll(async () => {
    emulator = await createEmulator();
    const seed = seedSandbox(emulator);
    token = seed.sessionToken;
    githubId = seed.accounts.github.id;
    notionId = seed.accounts.notion.id;
    googleId = seed.accounts.google.id;
    const env = {
      GATEWAY_MAX_TOKENS: '100000',
      GATEWAY_MAX_DEPTH: '100',
      GATEWAY_MAX_ALIASES: '1000',
      GATEWAY_MAX_QUERY_COST: '10000',
      // Introspection on, as in the sandbox: GraphiQL sends its introspection query again and again.
      GATEWAY_GRAPHIQL: 'true',
    };
    interpreted = await startStack({ on: emulator, env, deps: { documentCompilation: 'never' } });
    compiled = await startStack({ on: emulator, env, deps: { documentCompilation: 'always' } });
  });
  afterAll(async () => {
    await interpreted?.close();
    await compiled?.close();
    await emulator?.close();
  });

  const requests: Request[] = [
    { name: 'every leaf field of every provider', runs: true, body: { query: EVERY_LEAF } },
    { name: 'aliases, fragments and a default variable', runs: true, body: { query: SHAPED } },
    { name: 'lists across accounts', runs: true, body: { query: MERGED, variables: { first: 4 } } },
    {
      name: 'every leaf field with failing providers',
      runs: true,
      body: { query: EVERY_LEAF },
      faults: () => {
        emulator.faults.inject({
          service: 'github',
          accountId: githubId,
          status: 500,
          body: { message: 'x' },
        });
        emulator.faults.inject({ service: 'notion', accountId: notionId, malformedJson: true });
        emulator.faults.inject({
          service: 'google',
          accountId: googleId,
          status: 429,
          body: { error: { code: 429, message: 'Rate Limit Exceeded' } },
          headers: { 'retry-after': '30' },
        });
      },
    },
    {
      name: 'lists across accounts with a failing account',
      runs: true,
      body: { query: MERGED, variables: { first: 4 } },
      faults: () => emulator.faults.inject({ service: 'github', accountId: githubId, reset: true }),
    },
    {
      name: 'variables and a skipped field',
      runs: true,
      body: { query: REPOS, variables: { first: 2, provider: 'GITHUB', withOwner: false } },
    },
    ...[
      [true, true],
      [true, false],
      [false, true],
      [false, false],
    ].map(([skip, include]) => ({
      name: `skip and include (skip: ${skip}, include: ${include})`,
      runs: true,
      body: { query: CONDITIONS, variables: { skip, with: include } },
    })),
    {
      name: 'a variable of the wrong type',
      runs: false,
      body: { query: REPOS, variables: { first: 'two', withOwner: true } },
    },
    { name: 'a missing required variable', runs: false, body: { query: REPOS, variables: { first: 2 } } },
    {
      name: 'an unknown enum value',
      runs: false,
      body: { query: REPOS, variables: { provider: 'NOPE', withOwner: true } },
    },
    {
      name: 'first out of range',
      runs: true,
      body: { query: REPOS, variables: { first: 1000, withOwner: true } },
    },
    {
      name: 'a cursor the gateway did not issue',
      runs: true,
      body: { query: REPOS, variables: { after: 'bm90LWEtY3Vyc29y', withOwner: true } },
    },
    {
      name: 'a bad DateTime',
      runs: false,
      body: {
        query:
          'query Events($from: DateTime!) { me { calendarEvents(from: $from, to: "2026-02-01T00:00:00Z") { edges { node { title } } } } }',
        variables: { from: 'yesterday' },
      },
    },
    {
      name: 'an account that is not the user’s',
      runs: true,
      body: { query: '{ me { connectedAccount(id: "eac_nope") { id provider } } }' },
    },
    {
      name: 'an operation name the document lacks',
      runs: false,
      body: { query: 'query A { me { id } }', operationName: 'B' },
    },
    {
      name: 'one of two operations',
      runs: true,
      body: { query: 'query A { me { id } } query B { providers { provider } }', operationName: 'B' },
    },
    {
      name: 'the catalogue, signed out',
      runs: true,
      body: { query: '{ providers { provider displayName fields { name requiredScopes } } }' },
      signedIn: false,
    },
    {
      name: "GraphiQL's introspection query",
      runs: true,
      body: { query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }) },
      signedIn: false,
    },
    { name: 'me, signed out', runs: true, body: { query: '{ me { id } }' }, signedIn: false },
  ];

  for (const request of requests) {
    it(`answers ${request.name} the same`, async () => {
      emulator.faults.clear();
      request.faults?.();
      const options = request.signedIn === false ? {} : { token };
      const expected = await interpreted.post(request.body, options);
      const actual = await compiled.post(request.body, options);
      emulator.faults.clear();
      expect(expected.body.data !== undefined).toBe(request.runs);
      expect(comparable(actual)).toEqual(comparable(expected));
    });
  }

  it('compiles what it ran (the comparison above is not of one executor with itself)', () => {
    expect(compilations(compiled)).toBeGreaterThanOrEqual(8);
    expect(compilations(interpreted)).toBe(0);
  });

  it('by default compiles a document on its second run, once', async () => {
    const stack = await startStack({ on: emulator });
    try {
      const body = { query: SHAPED };
      const runs = [];
      for (let run = 0; run < 3; run += 1) {
        const response = await stack.post(body, { token });
        expect(response.body.errors).toBeUndefined();
        runs.push(compilations(stack));
      }
      expect(runs).toEqual([0, 1, 1]);
    } finally {
      await stack.close();
    }
  });
});

function compilations(stack: Stack): number {
  return stack.logs.filter((line) => line.includes('"msg":"compiled a document"')).length;
}

function comparable(response: GraphQLResponse<unknown>) {
  return { status: response.status, body: response.body };
}
