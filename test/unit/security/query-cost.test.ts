import { readFileSync } from 'node:fs';
import {
  type FragmentDefinitionNode,
  getNamedType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../../src/providers/index.js';
import { SANDBOX_QUERY } from '../../../src/sandbox-query.js';
import { buildSchema } from '../../../src/schema/index.js';
import { providerCallsOf } from '../../../src/schema/provider-calls.js';
import { pageBoundOf } from '../../../src/schema/provider-connection.js';
import { MAX_EXPANDED_SELECTIONS, queryCostOf } from '../../../src/security/query-cost.js';
import { queryCostRule } from '../../../src/security/query-limits.js';

const schema = buildSchema(PROVIDERS);
/** The calls of `githubRepos` or `notionUsers` on one account: the page walker's bound for pages of 100. */
const PAGES = pageBoundOf(100);
/** The most calls any provider's profile reader declares. */
const PROFILE_CALLS = Math.max(...PROVIDERS.map((provider) => provider.profile?.calls ?? 0));

const DEFAULTS = { accountsPerList: 5 };

function costOf(source: string, options = DEFAULTS) {
  const document = parse(source);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) throw new Error('no operation');
  const fragments = Object.fromEntries(
    document.definitions
      .filter(
        (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return queryCostOf(schema, operation, fragments, options);
}

const aliased = (count: number, field: string) =>
  Array.from({ length: count }, (_, n) => `f${n}: ${field}`).join('\n');

describe('queryCostOf', () => {
  it('costs nothing for a query that reads Clerk data only', () => {
    expect(
      costOf('{ me { id username connectedAccounts { id provider approvedScopes } } }').providerCalls,
    ).toBe(0);
  });

  it("counts a list on the account list as the walker's page bound, once per assumed account", () => {
    expect(
      costOf('{ me { connectedAccounts { githubRepos(first: 5) { edges { cursor } } } } }').providerCalls,
    ).toBe(5 * PAGES);
    expect(
      costOf('{ me { connectedAccounts { githubRepos(first: 5) { edges { cursor } } } } }', {
        accountsPerList: 3,
      }).providerCalls,
    ).toBe(3 * PAGES);
  });

  it('counts a list on one account by id once, from the start or from a cursor alike', () => {
    for (const args of ['first: 50', 'after: "c"', 'after: null']) {
      expect(
        costOf(`{ me { connectedAccount(id: "eac_1") { githubRepos(${args}) { edges { cursor } } } } }`)
          .providerCalls,
      ).toBe(PAGES);
    }
  });

  it("counts the profile as the most calls any provider's reader declares", () => {
    expect(PROFILE_CALLS).toBe(2);
    expect(costOf('{ me { connectedAccounts { profile { id } } } }').providerCalls).toBe(5 * PROFILE_CALLS);
  });

  it("counts an account's fields for the provider that costs most: an account has one provider", () => {
    const query =
      '{ me { connectedAccounts { profile { id } githubRepos { edges { cursor } } notionUsers { edges { cursor } } } } }';
    // GitHub's profile is one call: a GitHub account costs its repositories and one, a Bitbucket
    // account only its two-call profile.
    expect(costOf(query).providerCalls).toBe(5 * (PAGES + 1));
  });

  it('narrows the accounts to the provider a connectedAccounts filter names', () => {
    expect(
      costOf(
        '{ me { connectedAccounts(provider: NOTION) { profile { id } githubRepos { edges { cursor } } } } }',
      ).providerCalls,
    ).toBe(5 * 1);
    expect(
      costOf('query Q($p: Provider) { me { connectedAccounts(provider: $p) { profile { id } } } }')
        .providerCalls,
    ).toBe(5 * PROFILE_CALLS);
  });

  it('counts every aliased copy of a provider field', () => {
    const query = `{ me { connectedAccounts { ${aliased(15, 'githubRepos(first: 100) { edges { cursor } }')} } } }`;
    expect(costOf(query).providerCalls).toBe(5 * 15 * PAGES);
  });

  it('multiplies aliased account lists by the provider fields under each', () => {
    const query = `{ me { ${aliased(3, `connectedAccounts { ${aliased(2, 'notionUsers { edges { cursor } }')} }`)} } }`;
    expect(costOf(query).providerCalls).toBe(3 * 5 * 2 * PAGES);
  });

  it('counts a field selected in several fragments under one response key once, as execution runs it once', () => {
    const query = `
      { me { connectedAccounts { ...A ...B githubRepos(first: 10) { pageInfo { hasNextPage } } } } }
      fragment A on ConnectedAccount { githubRepos(first: 10) { edges { node { name } } } }
      fragment B on ConnectedAccount { githubRepos(first: 10) { pageInfo { endCursor } } ... on ConnectedAccount { id } }
    `;
    expect(costOf(query).providerCalls).toBe(5 * PAGES);
  });

  it('expands a fragment wherever it is spread', () => {
    const query = `
      { me { a: connectedAccounts { ...Repos } b: connectedAccount(id: "eac_1") { ...Repos } } }
      fragment Repos on ConnectedAccount { githubRepos { edges { cursor } } notionUsers { edges { cursor } } }
    `;
    expect(costOf(query).providerCalls).toBe(5 * PAGES + PAGES);
  });

  it('terminates on fragment cycles (which validation refuses anyway)', () => {
    const query = `
      { me { ...A } }
      fragment A on User { connectedAccounts { githubRepos { edges { cursor } } } ...B }
      fragment B on User { ...A connectedAccounts { ...C } }
      fragment C on ConnectedAccount { notionUsers { edges { cursor } } ...C }
    `;
    expect(costOf(query).providerCalls).toBe(5 * PAGES);
  });

  it('gives up on documents that expand past its budget, costing them as infinite', () => {
    const wide = `{ me { ${aliased(200, `connectedAccounts { ${aliased(60, 'id')} }`)} } }`;
    const cost = costOf(wide);
    expect(cost.expandedSelections).toBeGreaterThan(MAX_EXPANDED_SELECTIONS);
    expect(cost.expandedSelections).toBeLessThan(MAX_EXPANDED_SELECTIONS + 100);
    expect(cost.providerCalls).toBe(Number.POSITIVE_INFINITY);
  });

  it('ignores fields the schema does not have (validation reports them)', () => {
    expect(
      costOf('{ me { nothing { githubRepos { edges { cursor } } } connectedAccounts { nope } } }'),
    ).toEqual({
      providerCalls: 0,
      expandedSelections: 4,
    });
  });
});

const SHARED_LISTS = ['repositories', 'files', 'calendarEvents'];

describe('the cost of a list across accounts', () => {
  const WINDOW = 'from: "2026-12-07T00:00:00Z", to: "2026-12-14T00:00:00Z"';

  it('counts a full account list of the costliest provider it reads', () => {
    // Bitbucket: its workspaces, then a page of each of at most 5.
    expect(costOf('{ me { repositories { edges { cursor } } } }').providerCalls).toBe(5 * 6);
    // Box, read whole: 2,000 items over pages of 1,000, and one more for a short page.
    expect(costOf('{ me { files { edges { cursor } } } }').providerCalls).toBe(5 * 3);
    expect(costOf(`{ me { calendarEvents(${WINDOW}) { edges { cursor } } } }`).providerCalls).toBe(5);
    expect(
      costOf('{ me { repositories { edges { cursor } } } }', { accountsPerList: 10 }).providerCalls,
    ).toBe(10 * 6);
  });

  it('narrows to the provider its filter names', () => {
    expect(costOf('{ me { repositories(provider: GITHUB) { edges { cursor } } } }').providerCalls).toBe(5);
    expect(costOf('{ me { files(provider: DROPBOX) { edges { cursor } } } }').providerCalls).toBe(5 * 2);
    expect(costOf('{ me { repositories(provider: NOTION) { edges { cursor } } } }').providerCalls).toBe(0);
  });

  it('counts the per-account lists per account, filling a page from a second provider page', () => {
    expect(costOf('{ me { connectedAccounts { repositories { edges { cursor } } } } }').providerCalls).toBe(
      5 * (1 + 5 * 2),
    );
    expect(
      costOf('{ me { connectedAccounts(provider: GITLAB) { repositories { edges { cursor } } } } }')
        .providerCalls,
    ).toBe(5 * 2);
  });
});

describe('the provider calls each field declares', () => {
  const account = schema.getType('ConnectedAccount');
  if (!isObjectType(account)) throw new Error('ConnectedAccount is not an object type');
  const fields = account.getFields();

  it('are declared by exactly the fields of ConnectedAccount that read a provider', () => {
    const declaring = Object.values(fields)
      .filter((field) => providerCallsOf(field) !== undefined)
      .map((field) => field.name);
    // The fields the providers declare scopes for (`profile` and every provider's own fields), and the
    // shared concepts' lists, which read theirs.
    const declared = new Set([
      ...PROVIDERS.flatMap((provider) => Object.keys(provider.fieldScopes)),
      ...SHARED_LISTS,
    ]);
    expect(declaring.sort()).toEqual([...declared].sort());
    // Every other field of ConnectedAccount is Clerk's data: a scalar or a list of them.
    for (const field of Object.values(fields)) {
      if (!declaring.includes(field.name)) expect(isObjectType(getNamedType(field.type))).toBe(false);
    }
  });

  it("are the page walker's bound for a list, which is a connection", () => {
    for (const name of ['githubRepos', 'notionUsers']) {
      const field = fields[name];
      expect(field && providerCallsOf(field)).toEqual({
        [name.startsWith('github') ? 'github' : 'notion']: PAGES,
      });
      expect(field?.args.map((arg) => arg.name)).toEqual(expect.arrayContaining(['first', 'after']));
      expect(getNamedType(field?.type)?.name).toMatch(/Connection$/);
    }
  });

  it("are each provider's declared profile calls for the profile", () => {
    const profile = fields.profile;
    expect(profile && providerCallsOf(profile)).toEqual(
      Object.fromEntries(PROVIDERS.map((provider) => [provider.id, provider.profile?.calls ?? 0])),
    );
  });
});

describe('queryCostRule', () => {
  const limits = { maxQueryCost: 100, costAccountsPerList: 5 };
  const errorsOf = (source: string) =>
    validate(schema, parse(source), [...specifiedRules, queryCostRule(limits)]);

  it('refuses an operation over the limit with BAD_USER_INPUT and a reason, not the limit', () => {
    const errors = errorsOf(
      `{ me { connectedAccounts { ${aliased(11, 'githubRepos(first: 100) { edges { cursor } }')} } } }`,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX' });
    expect(errors[0]?.message).not.toMatch(/\d/);
  });

  it('accepts an operation at the limit', () => {
    expect(
      errorsOf(
        `{ me { connectedAccounts { ${aliased(4, 'githubRepos(first: 100) { edges { cursor } }')} } } }`,
      ),
    ).toEqual([]);
  });

  it('costs each operation of a document on its own', () => {
    const four = aliased(4, 'githubRepos { edges { cursor } }');
    expect(
      errorsOf(
        `query A { me { connectedAccounts { ${four} } } } query B { me { connectedAccounts { ${four} } } }`,
      ),
    ).toEqual([]);
  });

  it('accepts the sandbox example query and every query of the README', () => {
    const sandbox = SANDBOX_QUERY;
    const readme = [...readFileSync('README.md', 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map(
      ([, query]) => query ?? '',
    );
    expect(readme.length).toBeGreaterThanOrEqual(4);
    for (const query of [sandbox, ...readme]) expect(errorsOf(query)).toEqual([]);
    // Room to add a field or two to the sandbox's query (it shows the lists across accounts, which count
    // a full account list of the costliest provider); the README's are small.
    expect(costOf(sandbox).providerCalls).toBeLessThanOrEqual(limits.maxQueryCost * 0.75);
    for (const query of readme)
      expect(costOf(query).providerCalls).toBeLessThanOrEqual(limits.maxQueryCost / 2);
  });
});
