/**
 * Every limit follows its setting: a gateway with tight limits refuses what the defaults allow, and
 * accepts what sits exactly at each limit. Also the developer tools: with `GATEWAY_GRAPHIQL=true`,
 * GraphiQL's introspection and field suggestions work, and the limits still apply.
 */
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, type GraphQLResponse, type Stack, startStack } from '../support/stack.js';

const aliased = (count: number, field: string) =>
  Array.from({ length: count }, (_, n) => `f${n}: ${field}`).join(' ');

describe('limits set through the environment', () => {
  let stack: Stack;
  let token: string;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        GATEWAY_MAX_DEPTH: '5',
        GATEWAY_MAX_ALIASES: '2',
        GATEWAY_MAX_TOKENS: '200',
        GATEWAY_MAX_DIRECTIVES: '1',
        // Two accounts of one list each: the walker may read two provider pages of 100 for each (4).
        GATEWAY_MAX_QUERY_COST: '6',
        GATEWAY_COST_ACCOUNTS_PER_LIST: '2',
        GATEWAY_MAX_BODY_BYTES: '2048',
      },
    });
    const user = stack.emulator.clerk.createUser();
    stack.emulator.clerk.connectAccount(user.id, { provider: 'github' });
    token = stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
  });
  afterAll(() => stack.close());

  const reasonOf = (response: GraphQLResponse<unknown>) => {
    expect(new Set(errorCodes(response))).toEqual(new Set(['BAD_USER_INPUT']));
    return response.body.errors?.[0]?.extensions?.reason;
  };
  const accepted = async (query: string) => {
    const response = await stack.post({ query }, { token });
    expect(response.body.errors).toBeUndefined();
  };
  const refused = async (query: string, reason: string) => {
    stack.emulator.calls.reset();
    expect(reasonOf(await stack.post({ query }, { token }))).toBe(reason);
    expect(stack.emulator.calls.count()).toBe(0);
  };

  it('follows GATEWAY_MAX_DEPTH, fragments not adding depth', async () => {
    await accepted('{ me { connectedAccounts { githubRepos { edges { cursor } } } } }');
    await accepted(
      '{ me { ...A } } fragment A on User { connectedAccounts { ...B } } fragment B on ConnectedAccount { githubRepos { edges { cursor } } }',
    );
    await refused(
      '{ me { connectedAccounts { githubRepos { edges { node { name } } } } } }',
      'QUERY_TOO_DEEP',
    );
  });

  it('counts the depth of an operation or fragment named __schema (GHSA-hmfr-rx46-4jx2)', async () => {
    await refused(
      'query __schema { me { connectedAccounts { githubRepos { edges { node { name } } } } } }',
      'QUERY_TOO_DEEP',
    );
    await refused(
      '{ me { ...__schema } } fragment __schema on User { connectedAccounts { githubRepos { edges { node { name } } } } }',
      'QUERY_TOO_DEEP',
    );
  });

  it('follows GATEWAY_MAX_ALIASES', async () => {
    await accepted(`{ me { ${aliased(2, 'id')} } }`);
    await refused(`{ me { ${aliased(3, 'id')} } }`, 'TOO_MANY_ALIASES');
  });

  it('follows GATEWAY_MAX_TOKENS', async () => {
    await accepted(`{ me { ${'id '.repeat(190)} } }`);
    await refused(`{ me { ${'id '.repeat(200)} } }`, 'TOO_MANY_TOKENS');
  });

  it('follows GATEWAY_MAX_DIRECTIVES', async () => {
    await accepted('{ me { id @include(if: true) } }');
    await refused('{ me { id @include(if: true) username @skip(if: false) } }', 'TOO_MANY_DIRECTIVES');
  });

  it('follows GATEWAY_MAX_QUERY_COST and GATEWAY_COST_ACCOUNTS_PER_LIST', async () => {
    // An account is of one provider: its GitHub and Notion lists never both call.
    await accepted(
      '{ me { connectedAccounts { f0: githubRepos { edges { cursor } } notionUsers { edges { cursor } } } } }',
    );
    await refused(
      '{ me { connectedAccounts { githubRepos { edges { cursor } } f1: githubRepos(after: "x") { edges { cursor } } } } }',
      'QUERY_TOO_COMPLEX',
    );
  });

  it('follows GATEWAY_MAX_BODY_BYTES for a POST body (413)', async () => {
    const response = await stack.post({ query: '{ me { id } }', padding: 'x'.repeat(2_048) }, { token });
    expect(response.status).toBe(413);
    expect(reasonOf(response)).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('follows GATEWAY_MAX_BODY_BYTES for the query string of a GET (414)', async () => {
    const get = (padding: number) =>
      fetch(
        `${stack.url}/graphql?query=${encodeURIComponent('{ me { id } }')}&padding=${'x'.repeat(padding)}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
    expect((await get(10)).status).toBe(200);
    const response = await get(3_000);
    expect(response.status).toBe(414);
    const body = (await response.json()) as GraphQLResponse<unknown>['body'];
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'URI_TOO_LONG' });
  });
});

describe('developer tools (GATEWAY_GRAPHIQL=true)', () => {
  let stack: Stack;
  let token: string;

  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_GRAPHIQL: 'true' } });
    const user = stack.emulator.clerk.createUser();
    token = stack.emulator.clerk.signSessionToken(user.id, { expiresInSeconds: 3600 });
  });
  afterAll(() => stack.close());

  it('serves GraphiQL', async () => {
    const response = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/graphiql/i);
  });

  it("answers GraphiQL's introspection query within every limit", async () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    const response = await stack.post({ query }, { token });
    expect(response.body.errors).toBeUndefined();
    expect(JSON.stringify(response.body.data)).toContain('githubRepos');
  });

  it('refuses introspection nested past graphql-js’s introspection depth', async () => {
    const response = await stack.post(
      {
        query:
          '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }',
      },
      { token },
    );
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });

  it('suggests field names', async () => {
    const response = await stack.post({ query: '{ me { usernam } }' }, { token });
    expect(response.body.errors?.[0]?.message).toMatch(/Did you mean "username"\?/);
  });

  it('still applies the limits', async () => {
    const response = await stack.post({ query: `{ me { ${aliased(16, 'id')} } }` }, { token });
    expect(response.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'TOO_MANY_ALIASES',
    });
  });
});
