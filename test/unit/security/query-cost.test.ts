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
import { schema } from '../../../src/schema/index.js';
import { isProviderField, MAX_EXPANDED_SELECTIONS, queryCostOf } from '../../../src/security/query-cost.js';
import { queryCostRule } from '../../../src/security/query-limits.js';

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

  it('counts a provider field on the account list once per assumed account', () => {
    expect(
      costOf('{ me { connectedAccounts { githubRepos(first: 5) { edges { cursor } } } } }').providerCalls,
    ).toBe(5);
    expect(
      costOf('{ me { connectedAccounts { githubRepos(first: 5) { edges { cursor } } } } }', {
        accountsPerList: 3,
      }).providerCalls,
    ).toBe(3);
  });

  it('counts a provider field on one account by id once', () => {
    expect(
      costOf('{ me { connectedAccount(id: "eac_1") { githubRepos(first: 50) { edges { cursor } } } } }')
        .providerCalls,
    ).toBe(1);
  });

  it('counts a second provider page when the field resumes from a cursor, given or in a variable', () => {
    expect(
      costOf('{ me { connectedAccount(id: "eac_1") { githubRepos(after: "c") { edges { cursor } } } } }')
        .providerCalls,
    ).toBe(2);
    expect(
      costOf(
        'query Q($after: String) { me { connectedAccounts { notionUsers(first: 100, after: $after) { edges { cursor } } } } }',
      ).providerCalls,
    ).toBe(10);
    expect(
      costOf('{ me { connectedAccount(id: "eac_1") { githubRepos(after: null) { edges { cursor } } } } }')
        .providerCalls,
    ).toBe(1);
  });

  it('counts every aliased copy of a provider field', () => {
    const query = `{ me { connectedAccounts { ${aliased(15, 'githubRepos(first: 100) { edges { cursor } }')} } } }`;
    expect(costOf(query).providerCalls).toBe(75);
  });

  it('multiplies aliased account lists by the provider fields under each', () => {
    const query = `{ me { ${aliased(3, `connectedAccounts { ${aliased(2, 'notionUsers { edges { cursor } }')} }`)} } }`;
    expect(costOf(query).providerCalls).toBe(30);
  });

  it('counts a field selected in several fragments under one response key once, as execution runs it once', () => {
    const query = `
      { me { connectedAccounts { ...A ...B githubRepos(first: 10) { pageInfo { hasNextPage } } } } }
      fragment A on ConnectedAccount { githubRepos(first: 10) { edges { node { name } } } }
      fragment B on ConnectedAccount { githubRepos(first: 10) { pageInfo { endCursor } } ... on ConnectedAccount { id } }
    `;
    expect(costOf(query).providerCalls).toBe(5);
  });

  it('expands a fragment wherever it is spread', () => {
    const query = `
      { me { a: connectedAccounts { ...Repos } b: connectedAccount(id: "eac_1") { ...Repos } } }
      fragment Repos on ConnectedAccount { githubRepos { edges { cursor } } notionUsers { edges { cursor } } }
    `;
    expect(costOf(query).providerCalls).toBe(12);
  });

  it('terminates on fragment cycles (which validation refuses anyway)', () => {
    const query = `
      { me { ...A } }
      fragment A on User { connectedAccounts { githubRepos { edges { cursor } } } ...B }
      fragment B on User { ...A connectedAccounts { ...C } }
      fragment C on ConnectedAccount { notionUsers { edges { cursor } } ...C }
    `;
    expect(costOf(query).providerCalls).toBe(10);
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

describe('isProviderField', () => {
  it('marks exactly the provider data fields of ConnectedAccount', () => {
    const marked: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (isProviderField(type, field)) marked.push(`${type.name}.${field.name}`);
      }
    }
    expect(marked.sort()).toEqual([
      'ConnectedAccount.githubRepos',
      'ConnectedAccount.notionUsers',
      'ConnectedAccount.profile',
    ]);
    // Every list among them is a connection: the cost's page count assumes `first` and `after`.
    for (const name of marked.filter((field) => !field.endsWith('.profile'))) {
      const field = schema.getType('ConnectedAccount');
      if (!isObjectType(field)) throw new Error('ConnectedAccount is not an object type');
      const definition = field.getFields()[name.split('.')[1] ?? ''];
      expect(definition?.args.map((arg) => arg.name)).toEqual(expect.arrayContaining(['first', 'after']));
      expect(getNamedType(definition?.type)?.name).toMatch(/Connection$/);
    }
  });
});

describe('queryCostRule', () => {
  const limits = { maxQueryCost: 30, costAccountsPerList: 5 };
  const errorsOf = (source: string) =>
    validate(schema, parse(source), [...specifiedRules, queryCostRule(limits)]);

  it('refuses an operation over the limit with BAD_USER_INPUT and a reason, not the limit', () => {
    const errors = errorsOf(
      `{ me { connectedAccounts { ${aliased(7, 'githubRepos(first: 100) { edges { cursor } }')} } } }`,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COMPLEX' });
    expect(errors[0]?.message).not.toMatch(/\d/);
  });

  it('accepts an operation at the limit', () => {
    expect(
      errorsOf(
        `{ me { connectedAccounts { ${aliased(6, 'githubRepos(first: 100) { edges { cursor } }')} } } }`,
      ),
    ).toEqual([]);
  });

  it('costs each operation of a document on its own', () => {
    const six = aliased(6, 'githubRepos { edges { cursor } }');
    expect(
      errorsOf(
        `query A { me { connectedAccounts { ${six} } } } query B { me { connectedAccounts { ${six} } } }`,
      ),
    ).toEqual([]);
  });

  it('accepts the sandbox example query and every query of the README', () => {
    const sandbox = /export const SANDBOX_QUERY = `([\s\S]*?)`;/.exec(
      readFileSync('src/dev.ts', 'utf8'),
    )?.[1];
    const readme = [...readFileSync('README.md', 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map(
      ([, query]) => query ?? '',
    );
    expect(sandbox).toBeDefined();
    expect(readme.length).toBeGreaterThanOrEqual(4);
    for (const query of [sandbox ?? '', ...readme]) {
      expect(errorsOf(query)).toEqual([]);
      expect(costOf(query).providerCalls).toBeLessThanOrEqual(limits.maxQueryCost / 2);
    }
  });
});
