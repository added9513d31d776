/**
 * The adversarial suite: requests built to cost the gateway or its upstreams as much as possible, sent
 * over real HTTP to a gateway with production settings (no GraphiQL). Each is refused before it runs,
 * with a code of the closed list and a `reason`, without a single Clerk or provider call (the user's
 * record and tokens are warm, so any call would be the request's doing), and the server keeps serving.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { everyFieldScopeOf } from '../../src/emulator/sandbox-seed.js';
import { errorCodes, type GraphQLResponse, providerCalls, type Stack, startStack } from '../support/stack.js';

const aliased = (count: number, field: string) =>
  Array.from({ length: count }, (_, n) => `f${n}: ${field}`).join(' ');
const REPOS = 'githubRepos(first: 100) { edges { node { fullName } } }';
const NORMAL_QUERY =
  '{ me { id connectedAccounts { id githubRepos(first: 5) { edges { node { fullName } } } notionUsers(first: 5) { edges { node { name } } } } } }';

describe('hostile clients against production settings', () => {
  let stack: Stack;
  let token: string;
  let github: { id: string }[];

  beforeAll(async () => {
    // The user's record stays cached for the whole suite, however slow the machine.
    stack = await startStack({ env: { GATEWAY_USER_CACHE_TTL_MS: '3600000' } });
    const { clerk } = stack.emulator;
    const user = clerk.createUser({ username: 'mallory' });
    github = [
      clerk.connectAccount(user.id, { provider: 'github', username: 'mallory-one' }),
      clerk.connectAccount(user.id, { provider: 'github', username: 'mallory-two' }),
    ];
    for (const account of github) stack.emulator.github.setRepos(account.id, { count: 130 });
    clerk.connectAccount(user.id, { provider: 'notion' });
    token = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
    // Warm: the user's record and every token are cached from here on.
    const warm = await stack.post({ query: NORMAL_QUERY }, { token });
    expect(warm.body.errors).toBeUndefined();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.calls.reset());

  /** Refused with BAD_USER_INPUT (every error), one of them with `reason`, and no upstream call at all. */
  function expectRefused(response: GraphQLResponse<unknown>, reason: string | null) {
    expect(response.body.data ?? null).toBeNull();
    expect(errorCodes(response).length).toBeGreaterThan(0);
    expect(new Set(errorCodes(response))).toEqual(new Set(['BAD_USER_INPUT']));
    if (reason !== null) {
      expect(response.body.errors?.map((error) => error.extensions?.reason)).toContain(reason);
    }
    expect(stack.emulator.calls.count()).toBe(0);
  }

  /** A raw `fetch` answer read as `stack.post` would give it. */
  async function answerOf(response: Response): Promise<GraphQLResponse<unknown>> {
    return { status: response.status, headers: response.headers, body: (await response.json()) as never };
  }

  const bombs: [string, unknown, string | null][] = [
    [
      'an alias bomb (16 aliases of one field)',
      { query: `{ me { ${aliased(16, 'username')} } }` },
      'TOO_MANY_ALIASES',
    ],
    [
      'an alias bomb of account lists',
      { query: `{ me { ${aliased(40, 'connectedAccounts { id }')} } }` },
      'TOO_MANY_ALIASES',
    ],
    [
      'a cost bomb: 15 aliased githubRepos(first: 100) on connectedAccounts',
      { query: `{ me { connectedAccounts { ${aliased(15, REPOS)} } } }` },
      'QUERY_TOO_COMPLEX',
    ],
    [
      'a cost bomb with `first` in a variable',
      {
        query: `query Q($n: Int) { me { connectedAccounts { ${aliased(11, 'githubRepos(first: $n) { edges { cursor } }')} } } }`,
        variables: { n: 100 },
      },
      'QUERY_TOO_COMPLEX',
    ],
    [
      'a cost bomb through fragments, few aliases each',
      {
        query: `{ me { ...Lists } }
          fragment Lists on User { ${aliased(4, 'connectedAccounts { ...Fields }')} }
          fragment Fields on ConnectedAccount { ${aliased(4, REPOS)} }`,
      },
      'QUERY_TOO_COMPLEX',
    ],
    ['a token bomb', { query: `{ me { ${'id '.repeat(2_000)} } }` }, 'TOO_MANY_TOKENS'],
    [
      'a directive bomb',
      { query: `{ me { ${'id @include(if: true) '.repeat(30)} } }` },
      'TOO_MANY_DIRECTIVES',
    ],
    [
      'a fragment cycle',
      {
        query: `{ me { ...A } }
          fragment A on User { connectedAccounts { ${REPOS} } ...B }
          fragment B on User { ...A }`,
      },
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'deep introspection',
      {
        query: `{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }`,
      },
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'introspection of one type',
      { query: '{ __type(name: "User") { fields { name } } }' },
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'a batch of 100 operations',
      Array.from({ length: 100 }, () => ({ query: NORMAL_QUERY })),
      'BAD_REQUEST',
    ],
    ['a body that is not JSON', '{"query": "{ me { id } }", "variables": {', 'BAD_REQUEST'],
    ['a body that is not a GraphQL request', '"{ me { id } }"', 'BAD_REQUEST'],
    ['JSON nested 40,000 deep', `${'['.repeat(40_000)}${']'.repeat(40_000)}`, 'BAD_REQUEST'],
    ['a query that is not a string', { query: { me: 'id' } }, 'BAD_REQUEST'],
  ];

  for (const [what, body, reason] of bombs) {
    it(`refuses ${what} before it runs`, async () => {
      expectRefused(await stack.post(body, { token }), reason);
    });
  }

  it('never tells the client the value of the limit it hit', async () => {
    const responses = await Promise.all(
      [
        `{ me { ${aliased(16, 'username')} } }`,
        `{ me { connectedAccounts { ${aliased(15, REPOS)} } } }`,
        `{ me { ${'id '.repeat(2_000)} } }`,
        `{ me { ${'id @include(if: true) '.repeat(30)} } }`,
      ].map((query) => stack.post({ query }, { token })),
    );
    for (const response of responses) {
      for (const error of response.body.errors ?? []) expect(error.message).not.toMatch(/\d/);
    }
  });

  it('answers a refused operation with HTTP 400 to a client that accepts application/graphql-response+json', async () => {
    const response = await stack.post(
      { query: `{ me { connectedAccounts { ${aliased(15, REPOS)} } } }` },
      { token, headers: { accept: 'application/graphql-response+json' } },
    );
    expect(response.status).toBe(400);
    expectRefused(response, 'QUERY_TOO_COMPLEX');
  });

  it('refuses a body over the size limit with HTTP 413 before reading it', async () => {
    const response = await stack.post({ query: NORMAL_QUERY, padding: 'x'.repeat(1_000_000) }, { token });
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expectRefused(response, 'REQUEST_ENTITY_TOO_LARGE');
  });

  it('refuses a chunked body (no Content-Length) as soon as it passes the size limit', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16_384));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"query":"{ me { id } }","padding":"'));
        // 64 MiB if the server read it all; it stops long before.
        if (sent++ < 4_096) controller.enqueue(chunk);
        else {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
        }
      },
    });
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(4_096);
    expectRefused(await answerOf(response), 'REQUEST_ENTITY_TOO_LARGE');
  });

  it('counts the body given to the fetch handler, whatever its Content-Length says', async () => {
    // Through `gateway.fetch` no HTTP parser holds the body to its declared length: it is counted.
    const response = await stack.gateway.fetch(
      new Request('http://gateway/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': '40',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ query: NORMAL_QUERY, padding: 'x'.repeat(1_000_000) }),
      }),
    );
    expect(response.status).toBe(413);
    expectRefused(await answerOf(response), 'REQUEST_ENTITY_TOO_LARGE');
  });

  it('refuses a Content-Length that is not one number with HTTP 400', async () => {
    const response = await stack.gateway.fetch(
      new Request('http://gateway/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': '40, 40',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ query: NORMAL_QUERY }),
      }),
    );
    expect(response.status).toBe(400);
    expectRefused(await answerOf(response), 'BAD_REQUEST');
  });

  it('refuses `first` of a million, literal or in a variable, with no upstream call', async () => {
    const literal = await stack.post(
      { query: '{ me { connectedAccounts { githubRepos(first: 1000000) { edges { cursor } } } } }' },
      { token },
    );
    const variable = await stack.post(
      {
        query:
          'query Q($n: Int) { me { connectedAccounts { notionUsers(first: $n) { edges { cursor } } } } }',
        variables: { n: 1_000_000 },
      },
      { token },
    );
    for (const response of [literal, variable]) {
      expect(errorCodes(response).length).toBeGreaterThan(0);
      expect(new Set(errorCodes(response))).toEqual(new Set(['BAD_USER_INPUT']));
    }
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('refuses an `Int` beyond 32 bits as `first`', async () => {
    expectRefused(
      await stack.post(
        { query: '{ me { connectedAccounts { githubRepos(first: 99999999999) { edges { cursor } } } } }' },
        { token },
      ),
      'GRAPHQL_VALIDATION_FAILED',
    );
  });

  const injectedCursors = [
    '../../../user/repos?per_page=100&visibility=all',
    'eyJwIjoyLCJvIjowfQ.AAAAAAAAAAAAAAAAAAAAAAAA',
    'eyJwIjoiLi4vLi4vYWRtaW4iLCJvIjowfQ.x',
    'x\r\nAuthorization: Bearer stolen',
    '%0d%0aHost: evil.example',
    'https://evil.example/steal',
    'a'.repeat(20_000),
    '',
  ];

  for (const cursor of injectedCursors) {
    it(`refuses the injected cursor ${JSON.stringify(cursor.slice(0, 40))} with no provider call`, async () => {
      const account = github[0]?.id ?? '';
      const response = await stack.post(
        {
          query:
            'query Q($account: ID!, $after: String) { me { connectedAccount(id: $account) { githubRepos(after: $after) { edges { cursor } } notionUsers(after: $after) { edges { cursor } } } } }',
          variables: { account, after: cursor },
        },
        { token },
      );
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(providerCalls(stack.emulator)).toBe(0);
      expect(stack.emulator.calls.count()).toBe(0);
    });
  }

  it("refuses one account's cursor on another account of the same user", async () => {
    const [first, second] = github.map((account) => account.id);
    const page = (account: string | undefined, after: string | null) =>
      stack.post(
        {
          query:
            'query Q($account: ID!, $after: String) { me { connectedAccount(id: $account) { githubRepos(first: 2, after: $after) { pageInfo { endCursor } } } } }',
          variables: { account, after },
        },
        { token },
      );
    const answer = (await page(first, null)).body as {
      data: { me: { connectedAccount: { githubRepos: { pageInfo: { endCursor: string } } } } };
    };
    stack.emulator.calls.reset();

    const response = await page(second, answer.data.me.connectedAccount.githubRepos.pageInfo.endCursor);

    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('answers an account id that is not one of the user’s with null and no provider call', async () => {
    for (const id of [
      '../../users/user_other',
      'eac_x/../../v1/users',
      `${github[0]?.id}%2F..`,
      'eac_x\r\nX: 1',
    ]) {
      const response = await stack.post(
        {
          query:
            'query Q($id: ID!) { me { connectedAccount(id: $id) { githubRepos { edges { cursor } } } } }',
          variables: { id },
        },
        { token },
      );
      expect(response.body).toEqual({ data: { me: { connectedAccount: null } } });
    }
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('hides field suggestions, which would spell out the schema', async () => {
    const responses = await Promise.all(
      [
        { query: '{ me { usernam } }' },
        { query: '{ me { connectedAccounts(provider: GITHB) { id } } }' },
        { query: '{ me { connectedAccounts { githubRepos(frist: 1) { edges { cursor } } } } }' },
        {
          query: 'query Q($p: Provider) { me { connectedAccounts(provider: $p) { id } } }',
          variables: { p: 'GITHB' },
        },
      ].map((body) => stack.post(body, { token })),
    );
    for (const response of responses) {
      expectRefused(response, null);
      for (const error of response.body.errors ?? []) expect(error.message).not.toMatch(/did you mean/i);
    }
  });

  it('serves no GraphiQL page', async () => {
    const response = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await response.text()).not.toMatch(/graphiql/i);
  });

  it('is healthy afterwards and still answers a normal query', async () => {
    expect((await fetch(`${stack.url}/health`)).status).toBe(200);
    const response = await stack.post({ query: NORMAL_QUERY }, { token });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const me = response.body.data as { me: { connectedAccounts: unknown[] } };
    expect(me.me.connectedAccounts).toHaveLength(3);
  });
});

describe('real queries within the limits', () => {
  let stack: Stack;
  let token: string;
  let githubAccount: string;

  beforeAll(async () => {
    stack = await startStack();
    const { clerk } = stack.emulator;
    const user = clerk.createUser({ username: 'ada' });
    const accounts = [
      clerk.connectAccount(user.id, { provider: 'github', username: 'ada-lovelace' }),
      clerk.connectAccount(user.id, { provider: 'github', username: 'ada-work', label: 'Work' }),
    ];
    for (const account of accounts) stack.emulator.github.setRepos(account.id, { count: 137 });
    clerk.connectAccount(user.id, { provider: 'notion' });
    // The README's calendar and file examples: these providers with the scopes of every field.
    for (const provider of ['google', 'microsoft', 'dropbox', 'box']) {
      clerk.connectAccount(user.id, { provider, scopes: everyFieldScopeOf(provider) });
    }
    githubAccount = accounts[0]?.id ?? '';
    token = clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
  });
  afterAll(() => stack.close());

  it('answers every example query of the README', async () => {
    const examples = [...readFileSync('README.md', 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map(
      ([, query]) => query ?? '',
    );
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const query of examples) {
      const response = await stack.post({ query, variables: { account: githubAccount } }, { token });
      expect(response.body.errors).toBeUndefined();
    }
  });

  it('answers the query of the user-isolation test: all repositories and users of every account', async () => {
    const response = await stack.post(
      {
        query:
          '{ me { connectedAccounts { githubRepos(first: 100) { edges { node { fullName } } } notionUsers(first: 100) { edges { node { email } } } } } }',
      },
      { token },
    );
    expect(response.body.errors).toBeUndefined();
  });
});
